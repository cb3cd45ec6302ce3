// Tracking the fiducials from one synthetic photo to the next: a still camera, a moved and
// zoomed camera with a deformed specimen, a pattern turned near 45 degrees (the numbering
// must carry over, not be recomputed), and a photo where the pattern is gone.
import { describe, expect, it } from 'vitest';
import { findCandidates, findFiducials, locateDot, trackFiducials } from '../../../src/core';
import type { Mat2, Vec2 } from '../../../src/core';
import { multiply, patternScene, rotationF } from './scenes';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const base = {
  width: 900,
  height: 700,
  dot: 22,
  ruler: { x: 760, y0: 60, y1: 640, spacing: 7.5 },
  text: [[100, 80] as Vec2],
  specks: 30,
};

describe('trackFiducials', () => {
  it('follows a small move of a still camera, dot by dot', () => {
    const before = patternScene({ ...base, centre: [400, 350], half: 140, seed: 1 });
    const after = patternScene({
      ...base,
      centre: [406, 343],
      half: 140,
      F: [
        [1.01, 0],
        [0, 0.99],
      ],
      seed: 2,
    });
    const tracked = trackFiducials(after.image, before.truth);
    expect(tracked.method).toBe('local');
    expect(tracked.needsReview).toBe(false);
    tracked.points.forEach((p, k) => expect(distance(p, after.truth[k]!)).toBeLessThan(0.1));
    expect(tracked.tracked.every((t) => t.status === 'snapped')).toBe(true);
  });

  it('finds the pattern again after the camera moved and zoomed and the specimen deformed', () => {
    const before = patternScene({ ...base, centre: [330, 300], half: 120, seed: 3 });
    const F: Mat2 = multiply(rotationF(7), [
      [1.25, 0],
      [0, 0.8],
    ]);
    const after = patternScene({ ...base, centre: [480, 420], half: 150, F, seed: 4 });
    const tracked = trackFiducials(after.image, before.truth);
    expect(tracked.method).toBe('matched');
    tracked.points.forEach((p, k) => expect(distance(p, after.truth[k]!)).toBeLessThan(0.1));
  });

  it('keeps each dot its number when the pattern turns past 45 degrees', () => {
    const before = patternScene({
      ...base,
      centre: [400, 350],
      half: 130,
      F: rotationF(40),
      seed: 5,
    });
    const after = patternScene({
      ...base,
      centre: [420, 340],
      half: 130,
      F: rotationF(52),
      seed: 6,
    });
    const tracked = trackFiducials(after.image, before.truth);
    tracked.points.forEach((p, k) => expect(distance(p, after.truth[k]!)).toBeLessThan(0.1));
  });

  it('asks for a look when the pattern is not in the photo', () => {
    const before = patternScene({ ...base, centre: [400, 350], half: 140, seed: 7 });
    const empty = patternScene({ ...base, centre: [-900, -900], half: 10, seed: 8 });
    const tracked = trackFiducials(empty.image, before.truth);
    expect(tracked.needsReview).toBe(true);
    expect(tracked.reasons.length).toBeGreaterThan(0);
    expect(tracked.points).toHaveLength(5);
  });

  it('gives a dot the same centre whether detection or tracking found it on a photo', () => {
    const before = patternScene({ ...base, centre: [400, 350], half: 140, seed: 6 });
    const after = patternScene({ ...base, centre: [404, 347], half: 140, seed: 7 });
    const search = findCandidates(after.image);
    const tracked = trackFiducials(after.image, before.truth, { search });
    const detected = findFiducials(after.image, { search });
    expect(detected.ok).toBe(true);
    if (!detected.ok) return;
    // Tracking asks for the dots detection located already: the very same answers.
    expect(tracked.points).toEqual(detected.points);
    // And they are what a click on each dot gives, to well under a hundredth of a pixel.
    tracked.points.forEach((p, k) => {
      const clicked = locateDot(after.image, [p[0] + 3, p[1] - 2]);
      expect(clicked).not.toBeNull();
      expect(distance(clicked!.centre, p)).toBeLessThan(0.01);
      expect(distance(p, after.truth[k]!)).toBeLessThan(0.1);
    });
  });
});
