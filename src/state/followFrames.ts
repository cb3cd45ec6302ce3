// Frames of one video side by side in the sequence: the dots can be followed through the
// video's frames between them rather than found again after a long jump. Which pairs those
// are, and what the sequence's report says of the frames followed.
import { videoOfFrame } from '../io/video/frameNames';
import type { ProjectImage } from '../model/document';
import type { FramePair, ThroughVideo } from '../worker/videoFollow';

export type { FramePair, ThroughVideo };

/**
 * The pair to follow through when `image` and the image before it are frames of the same
 * video, in increasing time (by their names and their times in the video); else null.
 */
export function framePair(image: ProjectImage, previous: ProjectImage): FramePair | null {
  const video = videoOfFrame(image.name);
  if (video === null || image.time === undefined || previous.time === undefined) return null;
  if (videoOfFrame(previous.name) !== video || !(image.time > previous.time)) return null;
  return { video, from: previous.time, to: image.time };
}

/** Whether to follow the dots through a video's frames in between, and where to tell of it. */
export interface Following {
  on: boolean;
  /** Told what became of the frames between an image and the one before it. */
  report?: (through: ThroughVideo) => void;
}

/** The frames followed over a whole sequence, and why any pair could not be. */
export interface FollowTally {
  frames: number;
  /** Frames the tracker was unsure of even a frame from the last. */
  unsure: number;
  /** Why frames in between were not used, each reason once. */
  notes: string[];
}

export const noFollowing = (): FollowTally => ({ frames: 0, unsure: 0, notes: [] });

/** The tally with one more pair's outcome counted. */
export function tallied(tally: FollowTally, through: ThroughVideo): FollowTally {
  if (!through.followed) {
    const notes = tally.notes.includes(through.why) ? tally.notes : [...tally.notes, through.why];
    return { ...tally, notes };
  }
  return { ...tally, frames: tally.frames + through.frames, unsure: tally.unsure + through.unsure };
}

/** What the sequence's report says of the frames in between (nothing when none were used). */
export function followingLines(tally: FollowTally): string[] {
  const lines: string[] = [];
  if (tally.frames > 0) {
    const plural = tally.frames === 1 ? 'frame' : 'frames';
    const unsure =
      tally.unsure > 0 ? ` (unsure on ${tally.unsure} of them even a frame apart)` : '';
    lines.push(`Followed the dots through ${tally.frames} ${plural} in between${unsure}.`);
  }
  return [...lines, ...tally.notes];
}

/** Following over a sequence, counted into its progress as it goes. */
export function followingInto(on: boolean, progress: { following: FollowTally }): Following {
  return { on, report: (through) => (progress.following = tallied(progress.following, through)) };
}

/** Following for one image's offer, and what became of its frames in between, in words. */
export function followingOne(on: boolean): Following & { lines: () => string[] } {
  let tally = noFollowing();
  return {
    on,
    report: (through) => (tally = tallied(tally, through)),
    lines: () => followingLines(tally),
  };
}
