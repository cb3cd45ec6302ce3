// Circles and ellipses fitted to outline points: the algebraic fits that give a start (and
// RANSAC's minimal hypotheses), the geometric refinement (Gauss-Newton on the Sampson
// distance, which is the distance to the curve to first order, so a partial arc does not
// pull the fit towards a smaller ellipse as plain algebraic fits do), and a robust fit
// that finds the dot's outline among points of other structures.
import { solve, solveInPlace } from './solve';
import { norm } from './norm';
import { middleValue } from './background';

/** Conic normal equations mix powers of pixel coordinates: only a vanishing pivot is singular. */
const TINY_PIVOT = 1e-300;

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
export function refine(
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

/** Options of the robust fit: what an acceptable outline looks like. */
export interface RobustOptions {
  /** Inlier distance for the consensus, px. */
  tolerance: number;
  /** Radius limits (semi-axes), px. */
  minRadius: number;
  maxRadius: number;
  maxElongation: number;
  /** A deterministic seed for the random samples. */
  seed?: number;
}

export interface RobustFit extends GeometricFit {
  /** The model chosen: a circle when an ellipse does not fit significantly better. */
  circle: boolean;
  /** The centre of the model not chosen. On a short arc a circle and an ellipse fit a
   * slightly flattened dot about equally well with centres apart: the choice between them
   * is then as uncertain as they are apart. */
  other: [number, number] | null;
  /** The other model's RMS distance from the points it kept, px. */
  otherRms: number;
  /** Covariance (xx, xy, yy) of the free ellipse's centre, px^2, when it fitted: what the
   * centre is worth without assuming the dot round. */
  ellipseCovariance: [number, number, number] | null;
  /** Final weight of each point (0: an outlier). */
  weights: Float64Array;
}

/**
 * The outline among the points, which come in order around it. The dot's own visible
 * outline is one or a few runs of consecutive points; other structures' edges make other
 * runs. So: fit the longest run (or, if no run is long, the best consensus of circles and
 * ellipses through random minimal sets of nearby points: RANSAC), take in the other runs
 * that agree with it, then refine by iteratively reweighted geometric fits (Tukey's
 * biweight). This is done for a circle and for a free ellipse; the circle stands unless
 * the ellipse fits the same points significantly better.
 */
export function robustEllipse(p: OutlinePoints, o: RobustOptions): RobustFit | null {
  if (p.count < 6) return null;
  const plausible = (e: Ellipse | null): e is Ellipse => {
    if (!e || !Number.isFinite(e.cx) || !Number.isFinite(e.cy)) return false;
    const { a, b } = ellipseAxes(e);
    return a <= o.maxRadius && b >= o.minRadius && a <= o.maxElongation * b;
  };
  const runs = runsOf(p);
  if (runs.length === 0) return null;
  let total = 0;
  for (const run of runs) total += run.length;
  const longest = runs[0]!;
  const seedMask = new Float64Array(p.count);
  for (const k of longest) seedMask[k] = p.weight[k]!;

  const fitModel = (circle: boolean): { fit: GeometricFit; weights: Float64Array } | null => {
    let start: Ellipse | null = null;
    if (longest.length >= Math.max(circle ? 5 : 10, 0.3 * total)) {
      const c = algebraicCircle(p, seedMask);
      if (c) {
        start = circleEllipse(c.cx, c.cy, c.r);
        const seeded = refine(p, seedMask, start, circle);
        start =
          seeded && plausible(seeded.ellipse) ? seeded.ellipse : plausible(start) ? start : null;
      }
    }
    start ??= consensusStart(p, o, circle, plausible);
    if (!start) return null;
    // How closely the seed run follows the model sets the tolerance for the other runs:
    // a hand-drawn dot's ragged outline strays from any ellipse by far more than noise.
    const seedResiduals: number[] = [];
    for (const k of longest) seedResiduals.push(Math.abs(sampsonDistance(start, p.x[k]!, p.y[k]!)));
    const spread = 1.4826 * middleValue(seedResiduals);
    const tolerance = Math.max(o.tolerance, 3 * spread);
    // The runs that agree with the model join it.
    const accepted = new Float64Array(p.count);
    let model = start;
    for (let round = 0; round < 2; round++) {
      accepted.fill(0);
      for (const run of runs) {
        let near = 0;
        for (const k of run) {
          if (Math.abs(sampsonDistance(model, p.x[k]!, p.y[k]!)) <= tolerance) near++;
        }
        if (near >= 0.6 * run.length) for (const k of run) accepted[k] = p.weight[k]!;
      }
      const next = refine(p, accepted, model, circle);
      if (!next || !plausible(next.ellipse)) break;
      model = next.ellipse;
    }
    return reweighted(p, accepted, model, circle, tolerance, plausible);
  };
  const asCircle = fitModel(true);
  const asEllipse = fitModel(false);
  if (!asCircle && !asEllipse) return null;
  if (!asCircle || !asEllipse) {
    const only = (asCircle ?? asEllipse)!;
    return {
      ...only.fit,
      circle: asCircle !== null,
      weights: only.weights,
      other: null,
      otherRms: Infinity,
      ellipseCovariance: asEllipse ? asEllipse.fit.covariance : null,
    };
  }
  // Compare the two on the points both kept, with the same weights: the ellipse's two
  // extra parameters must pay for themselves (an F-test at about the 0.1 % level), else
  // the better-determined circle stands.
  const common = new Float64Array(p.count);
  for (let k = 0; k < p.count; k++) {
    common[k] = asCircle.weights[k]! > 0 && asEllipse.weights[k]! > 0 ? p.weight[k]! : 0;
  }
  const c = refine(p, common, asCircle.fit.ellipse, true);
  const e = refine(p, common, asEllipse.fit.ellipse, false);
  let useCircle = true;
  if (c && e) {
    const rssC = c.rms ** 2 * c.weightSum;
    const rssE = e.rms ** 2 * e.weightSum;
    const dof = Math.max(1, e.points - 5);
    // A short arc pins a circle down far better than a free ellipse, whose extra freedom
    // then goes into bending with the points' small systematic errors: the shorter the
    // arc, the more the ellipse must gain to be chosen.
    const arc = arcCoverage(p, common, c.ellipse.cx, c.ellipse.cy);
    const needed = 10 + 300 * Math.max(0, 0.75 - arc) ** 2;
    useCircle = (rssC - rssE) / 2 / Math.max(rssE / dof, 1e-12) < needed;
  } else if (!c) {
    useCircle = false;
  }
  const chosen = useCircle ? asCircle : asEllipse;
  const rejected = useCircle ? asEllipse : asCircle;
  return {
    ...chosen.fit,
    circle: useCircle,
    weights: chosen.weights,
    other: [rejected.fit.ellipse.cx, rejected.fit.ellipse.cy],
    otherRms: rejected.fit.rms,
    ellipseCovariance: asEllipse.fit.covariance,
  };
}

/** Fraction of 10 degree sectors around (cx, cy) holding a point with a weight. */
function arcCoverage(p: OutlinePoints, use: Float64Array, cx: number, cy: number): number {
  const seen = new Uint8Array(36);
  for (let k = 0; k < p.count; k++) {
    if (!(use[k]! > 0)) continue;
    const t = Math.atan2(p.y[k]! - cy, p.x[k]! - cx);
    seen[Math.min(35, Math.floor(((t + Math.PI) / (2 * Math.PI)) * 36))] = 1;
  }
  return seen.reduce((s, v) => s + v, 0) / 36;
}

/**
 * Runs of consecutive usable points (indices), longest first. A run breaks at a point
 * with no weight or where the outline jumps (the next point much further than the usual
 * spacing between neighbours).
 */
function runsOf(p: OutlinePoints): number[][] {
  const n = p.count;
  const gaps: number[] = [];
  for (let k = 0; k < n; k++) {
    const j = (k + 1) % n;
    if (p.weight[k]! > 0 && p.weight[j]! > 0) gaps.push(norm(p.x[j]! - p.x[k]!, p.y[j]! - p.y[k]!));
  }
  const usual = middleValue(gaps, 1);
  const joined = (k: number) => {
    const i = (k + n - 1) % n;
    return (
      p.weight[i]! > 0 &&
      p.weight[k]! > 0 &&
      norm(p.x[k]! - p.x[i]!, p.y[k]! - p.y[i]!) <= 3 * usual + 1
    );
  };
  let begin = -1;
  for (let k = 0; k < n; k++) {
    if (p.weight[k]! > 0 && !joined(k)) {
      begin = k;
      break;
    }
  }
  const runs: number[][] = [];
  if (begin < 0) {
    // One closed run (or none).
    const all: number[] = [];
    for (let k = 0; k < n; k++) if (p.weight[k]! > 0) all.push(k);
    if (all.length > 0) runs.push(all);
    return runs;
  }
  let current: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = (begin + i) % n;
    if (!(p.weight[k]! > 0)) continue;
    if (current.length > 0 && !joined(k)) {
      runs.push(current);
      current = [];
    }
    current.push(k);
  }
  if (current.length > 0) runs.push(current);
  return runs.sort((a, b) => b.length - a.length);
}

/** The best consensus among circles or ellipses through random minimal sets of nearby points. */
function consensusStart(
  p: OutlinePoints,
  o: RobustOptions,
  circle: boolean,
  plausible: (e: Ellipse | null) => e is Ellipse,
): Ellipse | null {
  const indices: number[] = [];
  for (let k = 0; k < p.count; k++) if (p.weight[k]! > 0) indices.push(k);
  const n = indices.length;
  const size = circle ? 3 : 5;
  if (n < size + 1) return null;
  // A hypothesis scores by how much of its own outline the points cover (in 10 degree
  // steps around it), not by their number: a circle grazing two parallel edges (a band)
  // collects many points near two tangents, the dot's own arc a long contiguous stretch.
  const BINS = 36;
  const bins = new Uint8Array(BINS);
  const consensus = (e: Ellipse) => {
    bins.fill(0);
    let score = 0;
    const { a, b, angle } = ellipseAxes(e);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (const k of indices) {
      const d = Math.abs(sampsonDistance(e, p.x[k]!, p.y[k]!));
      if (!(d < o.tolerance)) continue;
      const dx = p.x[k]! - e.cx;
      const dy = p.y[k]! - e.cy;
      const t = Math.atan2((-dx * sin + dy * cos) / b, (dx * cos + dy * sin) / a);
      const bin = Math.min(BINS - 1, Math.floor(((t + Math.PI) / (2 * Math.PI)) * BINS));
      // Truncated quadratic (MSAC) within a bin: closer points count more, the best one.
      const value = 1 - (d / o.tolerance) ** 2;
      if (value > bins[bin]! / 255) {
        score += value - bins[bin]! / 255;
        bins[bin] = Math.round(value * 255);
      }
    }
    return score;
  };
  let best: Ellipse | null = null;
  let bestScore = -1;
  const rand = mulberry(o.seed ?? 1);
  const pick = new Float64Array(p.count);
  for (let trial = 0; trial < (circle ? 60 : 120); trial++) {
    // Minimal sets from within a stretch of the outline, where the dot's own points lie
    // together.
    const span = Math.max(size, Math.floor(n * (0.25 + 0.5 * rand())));
    const start = Math.floor(rand() * n);
    pick.fill(0);
    let chosen = 0;
    let mx = 0;
    let my = 0;
    for (let guard = 0; chosen < size && guard < 50; guard++) {
      const k = indices[(start + Math.floor(rand() * span)) % n]!;
      if (pick[k] === 0) {
        pick[k] = 1;
        chosen++;
        mx += p.x[k]! / size;
        my += p.y[k]! / size;
      }
    }
    if (chosen < size) continue;
    const c = circle ? algebraicCircle(p, pick) : null;
    const e = circle ? c && circleEllipse(c.cx, c.cy, c.r) : algebraicEllipse(p, pick, mx, my);
    if (!plausible(e)) continue;
    const score = consensus(e);
    if (score > bestScore) {
      bestScore = score;
      best = e;
    }
  }
  return best;
}

/** Iteratively reweighted geometric fits (Tukey's biweight) within the accepted points. */
function reweighted(
  p: OutlinePoints,
  accepted: Float64Array,
  start: Ellipse,
  circle: boolean,
  tolerance: number,
  plausible: (e: Ellipse | null) => e is Ellipse,
): { fit: GeometricFit; weights: Float64Array } | null {
  const weights = new Float64Array(p.count);
  let model = start;
  let fit: GeometricFit | null = null;
  let scale = tolerance / 2.5;
  for (let round = 0; round < 4; round++) {
    const residuals: number[] = [];
    const c = 4.685 * scale;
    for (let k = 0; k < p.count; k++) {
      weights[k] = 0;
      if (!(accepted[k]! > 0)) continue;
      const d = sampsonDistance(model, p.x[k]!, p.y[k]!);
      if (Math.abs(d) < c) {
        weights[k] = accepted[k]! * (1 - (d / c) ** 2) ** 2;
        residuals.push(Math.abs(d));
      }
    }
    const next = refine(p, weights, model, circle);
    if (!next || !plausible(next.ellipse)) break;
    const moved = Math.hypot(next.ellipse.cx - model.cx, next.ellipse.cy - model.cy);
    fit = next;
    model = next.ellipse;
    const mad = middleValue(residuals, scale);
    // Never tighter than a twentieth of a pixel: the noise of a sharp edge point.
    scale = Math.max(1.4826 * mad, 0.05);
    if (moved < 1e-4 && round >= 2) break;
  }
  if (!fit) return null;
  // The final weights, at the final model.
  const c = 4.685 * scale;
  for (let k = 0; k < p.count; k++) {
    weights[k] = 0;
    if (!(accepted[k]! > 0)) continue;
    const d = sampsonDistance(model, p.x[k]!, p.y[k]!);
    if (Math.abs(d) < c) weights[k] = accepted[k]! * (1 - (d / c) ** 2) ** 2;
  }
  return { fit, weights };
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
