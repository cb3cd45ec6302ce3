// The homogeneous deformation that best maps the reference markers onto the
// current ones: least squares over the centre-to-corner vectors
// (docs/science.md, "Deformation gradient").
import { DegenerateMarkersError, InvalidInputError } from './errors';
import { det, mat2, symmetricEigen } from './mat2';
import type { Mat2, Vec2 } from './types';
import { assertFinitePoints } from './validate';

/** F with the RMS (mm) of what it leaves unexplained, to spot a mis-clicked marker. */
export interface DeformationFit {
  F: Mat2;
  /** sqrt(mean_k |v_cur_k - F v_ref_k|^2), in the units of the input (mm after normalisation). */
  residualRms: number;
}

/**
 * Below this ratio of the smallest to the largest singular value the markers
 * are treated as collinear: F would then be decided by rounding noise.
 */
const COLLINEAR_SINGULAR_RATIO = 1e-6;
/** Two markers closer than this fraction of the marker spread are the same point. */
const COINCIDENT_FRACTION = 1e-9;

type Configuration = 'reference' | 'current';

function vectorsFromCentre(points: readonly Vec2[], centerIndex: number): Vec2[] {
  const centre = points[centerIndex] as Vec2;
  return points
    .filter((_, i) => i !== centerIndex)
    .map((p): Vec2 => [p[0] - centre[0], p[1] - centre[1]]);
}

function squaredDistance(p: Vec2, q: Vec2): number {
  const dx = p[0] - q[0];
  const dy = p[1] - q[1];
  return dx * dx + dy * dy;
}

function assertDistinct(points: readonly Vec2[], which: Configuration): void {
  let spread = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      spread = Math.max(spread, squaredDistance(points[i] as Vec2, points[j] as Vec2));
    }
  }
  const limit = COINCIDENT_FRACTION ** 2 * spread;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (spread === 0 || squaredDistance(points[i] as Vec2, points[j] as Vec2) <= limit) {
        throw new DegenerateMarkersError(
          `Fiducials ${i} and ${j} of the ${which} image are at the same place; move each fiducial onto its own dot.`,
          which,
        );
      }
    }
  }
}

/** Gram matrix sum_k v_k v_k^T of a set of vectors. */
function gram(vectors: readonly Vec2[]): Mat2 {
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (const [x, y] of vectors) {
    xx += x * x;
    xy += x * y;
    yy += y * y;
  }
  return mat2(xx, xy, xy, yy);
}

function assertSpansPlane(g: Mat2, which: Configuration): void {
  const { l1, l2 } = symmetricEigen(g);
  // Eigenvalues of the Gram matrix are the squared singular values.
  if (!(l2 > COLLINEAR_SINGULAR_RATIO ** 2 * l1)) {
    throw new DegenerateMarkersError(
      `The fiducials of the ${which} image lie on one line, so they cannot show a 2D deformation; check that the five dots are the four corners and the centre.`,
      which,
    );
  }
}

function checkArguments(reference: readonly Vec2[], current: readonly Vec2[], centerIndex: number) {
  if (reference.length !== current.length) {
    throw new InvalidInputError(
      `The reference image has ${reference.length} fiducials and the current one ${current.length}; both need the same markers.`,
    );
  }
  if (reference.length < 3) {
    throw new InvalidInputError(
      `A deformation gradient needs at least 3 markers (5 in Strain Seer's layout); got ${reference.length}.`,
    );
  }
  if (!Number.isInteger(centerIndex) || centerIndex < 0 || centerIndex >= reference.length) {
    throw new InvalidInputError(
      `The centre marker index ${centerIndex} is not one of the ${reference.length} markers.`,
    );
  }
  assertFinitePoints(reference, 'Reference fiducial');
  assertFinitePoints(current, 'Current fiducial');
}

/**
 * Least-squares F with v_cur_k = F v_ref_k for the vectors from the centre
 * marker to each other marker, and the RMS of the residual vectors.
 * Throws DegenerateMarkersError when either configuration is collinear or has
 * two markers at the same place.
 */
export function fitDeformation(
  reference: readonly Vec2[],
  current: readonly Vec2[],
  centerIndex = 4,
): DeformationFit {
  checkArguments(reference, current, centerIndex);
  assertDistinct(reference, 'reference');
  assertDistinct(current, 'current');
  const vRef = vectorsFromCentre(reference, centerIndex);
  const vCur = vectorsFromCentre(current, centerIndex);
  const g = gram(vRef);
  assertSpansPlane(g, 'reference');
  assertSpansPlane(gram(vCur), 'current');

  // Normal equations: F G = A with G = sum v_ref v_ref^T, A = sum v_cur v_ref^T.
  let a00 = 0;
  let a01 = 0;
  let a10 = 0;
  let a11 = 0;
  vRef.forEach(([rx, ry], k) => {
    const [cx, cy] = vCur[k] as Vec2;
    a00 += cx * rx;
    a01 += cx * ry;
    a10 += cy * rx;
    a11 += cy * ry;
  });
  const gDet = det(g);
  const [[g00, g01], [, g11]] = g;
  const F = mat2(
    (a00 * g11 - a01 * g01) / gDet,
    (a01 * g00 - a00 * g01) / gDet,
    (a10 * g11 - a11 * g01) / gDet,
    (a11 * g00 - a10 * g01) / gDet,
  );

  let sumSquares = 0;
  vRef.forEach(([rx, ry], k) => {
    const [cx, cy] = vCur[k] as Vec2;
    const ex = cx - (F[0][0] * rx + F[0][1] * ry);
    const ey = cy - (F[1][0] * rx + F[1][1] * ry);
    sumSquares += ex * ex + ey * ey;
  });
  return { F, residualRms: Math.sqrt(sumSquares / vRef.length) };
}

/** The deformation gradient F alone; fitDeformation also gives the fit residual. */
export function deformationGradient(
  reference: readonly Vec2[],
  current: readonly Vec2[],
  centerIndex = 4,
): Mat2 {
  return fitDeformation(reference, current, centerIndex).F;
}
