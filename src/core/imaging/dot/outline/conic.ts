// Circles and ellipses as outlines: the ellipse's forms (matrix, semi-axes), the Sampson
// distance of a point to it, and the algebraic fits that give a start and RANSAC's minimal
// hypotheses. The geometric fit is in sampsonFit.ts, the robust one in robustEllipse.ts.
import { solve } from '../../raster/solve';
import { norm } from '../../raster/norm';

/** Conic normal equations mix powers of pixel coordinates: only a vanishing pivot is singular. */
export const TINY_PIVOT = 1e-300;

/** An ellipse (p - c)^T M (p - c) = 1 with M = [[m11, m12], [m12, m22]] positive definite. */
export interface Ellipse {
  cx: number;
  cy: number;
  m11: number;
  m12: number;
  m22: number;
}

/** Semi-axes (a >= b) and the direction of a, radians from +x towards +y. */
export function ellipseAxes(e: Ellipse): { a: number; b: number; angle: number } {
  const mean = (e.m11 + e.m22) / 2;
  const diff = Math.sqrt(((e.m11 - e.m22) / 2) ** 2 + e.m12 * e.m12);
  // The smaller eigenvalue of M belongs to the long axis.
  const small = Math.max(mean - diff, 1e-12);
  const large = Math.max(mean + diff, 1e-12);
  return {
    a: 1 / Math.sqrt(small),
    b: 1 / Math.sqrt(large),
    angle: 0.5 * Math.atan2(-2 * e.m12, e.m22 - e.m11),
  };
}

export function circleEllipse(cx: number, cy: number, r: number): Ellipse {
  const k = 1 / (r * r);
  return { cx, cy, m11: k, m12: 0, m22: k };
}

export function axesEllipse(cx: number, cy: number, a: number, b: number, angle: number): Ellipse {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const ia = 1 / (a * a);
  const ib = 1 / (b * b);
  return {
    cx,
    cy,
    m11: c * c * ia + s * s * ib,
    m12: c * s * (ia - ib),
    m22: s * s * ia + c * c * ib,
  };
}

/** Signed distance of a point from the ellipse to first order (Sampson): > 0 outside. */
export function sampsonDistance(e: Ellipse, x: number, y: number): number {
  const dx = x - e.cx;
  const dy = y - e.cy;
  const qx = e.m11 * dx + e.m12 * dy;
  const qy = e.m12 * dx + e.m22 * dy;
  const f = dx * qx + dy * qy - 1;
  const g = 2 * norm(qx, qy);
  return g > 0 ? f / g : Infinity;
}

/** Points along the outline, as parallel coordinate arrays. */
export interface OutlinePoints {
  x: Float64Array;
  y: Float64Array;
  /** Relative weight of each point (its edge's strength), 0 to leave it out. */
  weight: Float64Array;
  count: number;
}

/**
 * Least-squares conic A x^2 + B xy + C y^2 + D x + E y = 1 through the chosen points, in
 * coordinates relative to (ox, oy), which must lie inside the ellipse (the constant term
 * cannot vanish there), as an ellipse; null for a hyperbola, parabola or degenerate set.
 */
export function algebraicEllipse(
  p: OutlinePoints,
  use: ArrayLike<number>,
  ox: number,
  oy: number,
): Ellipse | null {
  const ata = new Float64Array(25);
  const atb = new Float64Array(5);
  const row = new Float64Array(5);
  let n = 0;
  for (let k = 0; k < p.count; k++) {
    const wgt = use[k]!;
    if (!(wgt > 0)) continue;
    const x = p.x[k]! - ox;
    const y = p.y[k]! - oy;
    row[0] = x * x;
    row[1] = x * y;
    row[2] = y * y;
    row[3] = x;
    row[4] = y;
    for (let i = 0; i < 5; i++) {
      atb[i] = atb[i]! + wgt * row[i]!;
      for (let j = i; j < 5; j++) ata[i * 5 + j] = ata[i * 5 + j]! + wgt * row[i]! * row[j]!;
    }
    n++;
  }
  if (n < 5) return null;
  for (let i = 0; i < 5; i++) for (let j = 0; j < i; j++) ata[i * 5 + j] = ata[j * 5 + i]!;
  const s = solve(ata, atb, 5, TINY_PIVOT);
  if (!s) return null;
  return centred(s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, ox, oy);
}

/** The conic A x^2 + B xy + C y^2 + D x + E y = 1 (relative to o) in centred form. */
function centred(
  A: number,
  B: number,
  C: number,
  D: number,
  E: number,
  ox: number,
  oy: number,
): Ellipse | null {
  const det = 4 * A * C - B * B;
  if (!(det > 0) || !(A > 0)) return null;
  const x0 = (B * E - 2 * C * D) / det;
  const y0 = (B * D - 2 * A * E) / det;
  // (p - c)^T M (p - c) = 1 - f(c), with f the fitted left-hand side.
  const k = 1 - (A * x0 * x0 + B * x0 * y0 + C * y0 * y0 + D * x0 + E * y0);
  if (!(k > 0)) return null;
  return { cx: x0 + ox, cy: y0 + oy, m11: A / k, m12: B / 2 / k, m22: C / k };
}

/** Kasa's algebraic circle through the chosen points: centre and radius, or null. */
export function algebraicCircle(
  p: OutlinePoints,
  use: ArrayLike<number>,
): { cx: number; cy: number; r: number } | null {
  // x^2 + y^2 = 2 a x + 2 b y + c, relative to the points' mean for conditioning.
  let mx = 0;
  let my = 0;
  let n = 0;
  for (let k = 0; k < p.count; k++) {
    if (!(use[k]! > 0)) continue;
    mx += p.x[k]!;
    my += p.y[k]!;
    n++;
  }
  if (n < 3) return null;
  mx /= n;
  my /= n;
  const ata = new Float64Array(9);
  const atb = new Float64Array(3);
  for (let k = 0; k < p.count; k++) {
    const wgt = use[k]!;
    if (!(wgt > 0)) continue;
    const x = p.x[k]! - mx;
    const y = p.y[k]! - my;
    const row = [2 * x, 2 * y, 1];
    const rhs = x * x + y * y;
    for (let i = 0; i < 3; i++) {
      atb[i] = atb[i]! + wgt * row[i]! * rhs;
      for (let j = 0; j < 3; j++) ata[i * 3 + j] = ata[i * 3 + j]! + wgt * row[i]! * row[j]!;
    }
  }
  const s = solve(ata, atb, 3, TINY_PIVOT);
  if (!s) return null;
  const r2 = s[2]! + s[0]! * s[0]! + s[1]! * s[1]!;
  if (!(r2 > 0)) return null;
  return { cx: s[0]! + mx, cy: s[1]! + my, r: Math.sqrt(r2) };
}
