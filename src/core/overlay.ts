// What an overlay draws over a photo to show its measured deformation: the reference
// photo's marker square carried onto this photo by F as a grid, the principal strain axes
// at the centre marker, and each marker's misfit against the homogeneous deformation.
// Everything in the current photo's image pixels (x right, y down). F maps millimetre
// vectors from the centre marker (docs/science.md, "Deformation gradient"); each photo
// has its own scale, so between the two photos' pixels F is scaled by their ratio.
import { symmetricEigen } from './mat2';
import type { ImageMarks } from './marks';
import { defaultMisfitMagnification, roundDownNicely } from './overlayMagnification';
import type { OffDotMarker } from './overlayOffDot';
import { millimetresPerPixel } from './scale';
import type { ImageStrain, SequenceAnalysis, SequenceRequest } from './sequence';
import type { Mat2, Vec2 } from './types';

const CENTRE = 4;
/** Corners of the marker square in drawing order: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left. */
const CORNERS = [0, 1, 2, 3] as const;

/** The sequence-wide scales of an overlay, the same on every photo so the photos compare. */
export interface OverlayScales {
  /** Millimetres on the specimen that an arrow of strain 1 spans. */
  arrowMmPerStrain: number;
  /** A round strain value the legend names ("0.1 draws as 4 mm"). */
  legendStrain: number;
  /** How many times a misfit vector is drawn longer than it is. */
  misfitMagnification: number;
  /** The magnification chosen for the sequence (overlayMagnification.ts), whichever is drawn. */
  fittedMisfitMagnification: number;
}

export type AxisKind = 'stretch' | 'shortening';

/** One principal axis as drawn: a segment centred on the centre marker, heads at both ends. */
export interface PrincipalAxis {
  /** 'e1' is the larger principal strain, 'e2' the smaller. */
  name: 'e1' | 'e2';
  strain: number;
  /** Stretch heads point outwards, shortening heads inwards. */
  kind: AxisKind;
  /** Unit direction in the current photo. */
  direction: Vec2;
  /** The segment's ends, image pixels; its length is |strain| times the arrow scale. */
  from: Vec2;
  to: Vec2;
}

/** One marker's misfit: where F puts it, and its offset from there magnified. */
export interface MisfitVector {
  marker: number;
  /** Current point minus F applied to its reference position, image pixels, not magnified. */
  residual: Vec2;
  /** Tail at F's prediction (a corner of the grid for markers 0-3). */
  from: Vec2;
  /** Tail plus the magnified residual. */
  to: Vec2;
}

export interface ImageOverlay {
  /** (cells + 1) rows of (cells + 1) grid nodes, row 0 along the reference's top edge. */
  grid: Vec2[][];
  centre: Vec2;
  axes: [PrincipalAxis, PrincipalAxis];
  misfits: MisfitVector[];
  /** Image pixels of this photo per millimetre on the specimen. */
  pixelsPerMm: number;
  scales: OverlayScales;
  /**
   * Markers marked off their located dot (see overlayOffDot.ts): added where the located
   * dots are known, on the page; absent when none is.
   */
  offDot?: readonly OffDotMarker[];
}

function apply(m: Mat2, v: Vec2): Vec2 {
  return [m[0][0] * v[0] + m[0][1] * v[1], m[1][0] * v[0] + m[1][1] * v[1]];
}

function fiducial(marks: ImageMarks, index: number): Vec2 {
  return marks.fiducials[index] as Vec2;
}

/**
 * Where F puts a point of the reference photo on the current photo, both in image pixels:
 * the current centre plus F times the point's millimetre vector from the reference
 * centre, back in the current photo's pixels.
 */
export function mapReferencePoint(
  reference: ImageMarks,
  current: ImageMarks,
  scaleLength: number,
  F: Mat2,
  point: Vec2,
): Vec2 {
  const ratio =
    millimetresPerPixel(reference.scalePoints, scaleLength) /
    millimetresPerPixel(current.scalePoints, scaleLength);
  const r4 = fiducial(reference, CENTRE);
  const c4 = fiducial(current, CENTRE);
  const [dx, dy] = apply(F, [point[0] - r4[0], point[1] - r4[1]]);
  return [c4[0] + ratio * dx, c4[1] + ratio * dy];
}

/**
 * Each fiducial's misfit in millimetres, v_cur,k - F v_ref,k with v the vector from the
 * centre marker: the residuals whose RMS over the corners is the fit residual. The
 * centre's own is zero by construction.
 */
export function markerResiduals(
  reference: ImageMarks,
  current: ImageMarks,
  scaleLength: number,
  F: Mat2,
): Vec2[] {
  const kRef = millimetresPerPixel(reference.scalePoints, scaleLength);
  const kCur = millimetresPerPixel(current.scalePoints, scaleLength);
  const r4 = fiducial(reference, CENTRE);
  const c4 = fiducial(current, CENTRE);
  return current.fiducials.map((point, k): Vec2 => {
    const ref = fiducial(reference, k);
    const [px, py] = apply(F, [(ref[0] - r4[0]) * kRef, (ref[1] - r4[1]) * kRef]);
    return [(point[0] - c4[0]) * kCur - px, (point[1] - c4[1]) * kCur - py];
  });
}

/** Mean distance (mm) from the centre marker to the corners of a photo. */
function markerSpacingMm(marks: ImageMarks, scaleLength: number): number {
  const k = millimetresPerPixel(marks.scalePoints, scaleLength);
  const c = fiducial(marks, CENTRE);
  const sum = CORNERS.reduce((total: number, i) => {
    const p = fiducial(marks, i);
    return total + Math.hypot(p[0] - c[0], p[1] - c[1]);
  }, 0);
  return (sum / CORNERS.length) * k;
}

/** The analysed photos that have a strain, with their marks and their reference's marks. */
export interface OverlaySource {
  reference: ImageMarks;
  current: ImageMarks;
  strain: ImageStrain;
}

/** Length of the largest principal strain's arrow, in centre-to-corner distances. */
const ARROW_REACH = 2;

/** The stated uncertainties of a photo's corner markers, mm; none when its marks state none. */
function cornerUncertaintiesMm(marks: ImageMarks, scaleLength: number): number[] {
  const k = millimetresPerPixel(marks.scalePoints, scaleLength);
  return (marks.fiducialUncertainty ?? []).slice(0, CORNERS.length).map((px) => px * k);
}

/**
 * Scales for a whole sequence: the largest principal strain's arrow at most twice the
 * centre-to-corner distance long (reaching that far on each side of the centre), rounded
 * down to a 1-2-5 value; the misfits magnified by the default of overlayMagnification.ts,
 * chosen from the corners' misfits of every photo not compared with itself.
 */
export function overlayScales(
  sources: readonly OverlaySource[],
  scaleLength: number,
): OverlayScales {
  let spacing = 0;
  let strain = 0;
  const misfits: number[] = [];
  const uncertainties: number[] = [];
  for (const { reference, current, strain: s } of sources) {
    spacing = Math.max(spacing, markerSpacingMm(reference, scaleLength));
    strain = Math.max(strain, Math.abs(s.principal.e1), Math.abs(s.principal.e2));
    // A photo compared with itself misfits by nothing: no sample of the marking's misfit.
    if (reference === current) continue;
    const residuals = markerResiduals(reference, current, scaleLength, s.F);
    for (const [x, y] of residuals.slice(0, CORNERS.length)) misfits.push(Math.hypot(x, y));
    uncertainties.push(...cornerUncertaintiesMm(current, scaleLength));
  }
  if (!(spacing > 0)) spacing = 1;
  const legendStrain = strain > 0 ? roundDownNicely(strain) : 0.1;
  const arrowMmPerStrain = roundDownNicely((ARROW_REACH * spacing) / Math.max(strain, 0.01));
  const misfitMagnification = defaultMisfitMagnification({
    lengths: misfits,
    spacing,
    uncertainties,
  });
  return {
    arrowMmPerStrain,
    legendStrain,
    misfitMagnification,
    fittedMisfitMagnification: misfitMagnification,
  };
}

function lerp(a: Vec2, b: Vec2, t: number): Vec2 {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** The reference square's grid nodes (bilinear between its four corners), rows top to bottom. */
function referenceGrid(reference: ImageMarks, cells: number): Vec2[][] {
  const [tl, tr, br, bl] = CORNERS.map((i) => fiducial(reference, i)) as [Vec2, Vec2, Vec2, Vec2];
  return Array.from({ length: cells + 1 }, (_, row) => {
    const left = lerp(tl, bl, row / cells);
    const right = lerp(tr, br, row / cells);
    return Array.from({ length: cells + 1 }, (_, column) => lerp(left, right, column / cells));
  });
}

/**
 * Directions of the principal stretches as they lie in the current photo: the eigenvectors
 * of F Fᵀ (the reference's principal directions turned by the rigid rotation), so the arrows
 * follow the material on the photo they are drawn on. e1 takes the larger stretch.
 */
function currentPrincipalDirections(F: Mat2): [Vec2, Vec2] {
  const b: Mat2 = [
    [F[0][0] * F[0][0] + F[0][1] * F[0][1], F[0][0] * F[1][0] + F[0][1] * F[1][1]],
    [F[1][0] * F[0][0] + F[1][1] * F[0][1], F[1][0] * F[1][0] + F[1][1] * F[1][1]],
  ];
  const { theta } = symmetricEigen(b);
  return [
    [Math.cos(theta), Math.sin(theta)],
    [-Math.sin(theta), Math.cos(theta)],
  ];
}

function axis(
  name: 'e1' | 'e2',
  strain: number,
  direction: Vec2,
  centre: Vec2,
  pixelsPerStrain: number,
): PrincipalAxis {
  const half = (Math.abs(strain) * pixelsPerStrain) / 2;
  return {
    name,
    strain,
    kind: strain >= 0 ? 'stretch' : 'shortening',
    direction,
    from: [centre[0] - half * direction[0], centre[1] - half * direction[1]],
    to: [centre[0] + half * direction[0], centre[1] + half * direction[1]],
  };
}

/** The overlay of one analysed photo, in its image pixels. */
export function imageOverlay(
  source: OverlaySource,
  scaleLength: number,
  scales: OverlayScales,
  cells = 4,
): ImageOverlay {
  const { reference, current, strain } = source;
  const map = (p: Vec2) => mapReferencePoint(reference, current, scaleLength, strain.F, p);
  const pixelsPerMm = 1 / millimetresPerPixel(current.scalePoints, scaleLength);
  const centre = fiducial(current, CENTRE);
  const [d1, d2] = currentPrincipalDirections(strain.F);
  const pixelsPerStrain = scales.arrowMmPerStrain * pixelsPerMm;
  const residuals = markerResiduals(reference, current, scaleLength, strain.F);
  const misfits = residuals.map(([x, y], marker): MisfitVector => {
    const from = map(fiducial(reference, marker));
    const residual: Vec2 = [x * pixelsPerMm, y * pixelsPerMm];
    const m = scales.misfitMagnification;
    return { marker, residual, from, to: [from[0] + m * residual[0], from[1] + m * residual[1]] };
  });
  return {
    grid: referenceGrid(reference, cells).map((row) => row.map(map)),
    centre,
    axes: [
      axis('e1', strain.principal.e1, d1, centre, pixelsPerStrain),
      axis('e2', strain.principal.e2, d2, centre, pixelsPerStrain),
    ],
    misfits,
    pixelsPerMm,
    scales,
  };
}

/**
 * What each analysed photo's overlay is drawn from, in the analysis's order (null for a
 * photo without a strain): its marks, its reference's marks and its strain.
 */
export function overlaySources(
  request: Pick<SequenceRequest, 'images'>,
  analysis: Pick<SequenceAnalysis, 'images'>,
): (OverlaySource | null)[] {
  return analysis.images.map((outcome, index) => {
    const current = request.images[index];
    const reference = outcome.ok ? request.images[outcome.strain.referenceIndex] : undefined;
    if (!outcome.ok || !current || !reference) return null;
    return { reference, current, strain: outcome.strain };
  });
}

/** Every analysed photo's overlay at the sequence's scales, in the analysis's order. */
export interface SequenceOverlays {
  scales: OverlayScales;
  /** Null for a photo without a strain. */
  overlays: (ImageOverlay | null)[];
}

export function sequenceOverlays(
  request: Pick<SequenceRequest, 'images' | 'scaleLength'>,
  analysis: Pick<SequenceAnalysis, 'images'>,
  /** A misfit magnification the user chose, instead of the one fitted to the sequence. */
  misfitMagnification?: number,
): SequenceOverlays {
  const sources = overlaySources(request, analysis);
  const fitted = overlayScales(
    sources.filter((source): source is OverlaySource => source !== null),
    request.scaleLength,
  );
  const scales =
    misfitMagnification !== undefined && misfitMagnification > 0
      ? { ...fitted, misfitMagnification }
      : fitted;
  return {
    scales,
    overlays: sources.map((source) =>
      source ? imageOverlay(source, request.scaleLength, scales) : null,
    ),
  };
}
