// Frames of one video side by side in the sequence: which pairs tracking may follow through
// the frames in between, the call it makes (or the plain one, when following is off or the
// images are not such a pair), and what the sequence's report says of it.
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../src/core';
import { videoOfFrame } from '../../../src/io/video/frameNames';
import { newImage } from '../../../src/model/document';
import type { ProjectImage } from '../../../src/model/document';
import { trackFromPrevious } from '../../../src/state/carryMarks';
import type { MarkingEngine } from '../../../src/state/carryMarks';
import {
  followingInto,
  followingLines,
  followingOne,
  framePair,
  noFollowing,
  tallied,
} from '../../../src/state/followFrames';
import type { ThroughVideo } from '../../../src/state/followFrames';

function image(name: string, time?: number): ProjectImage {
  const made = newImage({ id: name, name, width: 640, height: 480, suggestedTravel: null, time });
  made.fiducials = [
    [1, 1],
    [2, 1],
    [2, 2],
    [1, 2],
    [1.5, 1.5],
  ];
  return made;
}

const answer = {
  ok: true as const,
  points: [] as Vec2[],
  tracked: [],
  method: 'local' as const,
  needsReview: false,
  reasons: [],
  decodeMs: 0,
  computeMs: 0,
};

/** An engine that says which way it was asked to track. */
function engine(calls: string[], through: ThroughVideo): MarkingEngine {
  return {
    snapPhotoPoint: () => Promise.reject(new Error('not here')),
    detectPhotoFiducials: () => Promise.reject(new Error('not here')),
    trackPhotoFiducials: (id) => {
      calls.push(`plain ${id}`);
      return Promise.resolve(answer);
    },
    trackThroughVideo: (id, _previous, pair) => {
      calls.push(`through ${id} ${pair.video} ${pair.from}-${pair.to}`);
      return Promise.resolve({ ...answer, through });
    },
  };
}

describe('frames of one video side by side', () => {
  it('are told by their names and times in the video', () => {
    expect(videoOfFrame('press@12.345s.png')).toBe('press');
    expect(videoOfFrame('a@b@1.000s.png')).toBe('a@b');
    expect(videoOfFrame('photo-12.png')).toBeNull();
    const first = image('press@1.000s.png', 1);
    const next = image('press@2.500s.png', 2.5);
    expect(framePair(next, first)).toEqual({ video: 'press', from: 1, to: 2.5 });
    // Another video, a photo, a frame without its time, or one earlier in the video: no pair.
    expect(framePair(image('other@2.500s.png', 2.5), first)).toBeNull();
    expect(framePair(next, image('press-0mm.png'))).toBeNull();
    expect(framePair(image('press@2.500s.png'), first)).toBeNull();
    expect(framePair(first, next)).toBeNull();
  });

  it('are tracked through the frames in between while following is on, else plainly', async () => {
    const calls: string[] = [];
    const told: ThroughVideo[] = [];
    const through: ThroughVideo = { followed: true, frames: 12, unsure: 0 };
    const first = image('press@1.000s.png', 1);
    const next = image('press@2.000s.png', 2);
    await trackFromPrevious(engine(calls, through), next, first, undefined, {
      on: true,
      report: (t) => told.push(t),
    });
    await trackFromPrevious(engine(calls, through), next, first, undefined, { on: false });
    await trackFromPrevious(engine(calls, through), image('b.png'), first, undefined, {
      on: true,
    });
    expect(calls).toEqual([
      'through press@2.000s.png press 1-2',
      'plain press@2.000s.png',
      'plain b.png',
    ]);
    expect(told).toEqual([through]);
  });
});

describe("the sequence report's words on the frames in between", () => {
  it('counts the frames followed and says once why a video could not be used', () => {
    const why = 'The video "press" is not open in this session.';
    let tally = noFollowing();
    expect(followingLines(tally)).toEqual([]);
    tally = tallied(tally, { followed: true, frames: 12, unsure: 0 });
    tally = tallied(tally, { followed: true, frames: 7, unsure: 2 });
    tally = tallied(tally, { followed: false, why });
    tally = tallied(tally, { followed: false, why });
    expect(followingLines(tally)).toEqual([
      'Followed the dots through 19 frames in between (unsure on 2 of them even a frame apart).',
      why,
    ]);
    expect(
      followingLines(tallied(noFollowing(), { followed: true, frames: 1, unsure: 0 })),
    ).toEqual(['Followed the dots through 1 frame in between.']);
  });
});

describe('following told what became of the frames in between', () => {
  it('counts them into a sequence as it goes, or into the words of one offer', () => {
    const progress = { following: noFollowing() };
    const sequence = followingInto(true, progress);
    sequence.report!({ followed: true, frames: 5, unsure: 0 });
    sequence.report!({ followed: true, frames: 7, unsure: 0 });
    expect(progress.following.frames).toBe(12);
    const offer = followingOne(false);
    expect(offer.on).toBe(false);
    expect(offer.lines()).toEqual([]);
    offer.report!({ followed: false, why: 'Not open.' });
    expect(offer.lines()).toEqual(['Not open.']);
  });
});
