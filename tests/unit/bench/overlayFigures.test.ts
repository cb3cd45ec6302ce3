// The overlay's figures judged: one flip-book play with a task over 50 ms misses the budget,
// a traced zoom gesture with a task over a frame misses the aim; a photo's time on screen is
// reported per photo.
import { describe, expect, it } from 'vitest';
import { verdict } from '../../../scripts/bench/figures';
import type { FlipPlay, OverlayRuns } from '../../../scripts/bench/overlay';
import { overlayFigures } from '../../../scripts/bench/overlayFigures';

const quiet = { longest: 0, over50: 0 };
const gesture = (longestTraced: number) => ({
  ms: 800,
  tasks: quiet,
  idle: quiet,
  longestTraced,
  overFrame: longestTraced > 16 ? 1 : 0,
});
const play = (longest: number): FlipPlay => ({
  ms: 2_700,
  photos: 10,
  tasks: { longest, over50: longest > 50 ? 1 : 0 },
});

function verdicts(runs: OverlayRuns): Record<string, string> {
  return Object.fromEntries(overlayFigures(runs).map((f) => [f.name, verdict(f)]));
}

describe('overlay figures', () => {
  it('pass when every gesture stays in a frame and every play has no long task', () => {
    const runs = { zoom: [gesture(9), gesture(12)], play: [play(0), play(0)] };
    expect(Object.values(verdicts(runs))).not.toContain('OVER BUDGET');
    expect(Object.values(verdicts(runs))).not.toContain('misses aim');
    const perPhoto = overlayFigures(runs).find((f) => f.name.startsWith('Flip book: time'));
    expect(perPhoto?.value.median).toBe(300);
  });

  it('judge the video’s making by its longest task, naming its photos', () => {
    const video = (longest: number) => ({ ms: 4_000, photos: 10, tasks: { ...quiet, longest } });
    const name = 'Saving 10 photos as a video: longest main-thread task';
    expect(verdicts({ zoom: [], play: [], video: [video(0)] })[name]).not.toBe('OVER BUDGET');
    expect(verdicts({ zoom: [], play: [], video: [video(62)] })[name]).toBe('OVER BUDGET');
  });

  it('miss on one long task in any play, and on a traced task over a frame', () => {
    expect(verdicts({ zoom: [gesture(9), gesture(30)], play: [play(0), play(55)] })).toMatchObject({
      'Zoom and pan with the overlay: longest main-thread task of any length (traced)':
        'misses aim',
      'Flip book playing 10 photos: longest main-thread task': 'OVER BUDGET',
    });
  });
});
