// The fast path of scale-point tracking: a camera that stayed put or barely moved has its
// ruler looked for near where it was, and the result is kept only when sure. Whatever path
// is taken, the points must come out as the whole-photo search puts them.
import { describe, expect, it } from 'vitest';
import { trackScalePoints } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { rulerPoint, rulerScene } from './rulerScenes';
import type { RulerPose } from './rulerScenes';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const scene = { width: 720, height: 1000, ticks: 100 };
const before: RulerPose = { origin: [300, 80], spacing: 8 };
const marks = (pose: RulerPose): [Vec2, Vec2] => [rulerPoint(pose, 10, 1), rulerPoint(pose, 90, 1)];

/** Tracked by default (near first) and by a search over the whole photo only. */
function both(after: RulerPose, plain = false) {
  const previous = rulerScene({ ...scene, ...before, plain, seed: 1 });
  const next = rulerScene({ ...scene, ...after, plain, seed: 2 });
  // A search radius larger than the photo: the whole-photo search, with no near attempt.
  const whole = trackScalePoints(previous, marks(before), next, { searchRadius: 1e6 });
  return { fast: trackScalePoints(previous, marks(before), next), whole, truth: marks(after) };
}

describe('scale points near where they were', () => {
  it('agree with the whole-photo search for a still camera', () => {
    const { fast, whole, truth } = both({ origin: [300.6, 79.7], spacing: 8 });
    expect(fast.reasons).toEqual([]);
    fast.tracked.forEach((t, k) => {
      expect(t.status).toBe('tracked');
      expect(distance(t.point!, truth[k]!)).toBeLessThan(0.1);
      expect(distance(t.point!, whole.tracked[k]!.point!)).toBeLessThan(0.05);
    });
  });

  it('agree with it for a camera that moved a little, zoomed by 3 % and turned', () => {
    const { fast, whole, truth } = both({ origin: [311.2, 71.4], spacing: 8.24, turn: -0.01 });
    expect(fast.reasons).toEqual([]);
    fast.tracked.forEach((t, k) => {
      expect(distance(t.point!, truth[k]!)).toBeLessThan(0.2);
      expect(distance(t.point!, whole.tracked[k]!.point!)).toBeLessThan(0.05);
    });
  });

  it('keep nothing near on a featureless comb: the verdict is the whole search one', () => {
    const { fast, whole } = both({ origin: [300.4, 80.3], spacing: 8 }, true);
    expect(fast.points).toEqual([null, null]);
    expect(fast.reasons).toEqual(whole.reasons);
  });
});
