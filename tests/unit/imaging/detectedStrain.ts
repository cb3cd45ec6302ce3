// Strain measured from detected markers against the strain of the true marker centres, on a
// rendered pattern before and after a known homogeneous deformation: shared by the strain
// tests (detect.test.ts) and the benchmark's strain figure (scripts/bench/imagingFigures.ts).
import { deformationGradient, findFiducials, strainTensor } from '../../../src/core';
import type { Mat2, Vec2 } from '../../../src/core';
import { multiply, patternScene, rotationF } from './scenes';

/** Stretch and squash, a little shear, and a turn with both. */
export const STRAIN_DEFORMATIONS: Mat2[] = [
  [
    [1.05, 0],
    [0, 0.96],
  ],
  [
    [1.02, 0.015],
    [0.01, 0.985],
  ],
  multiply(rotationF(8), [
    [1.08, 0],
    [0.02, 0.93],
  ]),
];

/**
 * |measured - true| of the four small-strain components, the pattern centred at `before`
 * in the reference render and at `after` (deformed by F) in the current one.
 */
export function detectedStrainErrors(
  F: Mat2,
  before: Vec2,
  after: Vec2,
  seeds: [number, number],
): number[] {
  const spec = { width: 1000, height: 800, half: 150, dot: 22, blur: 1, noise: 3 };
  const reference = patternScene({ ...spec, centre: before, seed: seeds[0] });
  const current = patternScene({ ...spec, centre: after, F, seed: seeds[1] });
  const a = findFiducials(reference.image);
  const b = findFiducials(current.image);
  if (!a.ok || !b.ok) throw new Error('the rendered pattern was not detected');
  const measured = strainTensor(deformationGradient(a.points, b.points), 'small');
  const truth = strainTensor(deformationGradient(reference.truth, current.truth), 'small');
  return [0, 1].flatMap((i) => [0, 1].map((j) => Math.abs(measured[i]![j]! - truth[i]![j]!)));
}
