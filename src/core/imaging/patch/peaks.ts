// Peaks of a score grid: the distinct local maxima best first, whether another peak is a
// separate alignment (a dip between) or a bump on the same ridge, and the sub-pixel place
// of a peak.
import type { ScoreGrid } from './ncc';

export interface Peak {
  /** Level pixel indices of the template centre. */
  x: number;
  y: number;
  score: number;
  /** The peak lies on the border of the searched grid: the true one may be outside it. */
  onEdge: boolean;
}

/**
 * The grid's local maxima, best first, each at least `separation` grid cells (in x or y)
 * from every better one kept: distinct alignments, such as neighbouring ruler ticks.
 */
export function distinctPeaks(grid: ScoreGrid, count: number, separation = 2): Peak[] {
  const { width, height, scores } = grid;
  const maxima: { i: number; score: number }[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const s = scores[i]!;
      let isMax = true;
      for (let dy = -1; dy <= 1 && isMax; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if ((dx === 0 && dy === 0) || x + dx < 0 || y + dy < 0) continue;
          if (x + dx >= width || y + dy >= height) continue;
          if (scores[i + dy * width + dx]! > s) {
            isMax = false;
            break;
          }
        }
      }
      if (isMax) maxima.push({ i, score: s });
    }
  }
  maxima.sort((a, b) => b.score - a.score);
  const kept: Peak[] = [];
  for (const { i, score } of maxima) {
    const x = i % width;
    const y = (i - x) / width;
    const near = kept.some(
      (p) => Math.max(Math.abs(p.x - grid.x0 - x), Math.abs(p.y - grid.y0 - y)) < separation,
    );
    if (near) continue;
    const onEdge = x === 0 || y === 0 || x === width - 1 || y === height - 1;
    kept.push({ x: grid.x0 + x, y: grid.y0 + y, score, onEdge });
    if (kept.length >= count) break;
  }
  return kept;
}

/**
 * Sub-pixel offset of a peak from its grid cell, in level pixels, by a parabola through the
 * peak and its two neighbours along each axis (0 on an axis where a neighbour is missing).
 */
export function subPixelOffset(grid: ScoreGrid, peak: Peak): [number, number] {
  const x = peak.x - grid.x0;
  const y = peak.y - grid.y0;
  const at = (gx: number, gy: number) =>
    gx >= 0 && gy >= 0 && gx < grid.width && gy < grid.height
      ? grid.scores[gy * grid.width + gx]!
      : NaN;
  return [
    vertex(at(x - 1, y), at(x, y), at(x + 1, y)),
    vertex(at(x, y - 1), at(x, y), at(x, y + 1)),
  ];
}

function vertex(a: number, b: number, c: number): number {
  const denominator = a - 2 * b + c;
  if (!Number.isFinite(denominator) || denominator >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denominator));
}

/** The lowest score on the straight path between two grid cells. */
export function lowestBetween(grid: ScoreGrid, a: Peak, b: Peak): number {
  const steps = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y));
  let lowest = Infinity;
  for (let s = 1; s < steps; s++) {
    const x = Math.round(a.x + ((b.x - a.x) * s) / steps) - grid.x0;
    const y = Math.round(a.y + ((b.y - a.y) * s) / steps) - grid.y0;
    lowest = Math.min(lowest, grid.scores[y * grid.width + x]!);
  }
  return lowest;
}
