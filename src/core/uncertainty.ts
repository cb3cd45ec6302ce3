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
// multiplications and adds, about a microsecond per image. The covariance of F is
// deformationCovariance.ts, the derivatives with respect to F strainDerivative.ts; this
// file combines them into each reported quantity's uncertainty.
import { fitDeformation } from './deformation';
import { fillCovarianceOfF } from './deformationCovariance';
import { symmetricEigen } from './mat2';
import { FIDUCIAL_COUNT } from './marks';
import type { ImageMarks } from './marks';
import { assertPointUncertainty, hasPointUncertainty } from './pointUncertainty';
import { normalizeByScale } from './scale';
import {
  ANGLE,
  E1,
  E2,
  EQ,
  H1,
  H2,
  HALF_DIFFERENCE,
  MEAN,
  OUTPUTS,
  THICK,
  XX,
  XY,
  YY,
  fillJacobian,
} from './strainDerivative';
import type { Mat2, StrainMeasure } from './types';

/** 1-sigma uncertainty of each small-strain component between two photos of an unchanged specimen. */
export interface StrainResolution {
  xx: number;
  yy: number;
  xy: number;
  /** The largest of the three. */
  max: number;
}

export interface PrincipalUncertainty {
  e1: number;
  e2: number;
  /** Degrees. */
  angle: number;
  equivalentStrain: number;
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

// Scratch buffers reused by every call: the analysis of a long sequence runs
// this once per image, and fresh arrays would cost more than the arithmetic.
/** d(output)/dF, row-major OUTPUTS x 4 (column 2 i + j for F[i][j]). */
const jacobian = new Float64Array(OUTPUTS * 4);
/** Covariance of the four entries of F, 4 x 4. */
const covarianceF = new Float64Array(16);

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
  fillCovarianceOfF(reference, current, scaleLength, F, covarianceF);
  const equivalent = fillJacobian(F, strain, measure, jacobian);
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
  if (!hasPointUncertainty(reference) || reference.fiducials.length !== FIDUCIAL_COUNT) return null;
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
