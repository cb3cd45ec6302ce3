// Which frames of a video are taken and what press travel each gets, as the dialog's
// choices turn into times and travels; and how frames are named and videos recognised.
import { describe, expect, it } from 'vitest';
import { frameName, isVideoFile } from '../../../src/io/video/frameNames';
import { frameSizeProblem, unsupportedCodecMessage } from '../../../src/io/video/messages';
import { MOST_FRAMES, chosenTimes, travelAt } from '../../../src/state/videoFrames';

describe('the frames chosen', () => {
  it('every so many seconds, from the start of the span to its end inclusive', () => {
    expect(chosenTimes({ kind: 'every', step: 0.5, from: 1, to: 3 })).toEqual([1, 1.5, 2, 2.5, 3]);
    // A step that does not divide the span stops before its end.
    expect(chosenTimes({ kind: 'every', step: 0.8, from: 0, to: 2 })).toEqual([0, 0.8, 1.6]);
  });

  it('a number of frames evenly, both ends included', () => {
    expect(chosenTimes({ kind: 'evenly', count: 5, from: 0, to: 2 })).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(chosenTimes({ kind: 'evenly', count: 1, from: 4, to: 9 })).toEqual([4]);
  });

  it('picked by hand: each once, in time order', () => {
    expect(chosenTimes({ kind: 'picked', times: [2.5, 0.1, 2.5] })).toEqual([0.1, 2.5]);
  });

  it('none for an incomplete or unreasonable choice', () => {
    expect(chosenTimes({ kind: 'every', step: 0, from: 0, to: 2 })).toEqual([]);
    expect(chosenTimes({ kind: 'evenly', count: 3, from: 2, to: 1 })).toEqual([]);
    expect(chosenTimes({ kind: 'evenly', count: MOST_FRAMES + 1, from: 0, to: 9 })).toEqual([]);
    expect(chosenTimes({ kind: 'every', step: 0.001, from: 0, to: 600 })).toEqual([]);
  });
});

describe('press travel from time', () => {
  it('at a constant speed, from the start of travel (standing still before it)', () => {
    const rule = { kind: 'speed', speed: 0.1, start: 2 } as const;
    expect(travelAt(rule, 1)).toBe(0);
    expect(travelAt(rule, 5)).toBe(0.3);
  });

  it('on the line through two frames of known travel, refused below zero', () => {
    const rule = {
      kind: 'between',
      first: { time: 1, travel: 2 },
      second: { time: 3, travel: 6 },
    } as const;
    expect(travelAt(rule, 2)).toBe(4);
    expect(travelAt(rule, 4)).toBe(8);
    expect(travelAt(rule, 0)).toBe(0);
    expect(travelAt(rule, -1)).toBeNull();
    expect(travelAt({ ...rule, second: { time: 1, travel: 5 } }, 2)).toBeNull();
  });

  it('none without a rule', () => {
    expect(travelAt({ kind: 'none' }, 3)).toBeNull();
  });
});

describe('videos and their frames by name', () => {
  it('recognises a video by its type or its name', () => {
    expect(isVideoFile({ name: 'press.MOV', type: '' })).toBe(true);
    expect(isVideoFile({ name: 'clip', type: 'video/webm' })).toBe(true);
    expect(isVideoFile({ name: 'step-5mm.png', type: 'image/png' })).toBe(false);
  });

  it('names a frame after its video and its time to the millisecond', () => {
    expect(frameName('press test.mp4', 12.3456)).toBe('press test@12.346s.png');
    expect(frameName('clip', 0)).toBe('clip@0.000s.png');
  });

  it('says how to re-encode a codec this browser cannot decode, naming free tools', () => {
    const message = unsupportedCodecMessage('hevc', 'test.mov');
    expect(message).toMatch(/H\.265 \(HEVC\)/);
    expect(message).toMatch(/HandBrake/);
    expect(message).toMatch(/ffmpeg -i "test\.mov" -c:v libx264 .* "test-h264\.mp4"/);
  });

  it('refuses frames too small to mark', () => {
    expect(frameSizeProblem(1, 480)).toMatch(/1 × 480 pixels: too small/);
    expect(frameSizeProblem(640, 480)).toBeNull();
  });
});
