// Following the fiducials through the frames between two chosen frames of a video: how long
// each step is, and on a fast synthetic test (a grid of dots pulled down about twice its
// pitch between the chosen frames) that the frames in between keep every mark on its dot
// where tracking from the chosen frame before alone lands on the wrong dots of the grid.
import { describe, expect, it } from 'vitest';
import {
  followThroughFrames,
  nextStride,
  safeMove,
  trackFiducials,
} from '../../../src/core/imaging';
import type { Mat2, RgbaImage, Vec2 } from '../../../src/core';
import { deformedDot, patternScene } from './scenes';
import type { Shape } from './render';

const HALF = 50;

/**
 * The specimen at time t (s): stretching and pulled down 120 px a second, printed with a
 * 5 × 5 grid of dots round the markers (or, `grid` false, the five markers alone).
 */
function fastTest(t: number, grid = true): { image: RgbaImage; truth: Vec2[] } {
  const F: Mat2 = [
    [1 + 0.1 * t, 0],
    [0, 1 + 0.3 * t],
  ];
  const centre: Vec2 = [240, 110 + 120 * t];
  const extra: Shape[][] = [];
  const reach = grid ? 2 : 0;
  for (let i = -reach; i <= reach; i++) {
    for (let j = -reach; j <= reach; j++) {
      if ((Math.abs(i) === 1 && Math.abs(j) === 1) || (i === 0 && j === 0)) continue;
      const [u, v] = [i * HALF, j * HALF];
      const at: Vec2 = [
        centre[0] + F[0][0] * u + F[0][1] * v,
        centre[1] + F[1][0] * u + F[1][1] * v,
      ];
      extra.push([deformedDot(at, 14, F)]);
    }
  }
  return patternScene({ width: 480, height: 420, centre, half: HALF, dot: 14, F, extra, seed: 1 });
}

const farthest = (points: readonly Vec2[], truth: readonly Vec2[]) =>
  Math.max(...points.map((p, k) => Math.hypot(p[0] - truth[k]![0], p[1] - truth[k]![1])));

describe('nextStride', () => {
  const safe = 10;
  it('takes one frame while the speed is unknown', () => {
    expect(nextStride(null, safe, 40)).toBe(1);
  });
  it('jumps as many frames as keep the move within the safe distance', () => {
    expect(nextStride({ frames: 2, move: 6 }, safe, 40)).toBe(3);
    expect(nextStride({ frames: 4, move: 4 }, safe, 40)).toBe(8);
  });
  it('grows at most twice the last step, as far as a still specimen goes', () => {
    expect(nextStride({ frames: 3, move: 0.5 }, safe, 40)).toBe(6);
    expect(nextStride({ frames: 5, move: 0 }, safe, 40)).toBe(10);
  });
  it('never goes past the frames left, and takes at least one', () => {
    expect(nextStride({ frames: 8, move: 1 }, safe, 5)).toBe(5);
    expect(nextStride({ frames: 1, move: 50 }, safe, 40)).toBe(1);
    expect(nextStride({ frames: 2, move: 1 }, safe, 0)).toBe(1);
  });
  it('lets a dot move half the search radius of tracking (0.3 of the least spacing)', () => {
    const square: Vec2[] = [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
      [50, 50],
    ];
    expect(safeMove(square)).toBeCloseTo(0.15 * Math.hypot(50, 50), 12);
  });
});

describe('followThroughFrames', () => {
  it('keeps each mark on its dot where tracking from the frame before alone loses it', async () => {
    const first = fastTest(0);
    const chosen = fastTest(1);
    const plain = trackFiducials(chosen.image, first.truth);
    expect(farthest(plain.points, chosen.truth)).toBeGreaterThan(20);

    const fps = 20;
    const asked: number[] = [];
    const followed = await followThroughFrames(fps, first.truth, (k) => {
      asked.push(k);
      return Promise.resolve(fastTest(k / fps).image);
    });
    expect(asked).toEqual([...asked].sort((a, b) => a - b));
    expect(followed.frames).toBe(asked.length);
    expect(followed.unsure).toBe(0);
    const last = trackFiducials(chosen.image, followed.points);
    expect(last.method).toBe('local');
    expect(farthest(last.points, chosen.truth)).toBeLessThan(0.05);
  }, 60_000);

  it('takes a step again at half the length when the tracker is unsure of it', async () => {
    // Still for eight frames (the steps grow), then off at 6 px a frame: the long step
    // planned from the still frames jumps past the search radius, so the tracker matches
    // the pattern instead of finding each dot near its place, and the step is shortened.
    const timeOf = (k: number) => (k <= 7 ? 0 : (k - 7) * 0.05);
    const scene = (k: number) => fastTest(timeOf(k), false);
    const asked: number[] = [];
    const followed = await followThroughFrames(24, scene(0).truth, (k) => {
      asked.push(k);
      return Promise.resolve(scene(k).image);
    });
    expect(asked.slice(0, 6)).toEqual([1, 3, 7, 15, 11, 9]);
    expect(followed.unsure).toBe(0);
    const last = trackFiducials(scene(24).image, followed.points);
    expect(last.method).toBe('local');
    expect(farthest(last.points, scene(24).truth)).toBeLessThan(0.05);
  }, 60_000);

  it('steps over a frame that does not decode', async () => {
    const first = fastTest(0);
    const followed = await followThroughFrames(4, first.truth, (k) =>
      Promise.resolve(k === 1 ? null : fastTest(k * 0.02).image),
    );
    expect(followed.frames).toBeGreaterThan(0);
    expect(farthest(followed.points, fastTest(0.06).truth)).toBeLessThan(0.05);
  }, 60_000);
});
