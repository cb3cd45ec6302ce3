// patch/: following a patch of texture from one photo to the next, for points that are
// not dots (the ruler's scale points). Normalised cross-correlation over pyramid levels
// (ncc.ts, peaks.ts), the patch sampled through a warp (sampling.ts) from windows of the
// new photo (photoWindows.ts), and the sub-pixel fit by Lucas-Kanade (lucasKanade.ts,
// gradientField.ts); the entry point is here.
//
// Following one point from a photo to the next by the look of the patch around it, for
// ruler marks, which are not dots: the previous photo's patch is matched by normalised
// cross-correlation (ncc.ts), coarse to fine, through the camera's zoom and turn, then
// refined to a fraction of a pixel by Lucas-Kanade (lucasKanade.ts).
//
// Ruler ticks repeat, so a match can be off by exactly one tick and still look right. Each
// finer level therefore searches a few level pixels around the estimate, enough to hold the
// neighbouring ticks at the level where their spacing is a few level pixels, and reports
// how close the best other alignment came (the ambiguity): a point that could sit on the
// neighbouring tick is reported, not guessed.
import type { Vec2 } from '../../types';
import { halveLevel, levelAround } from '../raster/levels';
import type { GreyLevel } from '../raster/levels';
import { makeTemplate, scoreGrid } from './ncc';
import type { ScoreGrid, Template } from './ncc';
import { SKEW, levelSamples, sampleBack, sides, strides } from './sampling';
import { distinctPeaks, lowestBetween, subPixelOffset } from './peaks';
import type { Peak } from './peaks';
import { HALVED_UP_TO, PhotoWindows } from './photoWindows';
import { lucasKanade } from './lucasKanade';
import type { RgbaImage } from '../raster/image';
import { invertWarp } from '../raster/warp';
import type { Alignment, Warp } from '../raster/warp';
import type { HalfSize, PatchMatch, PointPatch } from './types';

/** Template half-size at the coarsest level, samples: coarse enough to search a whole photo. */
export const COARSE_SAMPLES = 7;
/** At most this many samples from the centre to a side of the template on finer levels... */
const SEARCH_SAMPLES = 16;
/** ...and at full resolution, where the sub-pixel position is read. */
const FINE_SAMPLES = 48;
/** Level pixels searched each way around the estimate on each finer level... */
const FINE_WINDOW = 5;
/** ...and on the last, full-resolution one. */
const LAST_WINDOW = 2;
/** A second peak must rise this far above the lowest score between it and the best. */
const PROMINENCE = 0.05;
/** How many times a best match on a window's border is followed on the finest levels. */
const FOLLOW = 2;
/** At most this many other alignments are scored again at full resolution. */
const RIVALS = 3;

/** Block sizes from the coarsest (about COARSE_SAMPLES across `context`) to full resolution. */
export function patchFactors(context: number): number[] {
  let f = 1;
  while (f * 2 * COARSE_SAMPLES <= context * 1.4) f *= 2;
  const factors: number[] = [];
  for (; f >= 1; f /= 2) factors.push(f);
  return factors;
}

/**
 * The grey windows of `image` around `point` that tracking it later needs: kept instead of
 * the whole previous photo, so a sequence is tracked with one decode per photo. The matched
 * rectangle is `half` at full resolution and grows on coarser levels, each side towards
 * `context`, keeping about SEARCH_SAMPLES samples from the centre to a side.
 */
export function cutPatch(
  image: RgbaImage,
  point: Vec2,
  half: HalfSize,
  context: number = Math.max(half[0], half[1]),
): PointPatch {
  const hx = Math.max(4, half[0]);
  const hy = Math.max(4, half[1]);
  const wide = Math.max(hx, hy, context);
  const factors = patchFactors(wide);
  const grow = (h: number, f: number) => Math.max(h, Math.min(wide, SEARCH_SAMPLES * f));
  const halves = factors.map((f): HalfSize => [grow(hx, f), grow(hy, f)]);
  // Three reads of the photo, each halved for the larger block sizes: full resolution for
  // the fine levels, and the coarse ones in two groups, since their windows differ most.
  const reach = (k: number): Vec2 => {
    const [x, y] = halves[k]!;
    const f = factors[k]!;
    return [x + SKEW * y + 3 * f, y + SKEW * x + 3 * f];
  };
  const levels: GreyLevel[] = [];
  for (const group of [
    factors.filter((f) => f > 2 * HALVED_UP_TO),
    factors.filter((f) => f > HALVED_UP_TO && f <= 2 * HALVED_UP_TO),
    factors.filter((f) => f <= HALVED_UP_TO),
  ]) {
    if (group.length === 0) continue;
    const ks = group.map((f) => factors.indexOf(f));
    const rx = Math.max(...ks.map((k) => reach(k)[0]));
    const ry = Math.max(...ks.map((k) => reach(k)[1]));
    let level = levelAround(image, group[group.length - 1]!, point, rx, ry);
    const halved: GreyLevel[] = [level];
    while (level.factor < group[0]!) {
      level = halveLevel(level);
      halved.unshift(level);
    }
    levels.push(...halved);
  }
  return { point: [point[0], point[1]], levels, halves };
}

/** Image coordinate of a level pixel's centre, and the level pixel under an image coordinate. */
export const levelToImage = (i: number, f: number): number => f * (i + 0.5);
export const imageToLevel = (x: number, f: number): number => Math.round(x / f - 0.5);

/**
 * The patch as a template on one of its levels through a warp: samples every `stride`
 * level pixels (at most `cap` from the centre to a side), each read from the previous
 * photo where the warp says it came from. Null when the patch is flat or cut off.
 */
export function patchTemplate(
  patch: PointPatch,
  levelIndex: number,
  warp: Warp,
  cap = SEARCH_SAMPLES,
): Template | null {
  const level = patch.levels[levelIndex]!;
  const f = level.factor;
  const side = sides(patch, levelIndex, warp);
  const [sx, sy] = strides(side, f, cap);
  const back = invertWarp(warp);
  if (!back) return null;
  return makeTemplate(
    (dx, dy) => sampleBack(level, patch.point, back, dx * f, dy * f),
    {
      left: Math.floor(side.left / (f * sx)),
      right: Math.floor(side.right / (f * sx)),
      top: Math.floor(side.top / (f * sy)),
      bottom: Math.floor(side.bottom / (f * sy)),
    },
    sx,
    sy,
  );
}

/**
 * Refines an estimate level by level down to full resolution, and there to a fraction of a
 * pixel; null when the patch is lost. On each level the template (through the current
 * warp) is scored over a small window and the best place is refined by the Gauss-Newton
 * fit, which also corrects the warp for the next level (a grid of zooms and turns on every
 * level would cost many times as much). Every other distinct peak met on the way (the
 * neighbouring ticks, once a level resolves them) is scored again at full resolution at
 * the end: the best of those over the match is the ambiguity.
 */
export function refinePatch(
  patch: PointPatch,
  image: RgbaImage,
  start: Alignment,
  options: {
    firstLevel?: number;
    trust?: number;
    /** Score the other alignments for the ambiguity (default true). */
    rivals?: boolean;
  } = {},
): PatchMatch | null {
  // Room for the windows' margins, a few hops of the estimate and the rivals' offsets.
  const slack = (2 * FINE_WINDOW + 3) * HALVED_UP_TO + 2 * FOLLOW * FINE_WINDOW * 2 + 16;
  const windows = new PhotoWindows(image, patch, start, slack);
  try {
    return refineOnWindows(patch, windows, start, options);
  } finally {
    // Nothing returned reads the windows: their buffers can serve the next point.
    windows.release();
  }
}

/** refinePatch on windows of the new photo around the start. */
function refineOnWindows(
  patch: PointPatch,
  windows: PhotoWindows,
  start: Alignment,
  options: { firstLevel?: number; trust?: number; rivals?: boolean },
): PatchMatch | null {
  const firstLevel = options.firstLevel ?? 1;
  // How far from `start` the point may be, image pixels: it bounds the windows on the
  // coarse levels, where a ruler slides along itself with hardly a change of score.
  let trust = options.trust ?? Infinity;
  let estimate: Alignment = start;
  let atEdge = false;
  let score = -1;
  let refined = false;
  /** Other alignments met on the way, as offsets from the estimate of their level. */
  const others: Vec2[] = [];
  const levels = patch.levels;
  const last = levels.length - 1;
  for (let k = Math.min(firstLevel, last); k <= last; k++) {
    const f = levels[k]!.factor;
    const cap = k === last ? FINE_SAMPLES : SEARCH_SAMPLES;
    const template = patchTemplate(patch, k, estimate.warp, cap);
    if (!template) return null;
    // The last level only polishes: the finer of the previous levels has placed the
    // estimate within a pixel and seen the neighbouring alignments already.
    const w =
      k === last && k > firstLevel
        ? LAST_WINDOW
        : Math.max(2, Math.min(FINE_WINDOW, Math.ceil(trust / f)));
    let found = bestInWindow(patch, k, template, windows, estimate, w);
    // On the two finest levels a best match on the window's border is followed a little
    // (the coarser level may have been a few pixels off across the ticks, where a ruler
    // says little); a match still on the border leaves the point in doubt. Coarser levels
    // must not wander: there a ruler slides along itself with hardly a change of score.
    for (let hop = 0; k >= last - 1 && found?.peak.onEdge && hop < FOLLOW; hop++) {
      const { peak } = found;
      const moved: Alignment = {
        centre: [levelToImage(peak.x, f), levelToImage(peak.y, f)],
        warp: estimate.warp,
      };
      found = bestInWindow(patch, k, template, windows, moved, w);
    }
    if (!found) return null;
    const { grid, peak, target } = found;
    if (k >= last - 1) atEdge ||= peak.onEdge;
    trust = Math.max(trust / 2, FINE_WINDOW * (levels[k + 1]?.factor ?? 1));
    const [ox, oy] = subPixelOffset(grid, peak);
    const centre: Vec2 = [levelToImage(peak.x + ox, f), levelToImage(peak.y + oy, f)];
    for (const other of otherPeaks(grid, peak)) {
      others.push([levelToImage(other.x, f) - centre[0], levelToImage(other.y, f) - centre[1]]);
    }
    estimate = { centre, warp: estimate.warp };
    score = peak.score;
    refined = false;
    // The fit only on the two finest levels: on coarser ones the patch's wide context (which
    // may hold things that moved, such as the specimen) pulls the warp off more than it
    // helps, and the pair search has already set zoom and turn well enough.
    if (k < last - 1) continue;
    const samples = levelSamples(patch, k, estimate.warp, cap);
    const fit = samples && lucasKanade(samples, target, estimate, 3 * f, k === last ? 8 : 4);
    // The fit must not trade the match for a worse one.
    if (fit && fit.score >= peak.score - 0.02) {
      estimate = fit.alignment;
      score = fit.score;
      refined = k === last;
    }
  }
  const ambiguity = options.rivals === false ? 0 : rivalRatio(patch, windows, estimate, others);
  return { ...estimate, score, ambiguity, atEdge, refined };
}

/** The template's best place within ±w level pixels of the estimate, on level k. */
function bestInWindow(
  patch: PointPatch,
  k: number,
  template: Template,
  windows: PhotoWindows,
  estimate: Alignment,
  w: number,
): { grid: ScoreGrid; peak: Peak; target: GreyLevel } | null {
  const f = patch.levels[k]!.factor;
  const side = sides(patch, k, estimate.warp);
  const reachX = Math.max(side.left, side.right) + SKEW * Math.max(side.top, side.bottom);
  const reachY = Math.max(side.top, side.bottom) + SKEW * Math.max(side.left, side.right);
  const mx = reachX + (w + 3) * f;
  const my = reachY + (w + 3) * f;
  const [ex, ey] = estimate.centre;
  const target = windows.over(f, ex - mx, ey - my, ex + mx, ey + my);
  const cx = imageToLevel(estimate.centre[0], f);
  const cy = imageToLevel(estimate.centre[1], f);
  const grid = scoreGrid(template, target, cx - w, cy - w, cx + w, cy + w);
  const peak = grid && distinctPeaks(grid, 1)[0];
  if (!grid || !peak || !Number.isFinite(peak.score)) return null;
  return { grid, peak, target };
}

/**
 * The grid's other distinct peaks: each with a dip in the scores between it and the best.
 * Along a ridge (a straight edge the patch slides on at a coarse level) the scores barely
 * change, and a bump on it is not another alignment.
 */
function otherPeaks(grid: ScoreGrid, best: Peak): Peak[] {
  return distinctPeaks(grid, 6)
    .filter((p) => p.x !== best.x || p.y !== best.y)
    .filter((p) => p.score - lowestBetween(grid, best, p) >= PROMINENCE);
}

/**
 * The best score of the other alignments at full resolution, over the match's own: the
 * few best offsets are each tried within two pixels, through the match's warp (0 when
 * there are none).
 */
function rivalRatio(
  patch: PointPatch,
  windows: PhotoWindows,
  match: Alignment,
  offsets: readonly Vec2[],
): number {
  const k = patch.levels.length - 1;
  const tried: Vec2[] = [];
  for (const [dx, dy] of offsets) {
    // Offsets within a few pixels are the match itself or one tried already.
    if (Math.hypot(dx, dy) < 3 || tried.some((t) => Math.hypot(t[0] - dx, t[1] - dy) < 3)) continue;
    tried.push([dx, dy]);
    if (tried.length >= RIVALS) break;
  }
  if (tried.length === 0) return 0;
  const template = patchTemplate(patch, k, match.warp, FINE_SAMPLES);
  if (!template) return 0;
  const best = (dx: number, dy: number, w: number) => {
    const at: Alignment = {
      centre: [match.centre[0] + dx, match.centre[1] + dy],
      warp: match.warp,
    };
    return bestInWindow(patch, k, template, windows, at, w)?.peak;
  };
  const own = best(0, 0, 1)?.score;
  if (own === undefined || !(own > 0)) return 1;
  let rival = 0;
  for (const [dx, dy] of tried) {
    const other = best(dx, dy, 2);
    if (other && !other.onEdge) rival = Math.max(rival, Math.max(0, other.score) / own);
  }
  return rival;
}
