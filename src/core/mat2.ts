// Closed-form 2x2 linear algebra. For 2x2 matrices the closed forms are exact
// to rounding and run in nanoseconds, which keeps a 1000-image analysis far
// inside its 50 ms budget (a general-purpose QR costs ~0.2 ms a call).
import type { Mat2 } from './types';

export const IDENTITY: Readonly<Mat2> = [
  [1, 0],
  [0, 1],
];

export function mat2(a: number, b: number, c: number, d: number): Mat2 {
  return [
    [a, b],
    [c, d],
  ];
}

export function det(m: Mat2): number {
  return m[0][0] * m[1][1] - m[0][1] * m[1][0];
}

export function transpose(m: Mat2): Mat2 {
  return mat2(m[0][0], m[1][0], m[0][1], m[1][1]);
}

export function multiply(p: Mat2, q: Mat2): Mat2 {
  return mat2(
    p[0][0] * q[0][0] + p[0][1] * q[1][0],
    p[0][0] * q[0][1] + p[0][1] * q[1][1],
    p[1][0] * q[0][0] + p[1][1] * q[1][0],
    p[1][0] * q[0][1] + p[1][1] * q[1][1],
  );
}

/** Inverse; the caller guarantees det != 0. */
export function inverse(m: Mat2): Mat2 {
  const d = det(m);
  return mat2(m[1][1] / d, -m[0][1] / d, -m[1][0] / d, m[0][0] / d);
}

export function isFiniteMat(m: Mat2): boolean {
  return (
    Number.isFinite(m[0][0]) &&
    Number.isFinite(m[0][1]) &&
    Number.isFinite(m[1][0]) &&
    Number.isFinite(m[1][1])
  );
}

/** Eigen-decomposition of a symmetric 2x2 matrix. */
export interface SymmetricEigen {
  /** Larger eigenvalue. */
  l1: number;
  /** Smaller eigenvalue. */
  l2: number;
  /** Angle (radians) of the l1 eigenvector from +x towards +y, in (-pi/2, pi/2]. */
  theta: number;
}

/**
 * Eigenvalues and the first eigenvector direction of the symmetric part of `m`.
 * `m[0][1]` and `m[1][0]` are averaged, so a matrix that is symmetric only to
 * rounding is handled consistently.
 */
export function symmetricEigen(m: Mat2): SymmetricEigen {
  const a = m[0][0];
  const d = m[1][1];
  const b = (m[0][1] + m[1][0]) / 2;
  const mean = (a + d) / 2;
  const radius = Math.hypot((a - d) / 2, b);
  let l1 = mean + radius;
  let l2 = mean - radius;
  // When one eigenvalue is much closer to zero than the other, mean -/+ radius
  // cancels; recover it from the determinant instead. Elsewhere (including the
  // isotropic case) the direct values are exact to rounding and stay ordered.
  if (radius > Math.abs(mean) / 2) {
    const determinant = a * d - b * b;
    if (mean > 0) l2 = determinant / l1;
    else if (mean < 0) l1 = determinant / l2;
  }
  let theta = Math.atan2(2 * b, a - d) / 2;
  if (theta <= -Math.PI / 2) theta += Math.PI;
  return { l1, l2, theta };
}

/**
 * Applies a scalar function to a symmetric 2x2 matrix through its eigenvalues:
 * f(M) = Q diag(f(l1), f(l2)) Q^T. Used for the matrix logarithm of C.
 */
export function symmetricFunction(m: Mat2, f: (x: number) => number): Mat2 {
  const { l1, l2, theta } = symmetricEigen(m);
  const f1 = f(l1);
  const f2 = f(l2);
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const off = (f1 - f2) * c * s;
  return mat2(f1 * c * c + f2 * s * s, off, off, f1 * s * s + f2 * c * c);
}
