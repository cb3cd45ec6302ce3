// The strain path of a sequence as forming practice plots it: the major principal strain
// against the minor one, photo by photo, with the straight paths of the classic loadings
// through the origin to read it against.
import { principalStrains } from './principal';
import type { SequenceAnalysis } from './sequence';
import { strainTensor } from './strain';
import type { StrainMeasure } from './types';

export interface StrainPathPoint {
  /** The photo's place in the analysis. */
  index: number;
  name: string;
  pressTravel: number | null;
  /** Major principal strain e1 in the chosen measure. */
  major: number;
  /** Minor principal strain e2 in the chosen measure. */
  minor: number;
  /** von Mises equivalent strain (Hencky, volume kept), whatever the measure. */
  equivalent: number;
}

/**
 * One point per photo with a strain, in sequence order, in `measure` (computed again
 * from each photo's F, so the path may be shown in another measure than the table).
 */
export function strainPath(
  analysis: Pick<SequenceAnalysis, 'images'>,
  measure: StrainMeasure,
): StrainPathPoint[] {
  return analysis.images.flatMap((image, index) => {
    if (!image.ok) return [];
    const { e1, e2 } = principalStrains(strainTensor(image.strain.F, measure));
    return [
      {
        index,
        name: image.name,
        pressTravel: image.pressTravel,
        major: e1,
        minor: e2,
        equivalent: image.strain.equivalentStrain,
      },
    ];
  });
}

/** A straight strain path through the origin: minor = ratio × major, major ≥ 0. */
export interface ReferencePath {
  id: 'uniaxial-tension' | 'plane-strain' | 'equibiaxial' | 'pure-shear' | 'uniaxial-compression';
  label: string;
  ratio: number;
}

/**
 * The classic loadings of a material that keeps its volume (Hencky strains): the minor
 * strain as a multiple of the major one.
 */
export const REFERENCE_PATHS: readonly ReferencePath[] = [
  { id: 'uniaxial-tension', label: 'Uniaxial tension (minor = −major/2)', ratio: -0.5 },
  { id: 'plane-strain', label: 'Plane strain (minor = 0)', ratio: 0 },
  { id: 'equibiaxial', label: 'Equibiaxial (minor = major)', ratio: 1 },
  { id: 'pure-shear', label: 'Pure shear (minor = −major)', ratio: -1 },
  { id: 'uniaxial-compression', label: 'Uniaxial compression (minor = −2 major)', ratio: -2 },
];

/**
 * Each reference path as a segment from the origin, long enough to span the plotted
 * points (a major strain of 0.05 when every point is at the origin).
 */
export function referenceSegments(
  points: readonly Pick<StrainPathPoint, 'major' | 'minor'>[],
): { path: ReferencePath; end: { minor: number; major: number } }[] {
  let reach = 0;
  for (const { major, minor } of points) reach = Math.max(reach, Math.abs(major), Math.abs(minor));
  const major = reach > 0 ? reach : 0.05;
  return REFERENCE_PATHS.map((path) => {
    // Keep the steep paths inside the points' range of minor strains too.
    const scale = Math.abs(path.ratio) > 1 ? 1 / Math.abs(path.ratio) : 1;
    return { path, end: { major: major * scale, minor: major * scale * path.ratio } };
  });
}
