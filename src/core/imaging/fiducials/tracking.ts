// Tracking: the previous image's fiducials carried over to the next image and re-snapped.
// First each point is located near where it was (a fixed camera moves little); if that
// does not give a consistent motion, dot candidates over the whole photo are matched to the
// previous pattern by the similarity (shift, turn, zoom) most of them agree on, which
// allows for a moved camera and a deformed specimen.
import type { Vec2 } from '../../types';
import { findCandidates } from './candidates';
import type { CandidateOptions, CandidateSearch, DotCandidate } from './candidates';
import { locateCandidate } from './candidateDots';
import { findDot } from '../dot/locate';
import { dotIssues, fiducialName } from './dotIssues';
import { findPatterns } from './pattern';
import type { DotQuality } from '../dot/types';
import type { RgbaImage } from '../raster/image';
import { applyAffine, fitAffine } from '../../affineFit';

export interface TrackOptions {
  /** How far a dot may move between the images before the whole photo is searched, px. */
  radius?: number;
  candidates?: CandidateOptions;
  /** The candidates of this image, found already (for detection too): not searched again. */
  search?: CandidateSearch;
}

export type TrackStatus = 'snapped' | 'predicted';

export interface TrackedPoint {
  point: Vec2;
  /** snapped: located on a dot; predicted: not located precisely (a candidate's rough centre,
   * or where it was when nothing was recognised). */
  status: TrackStatus;
  quality: DotQuality | null;
  /** Distance from the fitted motion of all points, px: large for a mismatched dot. */
  residual: number;
}

export interface FiducialTracking {
  points: Vec2[];
  tracked: TrackedPoint[];
  /** local: each dot found near its old place; matched: found by matching the pattern. */
  method: 'local' | 'matched';
  needsReview: boolean;
  reasons: string[];
}

/**
 * How far from one line the dots must be for their affine map to count: a wider margin than
 * the marking checks', as the plane fit that tracking used to go through had.
 */
const NOT_COLLINEAR = 1e-9;

/** How far a dot may have moved, as a share of the pattern's least spacing, to be found near its old place. */
export const LOCAL_SEARCH_SHARE = 0.3;

/** The points re-located on `image`, in the same order as `previous`. */
export function trackFiducials(
  image: RgbaImage,
  previous: readonly Vec2[],
  options?: TrackOptions,
): FiducialTracking {
  const spacing = minimumSpacing(previous);
  const { candidates } = options?.search ?? findCandidates(image, options?.candidates);
  const usable = candidates.filter((c) => c.score > 0.05);
  // Each point to the candidate nearest its old place, if that is a consistent motion.
  const radius = options?.radius ?? LOCAL_SEARCH_SHARE * spacing;
  const local = nearestCandidates(previous, usable, radius);
  if (local) {
    const result = locateAll(image, previous, local, usable, 'local');
    if (!result.needsReview) return result;
  }
  const match = previous.length === 5 ? bestPattern(previous, usable) : null;
  if (match) return locateAll(image, previous, match, usable, 'matched');
  // No pattern to follow: snap each point where it was, and ask for a look.
  const found = previous.map((p) => findDot(image, p, { radius: Math.min(radius, 150) }));
  const result = conclude(
    previous,
    found.map((f, k) => (f.ok ? f.centre : previous[k]!)),
    found.map((f) => (f.ok ? f.quality : null)),
    'matched',
  );
  result.reasons.unshift('The previous pattern was not recognised in this photo.');
  result.needsReview = true;
  return result;
}

/** For each point the nearest candidate within `radius`, all different, or null. */
function nearestCandidates(
  previous: readonly Vec2[],
  usable: readonly DotCandidate[],
  radius: number,
): number[] | null {
  const chosen: number[] = [];
  for (const p of previous) {
    let best = -1;
    let bestDistance = radius;
    usable.forEach((c, i) => {
      const d = distance(c.centre, p);
      if (d <= bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    if (best < 0 || chosen.includes(best)) return null;
    chosen.push(best);
  }
  return chosen;
}

/** The chosen candidates located at full resolution, with the verdict. */
function locateAll(
  image: RgbaImage,
  previous: readonly Vec2[],
  chosen: readonly number[],
  usable: readonly DotCandidate[],
  method: FiducialTracking['method'],
): FiducialTracking {
  const points: Vec2[] = [];
  const quality: (DotQuality | null)[] = [];
  for (const index of chosen) {
    const candidate = usable[index]!;
    const found = locateCandidate(image, candidate);
    points.push(found.ok ? found.centre : candidate.centre);
    quality.push(found.ok ? found.quality : null);
  }
  return conclude(previous, points, quality, method);
}

/**
 * The candidate pattern that continues the previous one: each five-dot pattern on this
 * photo, its corners taken in each of the four turns, is fitted to the previous points by
 * a similarity (shift, turn, zoom); the previous image's marker identities carry over
 * through the turn that is smallest, so a pattern near 45 degrees keeps its numbering.
 * Returns candidate indices in the previous points' order.
 */
function bestPattern(previous: readonly Vec2[], usable: readonly DotCandidate[]): number[] | null {
  let best: { indices: number[]; score: number } | null = null;
  for (const pattern of findPatterns(usable, 8)) {
    for (let turn = 0; turn < 4; turn++) {
      const indices = [0, 1, 2, 3].map((k) => pattern.indices[(k + turn) % 4]!);
      indices.push(pattern.indices[4]);
      const target = indices.map((i) => usable[i]!.centre);
      const turnFit = fitSimilarity(previous, target);
      const stretchFit = fitAffine(previous, target, NOT_COLLINEAR);
      if (!turnFit || !stretchFit) continue;
      // The specimen's own stretch is an affine map: what it leaves over is mismatch.
      const size = Math.sqrt(target.reduce((sum, p) => sum + distance(p, target[4]!) ** 2, 0) / 4);
      const left = Math.sqrt(
        previous.reduce(
          (sum, p, k) => sum + distance(applyAffine(stretchFit, p), target[k]!) ** 2,
          0,
        ) / 5,
      );
      const score =
        pattern.score *
        Math.exp(-((left / size / 0.08) ** 2)) *
        Math.exp(-((turnFit.rotation / (Math.PI / 6)) ** 2));
      if (!best || score > best.score) best = { indices, score };
    }
  }
  return best && best.score > 0.01 ? best.indices : null;
}

/**
 * Least-squares similarity from -> to: its turn (radians) and the RMS residual relative to
 * the size of the target pattern.
 */
function fitSimilarity(
  from: readonly Vec2[],
  to: readonly Vec2[],
): { rotation: number; residual: number } | null {
  const { x, y, u, v } = aboutMeans(from, to);
  let dot = 0;
  let crossSum = 0;
  let norm = 0;
  let size = 0;
  for (let k = 0; k < x.length; k++) {
    dot += x[k]! * u[k]! + y[k]! * v[k]!;
    crossSum += x[k]! * v[k]! - y[k]! * u[k]!;
    norm += x[k]! * x[k]! + y[k]! * y[k]!;
    size += u[k]! * u[k]! + v[k]! * v[k]!;
  }
  if (!(norm > 0) || !(size > 0)) return null;
  const re = dot / norm;
  const im = crossSum / norm;
  let error = 0;
  for (let k = 0; k < x.length; k++) {
    error += (re * x[k]! - im * y[k]! - u[k]!) ** 2 + (im * x[k]! + re * y[k]! - v[k]!) ** 2;
  }
  return { rotation: Math.abs(Math.atan2(im, re)), residual: Math.sqrt(error / size) };
}

/** Both point sets about their own means: from as (x, y), to as (u, v). */
function aboutMeans(from: readonly Vec2[], to: readonly Vec2[]) {
  const n = from.length;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let k = 0; k < n; k++) {
    fx += from[k]![0] / n;
    fy += from[k]![1] / n;
    tx += to[k]![0] / n;
    ty += to[k]![1] / n;
  }
  return {
    x: Float64Array.from(from, (p) => p[0] - fx),
    y: Float64Array.from(from, (p) => p[1] - fy),
    u: Float64Array.from(to.slice(0, n), (p) => p[0] - tx),
    v: Float64Array.from(to.slice(0, n), (p) => p[1] - ty),
  };
}

/** The statuses, residuals and review verdict for located points. */
function conclude(
  previous: readonly Vec2[],
  points: Vec2[],
  quality: (DotQuality | null)[],
  method: FiducialTracking['method'],
): FiducialTracking {
  const reasons: string[] = [];
  const fit = fitAffine(previous, points, NOT_COLLINEAR);
  const residuals = points.map((p, k) => (fit ? distance(applyAffine(fit, previous[k]!), p) : 0));
  const spacing = minimumSpacing(points);
  const tracked: TrackedPoint[] = points.map((point, k) => ({
    point,
    status: quality[k] ? 'snapped' : 'predicted',
    quality: quality[k] ?? null,
    residual: residuals[k]!,
  }));
  // Two points on one dot, or a point far off the motion of the others, is a mismatch.
  if (spacing < 0.3 * minimumSpacing(previous)) reasons.push('Two points landed on the same dot.');
  const limit = Math.max(3, 0.12 * minimumSpacing(previous));
  residuals.forEach((r, k) => {
    if (r > limit) reasons.push(`${fiducialName(k)} moved unlike the others.`);
  });
  // Each dot in doubt by name (not located, or hard to locate), in marker order.
  for (const issue of dotIssues(quality)) reasons.push(issue.text);
  return { points, tracked, method, needsReview: reasons.length > 0, reasons };
}

function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The least distance between two of the points (100 px when there are fewer than two). */
export function minimumSpacing(points: readonly Vec2[]): number {
  let least = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++)
      least = Math.min(least, distance(points[i]!, points[j]!));
  }
  return Number.isFinite(least) ? least : 100;
}
