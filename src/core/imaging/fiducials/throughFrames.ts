// Following the fiducials through the frames of a video between two chosen frames. Tracking
// from one chosen frame to the next finds each dot near its old place, or else matches the
// pattern over the whole photo; when the dots jump far and the photo holds look-alikes (a
// grid of dots, a second specimen) the match can settle on the wrong ones. Frames in between
// keep every step short: each step jumps as many frames as keep the dots' move within a safe
// share of the tracker's search radius at the speed measured on the step before, and a step
// the tracker is unsure of is taken again at half the length.
import type { Vec2 } from '../../types';
import type { RgbaImage } from '../raster/image';
import { LOCAL_SEARCH_SHARE, minimumSpacing, trackFiducials } from './tracking';
import type { FiducialTracking } from './tracking';

/** The share of the tracker's search radius a dot is let move in one step. */
export const SAFE_SHARE_OF_SEARCH = 0.5;

/** More tracked frames than this between two chosen frames: the rest is left to the tracker. */
export const MOST_STEPS = 2000;

/** The last step taken: its length in frames and the largest move of a dot over it, px. */
export interface TakenStep {
  frames: number;
  move: number;
}

/** How far a dot may move in one step among these points, px. */
export function safeMove(points: readonly Vec2[]): number {
  return SAFE_SHARE_OF_SEARCH * LOCAL_SEARCH_SHARE * minimumSpacing(points);
}

/**
 * The length of the next step, in frames: as many as keep the move within `safe` at the
 * speed of the last step, but at most twice its length (a speed measured over a short step
 * is rough, and the motion may quicken), one frame when nothing is known yet, never past the
 * `left` frames to go, and at least one.
 */
export function nextStride(last: TakenStep | null, safe: number, left: number): number {
  if (left <= 1) return 1;
  if (!last) return 1;
  const grown = 2 * last.frames;
  const perFrame = last.move / last.frames;
  const bySpeed = perFrame > 0 ? Math.floor(safe / perFrame) : grown;
  return Math.max(1, Math.min(grown, bySpeed, left));
}

/** Whether the tracker vouches for a step: every dot found near its old place and consistent. */
export function sureStep(tracking: FiducialTracking): boolean {
  return tracking.method === 'local' && !tracking.needsReview;
}

function largestMove(from: readonly Vec2[], to: readonly Vec2[]): number {
  return Math.max(...from.map((p, k) => Math.hypot(to[k]![0] - p[0], to[k]![1] - p[1])));
}

export interface FollowedThrough {
  /** Where the dots are on the last frame followed, to be carried onto the chosen frame. */
  points: Vec2[];
  /** How many frames in between the dots were tracked on. */
  frames: number;
  /** How many of them the tracker was unsure of even a frame apart. */
  unsure: number;
}

/**
 * Follows the dots from the chosen frame at index 0 through the frames up to the one before
 * index `gap` (the next chosen frame, which the caller tracks onto with its own photo).
 * `frameAt(k)` gives frame k's pixels, or null when it cannot be decoded (skipped); only one
 * frame is asked for at a time, so the caller can release each before the next.
 */
export async function followThroughFrames(
  gap: number,
  start: readonly Vec2[],
  frameAt: (index: number) => Promise<RgbaImage | null>,
): Promise<FollowedThrough> {
  let points = start.map((p): Vec2 => [p[0], p[1]]);
  let at = 0;
  let last: TakenStep | null = null;
  /** After a step the tracker was unsure of: the longest the retry may be. */
  let cap = Infinity;
  let frames = 0;
  let unsure = 0;
  let steps = 0;
  while (steps++ < MOST_STEPS) {
    const stride = Math.min(cap, nextStride(last, safeMove(points), gap - at));
    // The step onto the chosen frame is the caller's.
    if (at + stride >= gap) break;
    const image = await frameAt(at + stride);
    const tracking = image ? trackFiducials(image, points) : null;
    const sure = tracking !== null && sureStep(tracking);
    if (!sure && stride > 1) {
      cap = Math.floor(stride / 2);
      continue;
    }
    at += stride;
    cap = Infinity;
    if (!tracking) continue; // a frame that does not decode is stepped over
    if (!sure) unsure++;
    last = { frames: stride, move: largestMove(points, tracking.points) };
    points = tracking.points;
    frames++;
  }
  return { points, frames, unsure };
}
