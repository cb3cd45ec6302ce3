// The scale points carried through the three demo photos (tests/fixtures/demo) as "Mark the
// whole sequence" does: the first photo's hand-marked S1, S2 tracked onto the second, and
// those onto the third. The camera moved, zoomed out by a fifth and sees the ruler at a
// slant (its ticks 12 % closer at one end), so this is the hard case. Along the ruler each
// point must land within 1 px of the careful hand mark (across it, along a tick, where a
// hand click falls is arbitrary), and the distance, which is what the scale uses, within 1 px.
// Then the time per 12 MP photo, on a rendered ruler (a figure, not a timed test).
import { describe, expect, it } from 'vitest';
import { cutScalePatches, trackScalePatches } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { DEMO_PHOTOS } from '../../e2e/support/demo';
import { readPng } from './png';
import { rulerPoint, rulerScene } from './rulerScenes';
import type { RulerPose } from './rulerScenes';

const images = DEMO_PHOTOS.map((photo) => readPng(photo.path));
const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The component of p - q along the unit direction u. */
const along = (p: Vec2, q: Vec2, u: Vec2) => (p[0] - q[0]) * u[0] + (p[1] - q[1]) * u[1];

describe('scale points through the demo photos', () => {
  it('carries the hand marks 0 mm -> 15 mm -> 30 mm within 1 px along the ruler', () => {
    let previous = DEMO_PHOTOS[0]!.scale as [Vec2, Vec2];
    for (const i of [1, 2]) {
      const photo = DEMO_PHOTOS[i]!;
      const patches = cutScalePatches(images[i - 1]!, previous);
      const result = trackScalePatches(patches, images[i]!);
      expect(result.reasons, photo.file).toEqual([]);
      const [s1, s2] = result.points as [Vec2, Vec2];
      const [h1, h2] = photo.scale;
      const d = distance(h1, h2);
      const u: Vec2 = [(h2[0] - h1[0]) / d, (h2[1] - h1[1]) / d];
      expect(Math.abs(along(s1, h1, u)), `${photo.file} S1`).toBeLessThan(1);
      expect(Math.abs(along(s2, h2, u)), `${photo.file} S2`).toBeLessThan(1);
      expect(Math.abs(distance(s1, s2) - d), `${photo.file} distance`).toBeLessThan(1);
      // The distance moved with the zoom measured on the ruler, well inside the 1 % check.
      expect(Math.abs(result.distanceChange!)).toBeLessThan(0.004);
      previous = [s1, s2];
    }
  });
});

describe('time per 12 MP photo', () => {
  it('tracks both scale points of a 4000 x 3000 photo (figure printed)', () => {
    const scene = { width: 4000, height: 3000, ticks: 100, blur: 1.5, noise: 3 };
    const before: RulerPose = { origin: [1800, 300], spacing: 22 };
    const after: RulerPose = { origin: [1737.6, 352.3], spacing: 21.1, turn: 0.012 };
    const previous = rulerScene({ ...scene, ...before, seed: 5 });
    const next = rulerScene({ ...scene, ...after, seed: 6 });
    const marks = (pose: RulerPose): [Vec2, Vec2] => [
      rulerPoint(pose, 10, 1),
      rulerPoint(pose, 90, 1),
    ];
    const times: number[] = [];
    let result = trackScalePatches(cutScalePatches(previous, marks(before)), next);
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      result = trackScalePatches(cutScalePatches(previous, marks(before)), next);
      times.push(performance.now() - started);
    }
    const truth = marks(after);
    result.tracked.forEach((t, k) => expect(distance(t.point!, truth[k]!)).toBeLessThan(0.2));
    const median = [...times].sort((a, b) => a - b)[2]!;
    console.info(`scale points on a 12 MP photo: ${median.toFixed(1)} ms (median of 5)`);
    // Only a gross regression fails: the figure depends on the machine and its load.
    expect(median).toBeLessThan(1000);
  }, 120_000);
});
