// The dots followed through a video's frames between two frames taken from it, when the video
// was opened in this session: each frame in between is decoded, turned into pixels, tracked
// on and let go before the next (see core/imaging/fiducials/throughFrames.ts for the steps).
// Loaded with the video session, only when frames of a video are tracked.
import { followThroughFrames } from '../core';
import type { FollowedThrough, Vec2 } from '../core';
import { framePixels } from '../io/video/frameImages';
import { openVideo } from '../io/video/reader';
import type { OpenedVideo } from '../io/video/reader';
import { sourceVideo } from './videoSession';

/** Two frames of one video: the name their frames carry and their times, s. */
export interface FramePair {
  video: string;
  from: number;
  to: number;
}

/** What became of the frames in between: followed, or why not (then tracked plainly). */
export type ThroughVideo =
  { followed: true; frames: number; unsure: number } | { followed: false; why: string };

/** Frame rate assumed when the video does not tell its own. */
const ASSUMED_FRAME_RATE = 30;

/** The video last followed through, kept open for the next pair of its frames. */
let open: { file: File; video: OpenedVideo } | null = null;

async function videoFor(file: File): Promise<OpenedVideo | string> {
  if (open?.file === file) return open.video;
  open?.video.dispose();
  open = null;
  const opening = await openVideo(file);
  if (!opening.ok) return opening.message;
  open = { file, video: opening.video };
  return opening.video;
}

/**
 * Where the dots are on the last frame before `pair.to`, followed from `start` on the frame
 * at `pair.from`; or why the frames in between could not be used.
 */
export async function followBetween(
  pair: FramePair,
  start: readonly Vec2[],
): Promise<FollowedThrough | { why: string }> {
  const file = sourceVideo(pair.video);
  if (!file) {
    return {
      why:
        `The video "${pair.video}" is not open in this session (it is not kept with the ` +
        'project), so the dots were tracked from the frame before alone. Add the video again ' +
        '(and close its dialog) to follow them through its frames in between.',
    };
  }
  const video = await videoFor(file);
  if (typeof video === 'string') return { why: video };
  const step = 1 / (video.facts.frameRate ?? ASSUMED_FRAME_RATE);
  const gap = Math.round((pair.to - pair.from) / step);
  return followThroughFrames(gap, start, async (index) => {
    // Half a frame on: the frame shown there is frame `index` even when the frame times
    // drift from the average rate by a little.
    const frame = await video.frameAt(pair.from + (index + 0.5) * step).catch(() => null);
    if (!frame) return null;
    try {
      return framePixels(frame);
    } finally {
      frame.close();
    }
  });
}

/** Lets the video kept for following go. */
export function stopFollowing(): void {
  open?.video.dispose();
  open = null;
}
