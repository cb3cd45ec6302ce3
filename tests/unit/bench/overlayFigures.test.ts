// The overlay's figures judged against the app's budget: one zoom or one flip-book play with a
// task of 50 ms or more is a miss; a photo's time on screen is reported per photo.
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
const play = (longestTraced: number): FlipPlay => ({
  ms: 2_700,
  photos: 10,
  tasks: { longest: longestTraced >= 50 ? longestTraced : 0, over50: longestTraced >= 50 ? 1 : 0 },
  longestTraced,
  overFrame: 0,
});

function verdicts(runs: OverlayRuns): Record<string, string> {
  return Object.fromEntries(overlayFigures(runs).map((f) => [f.name, verdict(f)]));
}

describe('overlay figures', () => {
  it('pass when every gesture and play stays under 50 ms, and say how long a photo shows', () => {
    const runs = { zoom: [gesture(9), gesture(12)], play: [play(30), play(20)] };
    expect(Object.values(verdicts(runs))).not.toContain('OVER BUDGET');
    const perPhoto = overlayFigures(runs).find((f) => f.name.startsWith('Flip book: time'));
    expect(perPhoto?.value.median).toBe(300);
  });

  it('miss on one long task in any gesture or play', () => {
    expect(verdicts({ zoom: [gesture(9), gesture(70)], play: [play(20), play(55)] })).toMatchObject(
      {
        'Zoom and pan with the overlay: longest main-thread task (traced)': 'OVER BUDGET',
        'Flip book playing 10 photos: longest main-thread task (traced)': 'OVER BUDGET',
      },
    );
  });
});
