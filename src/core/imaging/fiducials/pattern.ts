// The five-dot marker pattern among dot candidates: four corners of a convex quadrilateral
// whose diagonals cross near the fifth dot, all of a kind (similar size and darkness), and
// the convention's order for them (docs/science.md, "Markers": 0 top-left, 1 top-right,
// 2 bottom-right, 3 bottom-left as seen in the photo, 4 centre).
import type { Vec2 } from '../../types';
import type { DotCandidate } from './candidates';

export interface PatternMatch {
  /** Indices into the candidate list, in marker order. */
  indices: [number, number, number, number, number];
  /** 0-1: how well the five make a marker pattern. */
  score: number;
  /** How clearly the corners' order follows from the photo's axes: 0 at a 45-degree turn. */
  orderMargin: number;
}

/** How many candidates, best first, enter the combinatorial search. */
const POOL = 40;
/** How many nearest neighbours of a centre are tried as its corners. */
const NEIGHBOURS = 12;

/** Every plausible pattern, best first (at most `limit`). */
export function findPatterns(candidates: readonly DotCandidate[], limit = 8): PatternMatch[] {
  const pool = candidates.slice(0, POOL);
  const found: PatternMatch[] = [];
  const corners = [0, 0, 0, 0];
  for (let c = 0; c < pool.length; c++) {
    const centre = pool[c]!;
    const near = pool
      .map((other, index) => ({ index, d: distance(other.centre, centre.centre), other }))
      .filter(({ index, other }) => index !== c && sizeRatio(other, centre) < 2.5)
      .sort((a, b) => a.d - b.d)
      .slice(0, NEIGHBOURS)
      .map(({ index }) => index);
    const k = near.length;
    const angle = near.map((i) =>
      Math.atan2(pool[i]!.centre[1] - centre.centre[1], pool[i]!.centre[0] - centre.centre[0]),
    );
    const sorted = new Float64Array(4);
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        for (let d = b + 1; d < k; d++) {
          for (let e = d + 1; e < k; e++) {
            // Cheap first: the four must surround the centre, 30 to 150 degrees apart.
            sorted[0] = angle[a]!;
            sorted[1] = angle[b]!;
            sorted[2] = angle[d]!;
            sorted[3] = angle[e]!;
            sorted.sort();
            if (!surrounds(sorted)) continue;
            corners[0] = near[a]!;
            corners[1] = near[b]!;
            corners[2] = near[d]!;
            corners[3] = near[e]!;
            const match = scoreSet(pool, corners, c);
            if (match) found.push(match);
          }
        }
      }
    }
  }
  found.sort((x, y) => y.score - x.score);
  // The same five dots reached from another centre choice count once.
  const distinct: PatternMatch[] = [];
  for (const match of found) {
    const key = [...match.indices].sort((x, y) => x - y).join(',');
    if (distinct.some((m) => [...m.indices].sort((x, y) => x - y).join(',') === key)) continue;
    distinct.push(match);
    if (distinct.length >= limit) break;
  }
  return distinct;
}

const MIN_GAP = Math.PI / 6;
const MAX_GAP = (5 * Math.PI) / 6;

/** Sorted angles whose successive gaps (round the circle) all lie between 30 and 150 degrees. */
function surrounds(sorted: Float64Array): boolean {
  for (let k = 0; k < 4; k++) {
    const gap = k < 3 ? sorted[k + 1]! - sorted[k]! : sorted[0]! + 2 * Math.PI - sorted[3]!;
    if (gap < MIN_GAP || gap > MAX_GAP) return false;
  }
  return true;
}

function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function sizeRatio(a: DotCandidate, b: DotCandidate): number {
  return Math.max(a.diameter, b.diameter) / Math.min(a.diameter, b.diameter);
}

function cross(o: Vec2, a: Vec2, b: Vec2): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Angles of the four photo corners seen from the centre, y down: up-left first, clockwise. */
const REFERENCE = [-135, -45, 45, 135].map((d) => (d * Math.PI) / 180);

function angleGap(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/**
 * Orders four corners clockwise around the centre (increasing angle with y down) starting
 * from the one that best matches the photo's top-left direction; the margin is how much
 * worse the next-best starting corner fits (radians of total angle error).
 */
export function orderCorners(
  centre: Vec2,
  corners: readonly Vec2[],
): { order: number[]; margin: number } {
  const angles = corners.map((p) => Math.atan2(p[1] - centre[1], p[0] - centre[0]));
  const clockwise = [0, 1, 2, 3].sort((i, j) => angles[i]! - angles[j]!);
  const costs = [0, 1, 2, 3].map((start) =>
    REFERENCE.reduce((sum, ref, k) => sum + angleGap(angles[clockwise[(start + k) % 4]!]!, ref), 0),
  );
  const best = costs.indexOf(Math.min(...costs));
  const second = Math.min(...costs.filter((_, i) => i !== best));
  return {
    order: [0, 1, 2, 3].map((k) => clockwise[(best + k) % 4]!),
    margin: second - costs[best]!,
  };
}

function scoreSet(
  pool: readonly DotCandidate[],
  corners: number[],
  c: number,
): PatternMatch | null {
  const centre = pool[c]!.centre;
  const { order, margin } = orderCorners(
    centre,
    corners.map((i) => pool[i]!.centre),
  );
  const q = order.map((k) => pool[corners[k]!]!.centre) as [Vec2, Vec2, Vec2, Vec2];
  // Convex, in clockwise order, with the centre inside.
  for (let k = 0; k < 4; k++) {
    const a = q[k]!;
    const b = q[(k + 1) % 4]!;
    const next = q[(k + 2) % 4]!;
    if (cross(a, b, next) <= 0 || cross(a, b, centre) <= 0) return null;
  }
  // Each corner seen from the centre 30 to 150 degrees from the next (shear allowed).
  const angles = q.map((p) => Math.atan2(p[1] - centre[1], p[0] - centre[0]));
  for (let k = 0; k < 4; k++) {
    let gap = angles[(k + 1) % 4]! - angles[k]!;
    if (gap < 0) gap += 2 * Math.PI;
    if (gap < MIN_GAP || gap > MAX_GAP) return null;
  }
  // The diagonals cross near the centre dot (a barrelled specimen moves it a little).
  const diagonal1 = distance(q[0], q[2]);
  const diagonal2 = distance(q[1], q[3]);
  const meeting = intersection(q[0], q[2], q[1], q[3]);
  if (!meeting) return null;
  const offset = distance(meeting, centre) / ((diagonal1 + diagonal2) / 2);
  if (offset > 0.3) return null;
  // Dots apart from each other, sides not wildly unequal.
  const members = [...order.map((k) => pool[corners[k]!]!), pool[c]!];
  const diameters = members.map((m) => m.diameter);
  const meanDiameter = diameters.reduce((s, d) => s + d, 0) / 5;
  const sides = [0, 1, 2, 3].map((k) => distance(q[k]!, q[(k + 1) % 4]!));
  const shortest = Math.min(...sides);
  if (shortest < 2.5 * meanDiameter) return null;
  if (Math.max(...sides) > 4 * shortest) return null;
  // Of a kind: similar sizes and darkness.
  const sizeSpread = spread(diameters);
  const darknessSpread = spread(members.map((m) => m.contrast));
  const likeness = members.reduce((p, m) => p * Math.max(m.score, 1e-3), 1) ** (1 / 5);
  // Another dot of the same kind inside the quadrilateral suggests a different grouping.
  let intruders = 0;
  for (let i = 0; i < pool.length; i++) {
    if (i === c || corners.includes(i)) continue;
    const other = pool[i]!;
    if (other.score < 0.5 || sizeRatio(other, pool[c]!) > 1.6) continue;
    if ([0, 1, 2, 3].every((k) => cross(q[k]!, q[(k + 1) % 4]!, other.centre) > 0)) intruders++;
  }
  // A homogeneous deformation maps the square pattern to a parallelogram: opposite sides
  // stay near equal even under large strain; a chance group of dots seldom does that.
  const mismatch = Math.max(
    (2 * Math.abs(sides[0]! - sides[2]!)) / (sides[0]! + sides[2]!),
    (2 * Math.abs(sides[1]! - sides[3]!)) / (sides[1]! + sides[3]!),
  );
  // Specimens are mostly photographed upright: a pattern squarely aligned with the photo
  // is a little more likely than a tilted chance group.
  const upright = 0.7 + 0.3 * Math.min(1, margin / (2 * Math.PI));
  const score =
    likeness *
    upright *
    Math.exp(-((mismatch / 0.5) ** 2)) *
    Math.exp(-((offset / 0.25) ** 2)) *
    Math.exp(-((sizeSpread / 0.45) ** 2)) *
    Math.exp(-((darknessSpread / 0.4) ** 2)) *
    0.6 ** intruders;
  return {
    indices: [...order.map((k) => corners[k]!), c] as PatternMatch['indices'],
    score,
    orderMargin: margin,
  };
}

/** Coefficient of variation. */
function spread(values: number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return mean > 0 ? Math.sqrt(variance) / mean : Infinity;
}

/** Where segment a1-a2 crosses segment b1-b2 (as lines), or null if parallel. */
function intersection(a1: Vec2, a2: Vec2, b1: Vec2, b2: Vec2): Vec2 | null {
  const dax = a2[0] - a1[0];
  const day = a2[1] - a1[1];
  const dbx = b2[0] - b1[0];
  const dby = b2[1] - b1[1];
  const det = dax * dby - day * dbx;
  if (Math.abs(det) < 1e-12) return null;
  const t = ((b1[0] - a1[0]) * dby - (b1[1] - a1[1]) * dbx) / det;
  return [a1[0] + t * dax, a1[1] + t * day];
}
