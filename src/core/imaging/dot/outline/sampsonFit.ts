// The geometric fit of a circle or an ellipse to outline points: Levenberg-Marquardt on
// the Sampson distance, which is the distance to the curve to first order, so a partial arc
// does not pull the fit towards a smaller ellipse as plain algebraic fits do.
import { solveInPlace } from '../../raster/solve';
import { norm } from '../../raster/norm';
import { TINY_PIVOT, circleEllipse } from './conic';
import type { Ellipse, OutlinePoints } from './conic';

/**
 * d (f / 2g) for one parameter, from that parameter's d f and g times its d g (g d g = q . d q).
 */
function sampsonSlope(df: number, gdg: number, f: number, g: number): number {
  return df / (2 * g) - (f * (gdg / g)) / (2 * g * g);
}

/** A geometric fit: the ellipse, its weighted RMS distance, and the centre's covariance. */
export interface GeometricFit {
  ellipse: Ellipse;
  /** Weighted RMS of the points' distances from the curve, px. */
  rms: number;
  /** Covariance of the centre (xx, xy, yy), px^2, from the residuals' scatter. */
  covariance: [number, number, number];
  /** Sum of the weights used, and the number of points with a weight. */
  weightSum: number;
  points: number;
}

/**
 * Levenberg-Marquardt on the weighted Sampson distances, in the parameters (cx, cy, m11,
 * m12, m22) of a free ellipse, or (cx, cy, r) of a circle. Marquardt's scaling by the
 * diagonal makes the damping independent of the parameters' very different scales.
 */
export function sampsonFit(
  p: OutlinePoints,
  weight: ArrayLike<number>,
  start: Ellipse,
  circle: boolean,
): GeometricFit | null {
  const np = circle ? 3 : 5;
  let params = circle
    ? [start.cx, start.cy, 1 / Math.sqrt(Math.max((start.m11 + start.m22) / 2, 1e-12))]
    : [start.cx, start.cy, start.m11, start.m12, start.m22];
  const toEllipse = (q: number[]): Ellipse =>
    circle
      ? circleEllipse(q[0]!, q[1]!, q[2]!)
      : { cx: q[0]!, cy: q[1]!, m11: q[2]!, m12: q[3]!, m22: q[4]! };
  let jtj = new Float64Array(np * np);
  let jtr = new Float64Array(np);
  // A trial step's normal equations are built as its cost is summed, and kept if the step
  // is taken, instead of summing a taken step's points a second time to build them. On the
  // demo photos three steps in four are taken: 458 fits made 2321 trial steps, 1767 taken.
  let trialJtj = new Float64Array(np * np);
  let trialJtr = new Float64Array(np);
  const jac = new Float64Array(np);
  // Residuals at q, and the normal equations (J'WJ into lhs, J'Wr into rhs) when they are
  // given; returns the weighted sum of squares.
  const assemble = (q: number[], lhs?: Float64Array, rhs?: Float64Array): number => {
    const build = lhs !== undefined && rhs !== undefined;
    if (build) {
      lhs.fill(0);
      rhs.fill(0);
    }
    let cost = 0;
    for (let k = 0; k < p.count; k++) {
      const wgt = weight[k]!;
      if (!(wgt > 0)) continue;
      const dx = p.x[k]! - q[0]!;
      const dy = p.y[k]! - q[1]!;
      let r: number;
      if (circle) {
        const d = norm(dx, dy);
        r = d - q[2]!;
        if (build) {
          jac[0] = d > 0 ? -dx / d : 0;
          jac[1] = d > 0 ? -dy / d : 0;
          jac[2] = -1;
        }
      } else {
        const m11 = q[2]!;
        const m12 = q[3]!;
        const m22 = q[4]!;
        const qx = m11 * dx + m12 * dy;
        const qy = m12 * dx + m22 * dy;
        const f = dx * qx + dy * qy - 1;
        const g = norm(qx, qy);
        if (!(g > 0)) return Infinity;
        r = f / (2 * g);
        if (build) {
          // d f: centre -2 q; m11 dx^2, m12 2 dx dy, m22 dy^2. d g = q . d q / g, with
          // d q: centre (-m11, -m12) and (-m12, -m22); m11 (dx, 0), m12 (dy, dx), m22 (0, dy).
          // Written out per parameter: three small arrays per point and step were about a
          // quarter of this sum's time (profiled on the demo photos' detection).
          jac[0] = sampsonSlope(-2 * qx, qx * -m11 + qy * -m12, f, g);
          jac[1] = sampsonSlope(-2 * qy, qx * -m12 + qy * -m22, f, g);
          jac[2] = sampsonSlope(dx * dx, qx * dx, f, g);
          jac[3] = sampsonSlope(2 * dx * dy, qx * dy + qy * dx, f, g);
          jac[4] = sampsonSlope(dy * dy, qy * dy, f, g);
        }
      }
      cost += wgt * r * r;
      if (build) {
        // wgt * jac[i] once per row (the same products): a 96-point fit 470 -> 450 us.
        for (let i = 0; i < np; i++) {
          const wi = wgt * jac[i]!;
          rhs[i] = rhs[i]! + wi * r;
          for (let j = i, at = i * np + i; j < np; j++, at++) lhs[at] = lhs[at]! + wi * jac[j]!;
        }
      }
    }
    if (build)
      for (let i = 0; i < np; i++) for (let j = 0; j < i; j++) lhs[i * np + j] = lhs[j * np + i]!;
    return cost;
  };
  let cost = assemble(params, jtj, jtr);
  if (!Number.isFinite(cost)) return null;
  let lambda = 1e-3;
  // One damped system and step for all iterations: solved in place, not copied.
  const a = new Float64Array(np * np);
  const step = new Float64Array(np);
  for (let iteration = 0; iteration < 15; iteration++) {
    a.set(jtj);
    for (let i = 0; i < np; i++) a[i * np + i] = a[i * np + i]! * (1 + lambda) + 1e-30;
    for (let i = 0; i < np; i++) step[i] = -jtr[i]!;
    if (!solveInPlace(a, step, np, TINY_PIVOT)) return null;
    const next = params.map((v, i) => v + step[i]!);
    const valid = circle
      ? next[2]! > 0
      : next[2]! > 0 && next[2]! * next[4]! - next[3]! * next[3]! > 0;
    const nextCost = valid ? assemble(next, trialJtj, trialJtr) : Infinity;
    if (nextCost < cost) {
      let small = true;
      for (let i = 0; i < np; i++) {
        if (!(Math.abs(step[i]!) <= 1e-9 * (Math.abs(params[i]!) + 1e-6))) small = false;
      }
      params = next;
      const drop = cost - nextCost;
      cost = nextCost;
      [jtj, trialJtj] = [trialJtj, jtj];
      [jtr, trialJtr] = [trialJtr, jtr];
      lambda = Math.max(lambda / 10, 1e-9);
      if (small || drop <= 1e-7 * cost) break;
    } else {
      lambda *= 10;
      if (lambda > 1e8) break;
    }
  }
  let weightSum = 0;
  let points = 0;
  for (let k = 0; k < p.count; k++) {
    if (weight[k]! > 0) {
      weightSum += weight[k]!;
      points++;
    }
  }
  if (points <= np) return null;
  // The weights are inverse variances up to a common factor: that factor from the
  // residuals, with the degrees of freedom the fit used up.
  const variance = cost / (points - np);
  const inverse = centreBlock(jtj, np);
  if (!inverse) return null;
  // jtj sums weights; its inverse times the variance per unit weight is the covariance.
  const ellipse = toEllipse(params);
  return {
    ellipse,
    rms: Math.sqrt(cost / weightSum),
    covariance: [variance * inverse[0], variance * inverse[1], variance * inverse[2]],
    weightSum,
    points,
  };
}

/**
 * The centre's block (xx, xy, yy) of the inverse of a small symmetric positive definite
 * matrix: its first two columns, solved for one by one (the others are not needed).
 */
function centreBlock(a: Float64Array, n: number): [number, number, number] | null {
  const m = new Float64Array(n * n);
  const column = new Float64Array(n);
  const block: [number, number, number] = [0, 0, 0];
  for (let j = 0; j < 2; j++) {
    m.set(a);
    column.fill(0);
    column[j] = 1;
    if (!solveInPlace(m, column, n, TINY_PIVOT)) return null;
    if (j === 0) block[0] = column[0]!;
    else [block[1], block[2]] = [column[0]!, column[1]!];
  }
  return block;
}
