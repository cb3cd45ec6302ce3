// How far "Mark the whole sequence" has come, and what it found: shown by the sequence's
// report while it runs and after.
import { noFollowing } from './followFrames';
import type { FollowTally } from './followFrames';

export interface SequenceProgress {
  done: number;
  total: number;
  /** Images whose marks need a look, with why (besides the flags on their points). */
  needLook: { imageId: string; name: string; why: string }[];
  /** The video frames in between that the dots were followed through. */
  following: FollowTally;
  finished: boolean;
  stopped: boolean;
}

/** A sequence of `total` images about to be marked: none done, nothing found yet. */
export function sequenceStarted(total: number): SequenceProgress {
  return {
    done: 0,
    total,
    needLook: [],
    following: noFollowing(),
    finished: false,
    stopped: false,
  };
}
