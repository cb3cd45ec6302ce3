// How every reported quantity changes with the deformation gradient F: the derivative of
// the strain tensor in each measure, of the principal strains and their angle, and of the
// Hencky strains behind the equivalent strain (docs/science.md, "Uncertainty of the strains").
import type { SymmetricEigen } from './mat2';
import { det, symmetricEigen } from './mat2';
import type { Mat2, StrainMeasure } from './types';

/** Rows of the output Jacobian: the quantities whose uncertainty is reported. */
export const XX = 0;
export const YY = 1;
export const XY = 2;
export const E1 = 3;
export const E2 = 4;
/** Radians, before division by e1 - e2. */
export const ANGLE = 5;
export const EQ = 6;
/** Hencky principal strains and thickness strain, for the equivalent strain at zero. */
export const H1 = 7;
export const H2 = 8;
export const THICK = 9;
/** Mean normal strain (xx + yy)/2 and half difference (xx - yy)/2, for e1 and e2 when they meet. */
export const MEAN = 10;
export const HALF_DIFFERENCE = 11;
export const OUTPUTS = 12;

/** One strain derivative (xx, yy, xy), reused by every call: fresh arrays would cost more. */
const strainChange = new Float64Array(3);

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
    default: {
      // A new measure must say here how it changes with F, or its ± would be left stale.
      const unhandled: never = measure;
      throw new Error(`No strain derivative for the measure ${String(unhandled)}.`);
    }
  }
}

/**
 * Fills `jacobian` (OUTPUTS x 4, row-major, column 2 i + j for F[i][j]) with the derivative
 * of every reported quantity with respect to the four entries of F, and returns the
 * equivalent strain.
 */
export function fillJacobian(
  F: Mat2,
  strain: Mat2,
  measure: StrainMeasure,
  jacobian: Float64Array,
): number {
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
