// Leaving photos out of the trend fits: by the user's choice with a reason, or because
// a photo has no strain; the fit is then the one of the photos kept.
import { describe, expect, it } from 'vitest';
import { analyseSequence, linearRegression } from '../../../src/core';
import type { ImageMarks, Mat2, SequenceRequest, Vec2 } from '../../../src/core';
import { deform, squareMarkers } from './helpers';

/** Photos whose x stretch is not linear in travel, so leaving one out changes the slope. */
function uneven(travels: number[], stretchX: number[]): ImageMarks[] {
  const layout = squareMarkers(0, 0, 20);
  return travels.map((travel, i) => {
    const F: Mat2 = [
      [1 + (stretchX[i] as number), 0.002 * i],
      [0, 1 - 0.01 * travel],
    ];
    const toPx = (p: Vec2): Vec2 => [p[0] * 12 + 400, p[1] * 12 + 300];
    return {
      name: `photo-${i}.png`,
      fiducials: deform(layout, F).map(toPx),
      scalePoints: [toPx([-30, 40]), toPx([0, 40])],
      pressTravel: travel,
    };
  });
}

const request = (images: ImageMarks[]): SequenceRequest => ({
  images,
  scaleLength: 30,
  measure: 'green_lagrangian',
  reference: { kind: 'total', referenceIndex: 0 },
});

describe('leaving photos out of the trend fits', () => {
  const travels = [0, 2, 5, 7, 11];
  const stretch = [0, 0.018, 0.06, 0.05, 0.13];

  it('fits only the kept photos: the slope is the independent fit of those points', () => {
    const images = uneven(travels, stretch);
    const all = analyseSequence(request(images));
    images[3] = { ...(images[3] as ImageMarks), leftOut: { reason: 'specimen slipped' } };
    const kept = analyseSequence(request(images));

    // Its strain is still computed and shown.
    expect(kept.images[3]?.ok).toBe(true);
    expect(kept.leftOut).toEqual([
      { imageIndex: 3, imageName: 'photo-3.png', source: 'user', reason: 'specimen slipped' },
    ]);
    for (const component of ['xx', 'yy', 'xy'] as const) {
      const pick = (m: Mat2) =>
        component === 'xx' ? m[0][0] : component === 'yy' ? m[1][1] : m[0][1];
      const x: number[] = [];
      const y: number[] = [];
      kept.images.forEach((image, i) => {
        if (i === 3 || !image.ok) return;
        x.push(image.pressTravel as number);
        y.push(pick(image.strain.strain));
      });
      const independent = linearRegression(x, y);
      const trend = kept.trends[component];
      if (!trend.ok) throw new Error(trend.problem.message);
      expect(trend.regression.n).toBe(4);
      expect(trend.regression.slope).toBeCloseTo(independent.slope, 14);
      expect(trend.regression.intercept).toBeCloseTo(independent.intercept, 14);
      expect(trend.regression.rSquared).toBeCloseTo(independent.rSquared, 14);
    }
    const before = all.trends.xx;
    const after = kept.trends.xx;
    expect(
      before.ok && after.ok && Math.abs(before.regression.slope - after.regression.slope),
    ).toBeGreaterThan(1e-4);
  });

  it('too few photos kept: the trend says so and names the ones left out', () => {
    const images = uneven([0, 5, 10], [0, 0.05, 0.1]);
    images[1] = { ...(images[1] as ImageMarks), leftOut: { reason: 'blurred' } };
    const result = analyseSequence(request(images));
    const yy = result.trends.yy;
    if (yy.ok) expect.unreachable();
    else expect(yy.problem.message).toMatch(/Left out of the fit: photo-1\.png \(blurred\)/);
  });

  it('refuses a photo left out without a reason', () => {
    const images = uneven([0, 5, 10], [0, 0.05, 0.1]);
    images[2] = { ...(images[2] as ImageMarks), leftOut: { reason: '  ' } };
    expect(() => analyseSequence(request(images))).toThrow(/photo-2\.png .* without a reason/);
  });

  it('a mirrored photo no longer blanks the fits: the others are fitted and it is named', () => {
    const images = uneven(travels, stretch);
    const bad = images[2] as ImageMarks;
    const f = bad.fiducials;
    // Corners in mirrored order (TR, TL, BL, BR): the fit of F turns the specimen over.
    images[2] = { ...bad, fiducials: [f[1], f[0], f[3], f[2], f[4]] as Vec2[] };
    const result = analyseSequence(request(images));
    expect(result.images[2]?.ok).toBe(false);
    expect(result.leftOut).toEqual([
      expect.objectContaining({ imageName: 'photo-2.png', source: 'automatic' }),
    ]);
    for (const trend of Object.values(result.trends)) {
      expect(trend.ok && trend.regression.n).toBe(4);
    }
  });
});
