// Carrying the two scale points from one photo of a ruler to the next (patch matching):
// the true positions are known because the rulers are rendered (rulerScenes.ts). A pure
// sub-pixel move must come out within 0.1 px, a zoomed and turned camera within 0.2 px; a
// featureless comb of ticks must be called ambiguous and nothing proposed; the verdict
// must refuse a pair whose distance changed more than the zoom explains.
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS, DISTANCE_TOLERANCE, trackScalePoints } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { judgeScalePoints } from '../../../src/core/imaging/scale/verdict';
import { cutPatch, refinePatch } from '../../../src/core/imaging/patch/match';
import type { PatchMatch } from '../../../src/core/imaging/patch/types';
import { rulerPoint, rulerScene } from './rulerScenes';
import type { RulerPose } from './rulerScenes';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const scene = { width: 720, height: 1000, ticks: 100 };
const before: RulerPose = { origin: [300, 80], spacing: 8 };
/** The scale points: on the ruler's edge, one tick-spacing in, ticks 10 and 90. */
const marks = (pose: RulerPose): [Vec2, Vec2] => [rulerPoint(pose, 10, 1), rulerPoint(pose, 90, 1)];

function track(after: RulerPose, options: { plain?: boolean } = {}) {
  const previous = rulerScene({ ...scene, ...before, ...options, seed: 1 });
  const next = rulerScene({ ...scene, ...after, ...options, seed: 2 });
  return { result: trackScalePoints(previous, marks(before), next), truth: marks(after) };
}

describe('trackScalePoints', () => {
  it('follows a sub-pixel move of the camera within 0.1 px', () => {
    const { result, truth } = track({ origin: [303.37, 84.71], spacing: 8 });
    expect(result.reasons).toEqual([]);
    result.tracked.forEach((t, k) => {
      expect(t.status).toBe('tracked');
      expect(distance(t.point!, truth[k]!)).toBeLessThan(0.1);
    });
    expect(result.points).toEqual(result.tracked.map((t) => t.point));
    expect(Math.abs(result.zoom! - 1)).toBeLessThan(0.002);
    expect(Math.abs(result.distanceChange!)).toBeLessThan(0.002);
  });

  it('follows a camera that moved, zoomed out by 9 % and turned by 1.7 degrees, within 0.2 px', () => {
    const { result, truth } = track({ origin: [280.2, 100.6], spacing: 7.3, turn: 0.03 });
    expect(result.reasons).toEqual([]);
    result.tracked.forEach((t, k) => expect(distance(t.point!, truth[k]!)).toBeLessThan(0.2));
    expect(result.zoom).toBeCloseTo(7.3 / 8, 2);
  });

  it('finds the ruler after a large move, not the same numbers elsewhere', () => {
    const { result, truth } = track({ origin: [120.5, 40.25], spacing: 8.6, turn: -0.02 });
    result.tracked.forEach((t, k) => expect(distance(t.point!, truth[k]!)).toBeLessThan(0.2));
    expect(result.needsReview).toBe(false);
  });

  it('proposes nothing on a featureless comb of ticks', () => {
    const { result } = track({ origin: [302.4, 83.3], spacing: 8 }, { plain: true });
    expect(result.points).toEqual([null, null]);
    expect(result.needsReview).toBe(true);
    expect(result.reasons.join(' ')).toMatch(
      /S1 (could as well be on a neighbouring tick|was not found)/,
    );
  });

  it('reports a point it cannot find instead of guessing', () => {
    const previous = rulerScene({ ...scene, ...before, seed: 1 });
    const empty = rulerScene({ ...scene, ...before, origin: [-5000, -5000], seed: 3 });
    const result = trackScalePoints(previous, marks(before), empty);
    expect(result.points).toEqual([null, null]);
    expect(result.needsReview).toBe(true);
    expect(result.reasons.length).toBeGreaterThan(0);
  });
});

describe('the ambiguity of one point', () => {
  // Each patch started a pixel off its true place on the new photo, as the pair search
  // leaves it: on a plain comb the neighbouring ticks match as well, on a printed ruler not.
  function ambiguity(plain: boolean): number {
    const after: RulerPose = { origin: [303.37, 84.71], spacing: 8 };
    const previous = rulerScene({ ...scene, ...before, plain, seed: 1 });
    const next = rulerScene({ ...scene, ...after, plain, seed: 2 });
    const [s1] = marks(before);
    const patch = cutPatch(previous, s1, [224, 102], 224);
    const [t1] = marks(after);
    const match = refinePatch(
      patch,
      next,
      { centre: [t1[0] + 0.8, t1[1] - 0.6], warp: [1, 0, 0, 1] },
      { firstLevel: patch.levels.length - 3, trust: 8 },
    );
    expect(distance(match!.centre, t1)).toBeLessThan(0.1);
    return match!.ambiguity;
  }

  it('is reported for a featureless periodic patch', () => {
    expect(ambiguity(true)).toBeGreaterThanOrEqual(AMBIGUOUS);
  });

  it('stays low where longer ticks and numbers tell the ticks apart', () => {
    expect(ambiguity(false)).toBeLessThan(AMBIGUOUS);
  });
});

describe('the verdict on a tracked pair', () => {
  // Two matches 800 px apart along y, with the patches' zoom along the ruler given.
  const match = (centre: Vec2, zoom: number): PatchMatch => ({
    centre,
    warp: [zoom, 0, 0, zoom],
    score: 0.97,
    ambiguity: 0.5,
    atEdge: false,
    refined: true,
  });
  const along: Vec2 = [0, 800];

  it('accepts a distance that changed as the zoom says', () => {
    const verdict = judgeScalePoints({
      one: match([100, 100], 0.9),
      two: match([100, 100 + 720 * 1.003], 0.9),
      middle: match([100, 460], 0.9),
      along,
      rival: 0,
    });
    expect(verdict.needsReview).toBe(false);
    expect(verdict.distanceChange).toBeCloseTo(0.003, 6);
  });

  it('refuses both points when the distance changed by more than 1 % beyond the zoom', () => {
    // One tick off on an 80-tick span: 1.25 % further apart.
    const verdict = judgeScalePoints({
      one: match([100, 100], 0.9),
      two: match([100, 100 + 720 * 1.0125], 0.9),
      middle: match([100, 460], 0.9),
      along,
      rival: 0,
    });
    expect(verdict.distanceChange).toBeGreaterThan(DISTANCE_TOLERANCE);
    expect(verdict.points).toEqual([null, null]);
    expect(verdict.reasons.join(' ')).toMatch(/1\.2 % further apart .* neighbouring tick/);
  });

  it('averages the zoom along the ruler by Simpson rule when the zoom varies along it', () => {
    // Zoom 0.8 at S1, 0.78 halfway, 0.76 at S2: the span shrinks by (0.8 + 4 * 0.78 + 0.76) / 6.
    const zoom = (0.8 + 4 * 0.78 + 0.76) / 6;
    const verdict = judgeScalePoints({
      one: match([0, 0], 0.8),
      two: match([0, 800 * zoom], 0.76),
      middle: match([0, 400 * zoom], 0.78),
      along,
      rival: 0,
    });
    expect(verdict.zoom).toBeCloseTo(zoom, 12);
    expect(Math.abs(verdict.distanceChange!)).toBeLessThan(1e-12);
  });

  it('proposes a sure point and names the one that needs a click', () => {
    const verdict = judgeScalePoints({
      one: match([100, 100], 1),
      two: { ...match([100, 900], 1), ambiguity: 0.97 },
      middle: null,
      along,
      rival: 0,
    });
    expect(verdict.points).toEqual([[100, 100], null]);
    expect(verdict.tracked.map((t) => t.status)).toEqual(['tracked', 'ambiguous']);
    expect(verdict.reasons).toEqual([
      'S2 could as well be on a neighbouring tick (the ruler looks the same there): click it.',
    ]);
    const lost = judgeScalePoints({
      one: null,
      two: match([100, 900], 1),
      middle: null,
      along,
      rival: 0,
    });
    expect(lost.points).toEqual([null, [100, 900]]);
    expect(lost.reasons).toEqual(['S1 was not found on this photo: click it on the ruler.']);
  });
});
