// The robust fit that finds a dot's outline among points of other structures: the longest
// run of points (or a RANSAC consensus) as a start, the other runs that agree with it, then
// iteratively reweighted geometric fits, for a circle and for a free ellipse.
import { norm } from '../../raster/norm';
import { middleValue } from '../../raster/statistics';
import * as conicModule from './conic';
import type { Ellipse, OutlinePoints } from './conic';
import * as sampsonModule from './sampsonFit';
import type { GeometricFit } from './sampsonFit';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { algebraicCircle, algebraicEllipse, circleEllipse, ellipseAxes, sampsonDistance } =
  conicModule;
const { sampsonFit } = sampsonModule;

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
        const seeded = sampsonFit(p, seedMask, start, circle);
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
      const next = sampsonFit(p, accepted, model, circle);
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
  const c = sampsonFit(p, common, asCircle.fit.ellipse, true);
  const e = sampsonFit(p, common, asEllipse.fit.ellipse, false);
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
    const next = sampsonFit(p, weights, model, circle);
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
