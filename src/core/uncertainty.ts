// Standard uncertainties of the strains from the standard uncertainties of the
// marked points, by first-order propagation with the analytic Jacobian
// (docs/science.md, "Uncertainty of the strains").
//
// Every marked coordinate (five fiducials and two scale points in each of the
// two images, x and y) is an independent input with its own standard
// uncertainty. The chain is: pixels -> millimetres (scale normalisation) ->
// least-squares F -> strain measure -> principal strains, angle, equivalent
// strain. Each input moves F by a small dF that follows in closed form from
// the normal equations; the derivative of every output with respect to F is
// worked out once per image, so the whole propagation is a few hundred
// multiplications and adds, about a microsecond per image.
import { fitDeformation } from './deformation';
import { InvalidInputError } from './errors';
import type { SymmetricEigen } from './mat2';
import { det, symmetricEigen } from './mat2';
import { normalizeByScale } from './scale';
import type { ImageMarks, PrincipalUncertainty } from './sequence';
import type { Mat2, StrainMeasure, Vec2 } from './types';

/**
 * Standard uncertainty (px, per axis) given to a point placed by hand, without
 * a located dot behind it: half a pixel, the rounding of a careful click.
 */
export const HAND_PLACED_UNCERTAINTY_PX = 0.5;

/** 1-sigma uncertainty of each small-strain component between two photos of an unchanged specimen. */
export interface StrainResolution {
  xx: number;
  yy: number;
  xy: number;
  /** The largest of the three. */
  max: number;
}

/** The propagated standard uncertainties of one image's strain. */
export interface StrainUncertainty {
  strainUncertainty: Mat2;
  principalUncertainty: PrincipalUncertainty;
}

/**
 * The standard uncertainty of an angle that is known not at all: the spread of
 * a direction spread evenly over the 180 degrees it can take. The first-order
 * value grows without bound as e1 and e2 approach each other; beyond this it
 * says nothing more.
 */
const UNKNOWN_ANGLE_DEG = 180 / Math.sqrt(12);

const CENTRE = 4;
const FIDUCIALS = 5;

function isUncertainty(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Whether an image carries point uncertainties (both the fiducials' and the scale points'). */
export function hasPointUncertainty(image: ImageMarks): boolean {
  return image.fiducialUncertainty !== undefined && image.scaleUncertainty !== undefined;
}

/** Throws InvalidInputError when an image's point uncertainties are given but unusable. */
export function assertPointUncertainty(image: ImageMarks): void {
  const { fiducialUncertainty: fiducial, scaleUncertainty: scale } = image;
  if (fiducial !== undefined) {
    if (
      !Array.isArray(fiducial) ||
      fiducial.length !== FIDUCIALS ||
      !fiducial.every(isUncertainty)
    ) {
      throw new InvalidInputError(
        `${image.name}: the fiducial uncertainties must be five non-negative numbers of pixels.`,
      );
    }
  }
  if (scale !== undefined) {
    if (!Array.isArray(scale) || scale.length !== 2 || !scale.every(isUncertainty)) {
      throw new InvalidInputError(
        `${image.name}: the scale point uncertainties must be two non-negative numbers of pixels.`,
      );
    }
  }
}

/** Rows of the output Jacobian: the quantities whose uncertainty is reported. */
const XX = 0;
const YY = 1;
const XY = 2;
const E1 = 3;
const E2 = 4;
/** Radians, before division by e1 - e2. */
const ANGLE = 5;
const EQ = 6;
/** Hencky principal strains and thickness strain, for the equivalent strain at zero. */
const H1 = 7;
const H2 = 8;
const THICK = 9;
/** Mean normal strain (xx + yy)/2 and half difference (xx - yy)/2, for e1 and e2 when they meet. */
const MEAN = 10;
const HALF_DIFFERENCE = 11;
const OUTPUTS = 12;

// Scratch buffers reused by every call: the analysis of a long sequence runs
// this once per image, and fresh arrays would cost more than the arithmetic.
/** d(output)/dF, row-major OUTPUTS x 4 (column 2 i + j for F[i][j]). */
const jacobian = new Float64Array(OUTPUTS * 4);
/** Covariance of the four entries of F, 4 x 4. */
const covarianceF = new Float64Array(16);
/** Vectors from the centre marker to markers 0..3 (mm) of the reference and current image. */
const refVectors = new Float64Array(8);
const curVectors = new Float64Array(8);
/** One strain derivative (xx, yy, xy). */
const strainChange = new Float64Array(3);

/**
 * Writes an image's vectors from the centre marker to each corner (mm) into
 * `out` and returns |s1 - s0| in pixels.
 */
function vectorsOf(image: ImageMarks, scaleLength: number, out: Float64Array): number {
  const s0 = image.scalePoints[0];
  const s1 = image.scalePoints[1];
  const scalePx = Math.hypot(s1[0] - s0[0], s1[1] - s0[1]);
  const mmPerPx = scaleLength / scalePx;
  const centre = image.fiducials[CENTRE] as Vec2;
  for (let k = 0; k < 4; k++) {
    const p = image.fiducials[k] as Vec2;
    // Same arithmetic as the normalisation: offsets from s0 scaled, then differenced.
    out[2 * k] = (p[0] - s0[0]) * mmPerPx - (centre[0] - s0[0]) * mmPerPx;
    out[2 * k + 1] = (p[1] - s0[1]) * mmPerPx - (centre[1] - s0[1]) * mmPerPx;
  }
  return scalePx;
}

/** log(l1) - log(l2) over l1 - l2, with its limit 1/l when the two are equal. */
function logDividedDifference(l1: number, l2: number): number {
  const gap = l1 - l2;
  if (gap === 0) return 1 / l2;
  return Math.log1p(gap / l2) / gap;
}

/**
 * d(strain)/dF: the change (xx, yy, xy) of the strain tensor in `measure` for
 * a change dF of the deformation gradient, written into `strainChange`.
 * `eigenC` is the eigen-decomposition of C = F^T F (used by Hencky).
 */
function strainDerivative(
  measure: StrainMeasure,
  F: Mat2,
  eigenC: SymmetricEigen,
  d00: number,
  d01: number,
  d10: number,
  d11: number,
): void {
  const f00 = F[0][0];
  const f01 = F[0][1];
  const f10 = F[1][0];
  const f11 = F[1][1];
  // sym(F^T dF), the half change of C, for the measures built on C.
  const s00 = f00 * d00 + f10 * d10;
  const s11 = f01 * d01 + f11 * d11;
  const s01 = (f00 * d01 + f10 * d11 + (f01 * d00 + f11 * d10)) / 2;
  switch (measure) {
    case 'small':
      // E = sym(F) - I.
      strainChange[0] = d00;
      strainChange[1] = d11;
      strainChange[2] = (d01 + d10) / 2;
      return;
    case 'green_lagrangian':
      // E = (F^T F - I)/2, dE = sym(F^T dF).
      strainChange[0] = s00;
      strainChange[1] = s11;
      strainChange[2] = s01;
      return;
    case 'almansi': {
      // E = (I - F^-T F^-1)/2, dE = sym(B^-1 dF F^-1) with B^-1 = F^-T F^-1.
      const j = det(F);
      const i00 = f11 / j;
      const i01 = -f01 / j;
      const i10 = -f10 / j;
      const i11 = f00 / j;
      const b00 = i00 * i00 + i10 * i10;
      const b01 = i00 * i01 + i10 * i11;
      const b11 = i01 * i01 + i11 * i11;
      const m00 = b00 * d00 + b01 * d10;
      const m01 = b00 * d01 + b01 * d11;
      const m10 = b01 * d00 + b11 * d10;
      const m11 = b01 * d01 + b11 * d11;
      strainChange[0] = m00 * i00 + m01 * i10;
      strainChange[1] = m10 * i01 + m11 * i11;
      strainChange[2] = (m00 * i01 + m01 * i11 + (m10 * i00 + m11 * i10)) / 2;
      return;
    }
    case 'hencky': {
      // E = (1/2) log C and dC = 2 sym(F^T dF). In C's eigenbasis Q the
      // derivative of the matrix log is the Daleckii-Krein form
      // Q (L o (Q^T dC Q)) Q^T with L_ii = 1/l_i and L_12 the divided
      // difference of log (1/l in the limit of equal eigenvalues).
      const l1 = eigenC.l1;
      const l2 = eigenC.l2;
      const c = Math.cos(eigenC.theta);
      const s = Math.sin(eigenC.theta);
      // Q^T S Q with q1 = (c, s), q2 = (-s, c).
      const a11 = c * c * s00 + 2 * c * s * s01 + s * s * s11;
      const a22 = s * s * s00 - 2 * c * s * s01 + c * c * s11;
      const a12 = -c * s * s00 + (c * c - s * s) * s01 + c * s * s11;
      const m11 = a11 / l1;
      const m22 = a22 / l2;
      const m12 = a12 * logDividedDifference(l1, l2);
      strainChange[0] = m11 * c * c + m22 * s * s - 2 * m12 * c * s;
      strainChange[1] = m11 * s * s + m22 * c * c + 2 * m12 * c * s;
      strainChange[2] = (m11 - m22) * c * s + m12 * (c * c - s * s);
      return;
    }
  }
}

/**
 * Fills `jacobian` with the derivative of every reported quantity with
 * respect to the four entries of F, and returns the equivalent strain.
 */
function fillJacobian(F: Mat2, strain: Mat2, measure: StrainMeasure): number {
  const E = symmetricEigen(strain);
  const ce = Math.cos(E.theta);
  const se = Math.sin(E.theta);
  const f00 = F[0][0];
  const f01 = F[0][1];
  const f10 = F[1][0];
  const f11 = F[1][1];
  const eigenC = symmetricEigen([
    [f00 * f00 + f10 * f10, f00 * f01 + f10 * f11],
    [f00 * f01 + f10 * f11, f01 * f01 + f11 * f11],
  ]);
  const cc = Math.cos(eigenC.theta);
  const sc = Math.sin(eigenC.theta);
  // As volumeConstancyStrains computes them.
  const h1 = Math.log(eigenC.l1) / 2;
  const h2 = Math.log(eigenC.l2) / 2;
  const thickness = -Math.log(det(F));
  const equivalent = Math.sqrt((2 / 3) * (h1 * h1 + h2 * h2 + thickness * thickness));
  // Hencky principal strains: dh_i = q_i^T dC q_i / (2 l_i) = (F q_i).(dF q_i) / l_i.
  const fq1x = f00 * cc + f01 * sc;
  const fq1y = f10 * cc + f11 * sc;
  const fq2x = -f00 * sc + f01 * cc;
  const fq2y = -f10 * sc + f11 * cc;
  for (let col = 0; col < 4; col++) {
    const i = col >> 1;
    const j = col & 1;
    strainDerivative(
      measure,
      F,
      eigenC,
      col === 0 ? 1 : 0,
      col === 1 ? 1 : 0,
      col === 2 ? 1 : 0,
      col === 3 ? 1 : 0,
    );
    const xx = strainChange[0] as number;
    const yy = strainChange[1] as number;
    const xy = strainChange[2] as number;
    jacobian[XX * 4 + col] = xx;
    jacobian[YY * 4 + col] = yy;
    jacobian[XY * 4 + col] = xy;
    // First-order perturbation of the eigenvalues and of the first
    // eigenvector's angle (still to be divided by e1 - e2).
    jacobian[E1 * 4 + col] = ce * ce * xx + 2 * ce * se * xy + se * se * yy;
    jacobian[E2 * 4 + col] = se * se * xx - 2 * ce * se * xy + ce * ce * yy;
    jacobian[ANGLE * 4 + col] = -ce * se * xx + (ce * ce - se * se) * xy + ce * se * yy;
    // The unit dF has a 1 in row i, column j: dF q is q's j-th entry in row i.
    const dh1 = ((i === 0 ? fq1x : fq1y) * (j === 0 ? cc : sc)) / eigenC.l1;
    const dh2 = ((i === 0 ? fq2x : fq2y) * (j === 0 ? -sc : cc)) / eigenC.l2;
    const dThickness = -(dh1 + dh2);
    jacobian[H1 * 4 + col] = dh1;
    jacobian[H2 * 4 + col] = dh2;
    jacobian[THICK * 4 + col] = dThickness;
    jacobian[MEAN * 4 + col] = (xx + yy) / 2;
    jacobian[HALF_DIFFERENCE * 4 + col] = (xx - yy) / 2;
    jacobian[EQ * 4 + col] =
      equivalent > 0 ? ((2 / 3) * (h1 * dh1 + h2 * dh2 + thickness * dThickness)) / equivalent : 0;
  }
  return equivalent;
}

/** Adds sigma2 dF dF^T to the covariance of F for one input that moves F by dF per unit. */
function accumulate(sigma2: number, d00: number, d01: number, d10: number, d11: number): void {
  const c = covarianceF;
  c[0] = (c[0] as number) + sigma2 * d00 * d00;
  c[1] = (c[1] as number) + sigma2 * d00 * d01;
  c[2] = (c[2] as number) + sigma2 * d00 * d10;
  c[3] = (c[3] as number) + sigma2 * d00 * d11;
  c[5] = (c[5] as number) + sigma2 * d01 * d01;
  c[6] = (c[6] as number) + sigma2 * d01 * d10;
  c[7] = (c[7] as number) + sigma2 * d01 * d11;
  c[10] = (c[10] as number) + sigma2 * d10 * d10;
  c[11] = (c[11] as number) + sigma2 * d10 * d11;
  c[15] = (c[15] as number) + sigma2 * d11 * d11;
}

/** Variance of output row `o`: J_o Cov(F) J_o^T (the covariance's upper triangle is filled). */
function outputVariance(o: number): number {
  const b = o * 4;
  const c = covarianceF;
  const j0 = jacobian[b] as number;
  const j1 = jacobian[b + 1] as number;
  const j2 = jacobian[b + 2] as number;
  const j3 = jacobian[b + 3] as number;
  return (
    j0 * j0 * (c[0] as number) +
    j1 * j1 * (c[5] as number) +
    j2 * j2 * (c[10] as number) +
    j3 * j3 * (c[15] as number) +
    2 *
      (j0 * j1 * (c[1] as number) +
        j0 * j2 * (c[2] as number) +
        j0 * j3 * (c[3] as number) +
        j1 * j2 * (c[6] as number) +
        j1 * j3 * (c[7] as number) +
        j2 * j3 * (c[11] as number))
  );
}

/**
 * Covariance of F (into `covarianceF`) from the point uncertainties of both
 * images. Each input coordinate moves F by a dF that follows from the normal
 * equations F G = A, G = sum vr vr^T, A = sum vc vr^T:
 * dF = (dA - F dG) G^-1. For a current corner k moved along axis a, that is
 * c e_a g_k^T with g_k = G^-1 vr_k and c the image's mm per px; for a
 * reference corner, c (r_k e_a^T G^-1 - F e_a g_k^T) with the fit residual
 * r_k = vc_k - F vr_k. The centre marker enters every vector with the
 * opposite sign. A scale point moved by delta along the scale line changes
 * |s1 - s0| by delta and so scales every current vector by
 * 1 - delta/|s1 - s0| (dF = -F delta/|s1 - s0|; the reference's with +);
 * across the line the length does not change to first order.
 */
function fillCovarianceOfF(
  reference: ImageMarks,
  current: ImageMarks,
  scaleLength: number,
  F: Mat2,
): void {
  covarianceF.fill(0);
  const refScalePx = vectorsOf(reference, scaleLength, refVectors);
  const curScalePx = vectorsOf(current, scaleLength, curVectors);
  const cr = scaleLength / refScalePx;
  const cc = scaleLength / curScalePx;
  const f00 = F[0][0];
  const f01 = F[0][1];
  const f10 = F[1][0];
  const f11 = F[1][1];

  let gxx = 0;
  let gxy = 0;
  let gyy = 0;
  for (let k = 0; k < 4; k++) {
    const x = refVectors[2 * k] as number;
    const y = refVectors[2 * k + 1] as number;
    gxx += x * x;
    gxy += x * y;
    gyy += y * y;
  }
  const gDet = gxx * gyy - gxy * gxy;
  const h00 = gyy / gDet;
  const h01 = -gxy / gDet;
  const h11 = gxx / gDet;

  const sigmaRef = reference.fiducialUncertainty as readonly number[];
  const sigmaCur = current.fiducialUncertainty as readonly number[];
  /**
   * One marker's two axes in each photo: (gx, gy) = G^-1 v_ref and (rx, ry) the
   * fit's misfit for a corner, or their sums over the corners for the centre
   * (the sign of a direction does not change its covariance: no minus needed).
   */
  const addMarker = (
    curSigma: number,
    refSigma: number,
    gx: number,
    gy: number,
    rx: number,
    ry: number,
  ): void => {
    const curVariance = curSigma ** 2;
    accumulate(curVariance, cc * gx, cc * gy, 0, 0);
    accumulate(curVariance, 0, 0, cc * gx, cc * gy);
    const refVariance = refSigma ** 2;
    accumulate(
      refVariance,
      cr * (rx * h00 - f00 * gx),
      cr * (rx * h01 - f00 * gy),
      cr * (ry * h00 - f10 * gx),
      cr * (ry * h01 - f10 * gy),
    );
    accumulate(
      refVariance,
      cr * (rx * h01 - f01 * gx),
      cr * (rx * h11 - f01 * gy),
      cr * (ry * h01 - f11 * gx),
      cr * (ry * h11 - f11 * gy),
    );
  };
  // Sums over the corners of g_k and r_k, for the centre marker.
  let gxSum = 0;
  let gySum = 0;
  let rxSum = 0;
  let rySum = 0;
  for (let k = 0; k < 4; k++) {
    const x = refVectors[2 * k] as number;
    const y = refVectors[2 * k + 1] as number;
    const gx = h00 * x + h01 * y;
    const gy = h01 * x + h11 * y;
    const rx = (curVectors[2 * k] as number) - (f00 * x + f01 * y);
    const ry = (curVectors[2 * k + 1] as number) - (f10 * x + f11 * y);
    gxSum += gx;
    gySum += gy;
    rxSum += rx;
    rySum += ry;
    addMarker(sigmaCur[k] as number, sigmaRef[k] as number, gx, gy, rx, ry);
  }
  addMarker(sigmaCur[CENTRE] as number, sigmaRef[CENTRE] as number, gxSum, gySum, rxSum, rySum);
  const refScale = reference.scaleUncertainty as readonly [number, number];
  const curScale = current.scaleUncertainty as readonly [number, number];
  const scaleVariance =
    (refScale[0] ** 2 + refScale[1] ** 2) / (refScalePx * refScalePx) +
    (curScale[0] ** 2 + curScale[1] ** 2) / (curScalePx * curScalePx);
  accumulate(scaleVariance, f00, f01, f10, f11);
}

/**
 * Standard uncertainties of the strain of `current` against `reference`
 * (both with point uncertainties; null otherwise). `F` and `strain` are the
 * fitted deformation gradient and the strain tensor in `measure` that the
 * analysis found for the pair; the marks have already passed the fit.
 */
export function propagateStrainUncertainty(
  reference: ImageMarks,
  current: ImageMarks,
  scaleLength: number,
  measure: StrainMeasure,
  F: Mat2,
  strain: Mat2,
): StrainUncertainty | null {
  if (!hasPointUncertainty(reference) || !hasPointUncertainty(current)) return null;
  fillCovarianceOfF(reference, current, scaleLength, F);
  const equivalent = fillJacobian(F, strain, measure);
  const sd = (o: number): number => Math.sqrt(Math.max(0, outputVariance(o)));

  // e1, e2 = m -/+ r with m the mean normal strain and r the length of the
  // deviator ((xx - yy)/2, xy). While r is no larger than the spread the noise
  // alone gives it, its slope (and the principal direction) follows the
  // noise: there e1 and e2 get their root-mean-square deviation
  // sqrt(u^2(m) + u^2((xx - yy)/2) + u^2(xy)) (m's correlation with the
  // deviator averages out, the deviator's noise being symmetric), and the
  // angle is not known at all.
  const E = symmetricEigen(strain);
  const gap = E.l1 - E.l2;
  const deviatorNoise = Math.sqrt(
    Math.max(0, outputVariance(HALF_DIFFERENCE) + outputVariance(XY)),
  );
  const distinct = gap / 2 > deviatorNoise;
  const meetingSpread = Math.sqrt(
    Math.max(0, outputVariance(MEAN)) + deviatorNoise * deviatorNoise,
  );
  const e1 = distinct ? sd(E1) : meetingSpread;
  const e2 = distinct ? sd(E2) : meetingSpread;
  const angle = distinct
    ? Math.min(((sd(ANGLE) / gap) * 180) / Math.PI, UNKNOWN_ANGLE_DEG)
    : UNKNOWN_ANGLE_DEG;
  // The equivalent strain is a length, sqrt(2/3 |h|^2) of the Hencky
  // principal strains: at zero (a pure rotation) it has no slope, and while it
  // is no larger than what the noise alone would give its slope points in a
  // direction decided by that noise (or by rounding). There, report its
  // root-mean-square spread about zero, sqrt(2/3 sum u^2(h_i)), instead.
  const noiseAlone = Math.sqrt(
    (2 / 3) * Math.max(0, outputVariance(H1) + outputVariance(H2) + outputVariance(THICK)),
  );
  const equivalentStrain = equivalent > noiseAlone ? sd(EQ) : noiseAlone;
  const xy = sd(XY);
  return {
    strainUncertainty: [
      [sd(XX), xy],
      [xy, sd(YY)],
    ],
    principalUncertainty: { e1, e2, angle, equivalentStrain },
  };
}

/**
 * The smallest strain the set-up can tell from zero: the standard uncertainty
 * of the small-strain components when the specimen, unchanged, is photographed
 * twice with the reference's marker spacing, scale and point uncertainties.
 * Null when the marks carry no uncertainties or cannot be analysed.
 */
export function strainResolution(
  reference: ImageMarks,
  scaleLength: number,
): StrainResolution | null {
  if (!hasPointUncertainty(reference) || reference.fiducials.length !== FIDUCIALS) return null;
  try {
    assertPointUncertainty(reference);
    const points = normalizeByScale(reference.fiducials, reference.scalePoints, scaleLength);
    // The fit's own checks (distinct, not collinear) decide whether the marks can be analysed.
    fitDeformation(points, points, CENTRE);
  } catch {
    return null;
  }
  const identity: Mat2 = [
    [1, 0],
    [0, 1],
  ];
  const zero: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  const result = propagateStrainUncertainty(
    reference,
    reference,
    scaleLength,
    'small',
    identity,
    zero,
  );
  if (!result) return null;
  const [[xx, xy], [, yy]] = result.strainUncertainty;
  return { xx, yy, xy, max: Math.max(xx, yy, xy) };
}
