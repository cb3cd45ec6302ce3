// A whole sequence: reference and incremental modes, per-image problems that
// leave the other images alone, and trends against press travel.
import { describe, expect, it } from 'vitest';
import { analyseSequence, strainTensor } from '../../../src/core';
import type { ImageMarks, Mat2, SequenceRequest, Vec2 } from '../../../src/core';
import { deform, expectClose, expectMatClose, squareMarkers } from './helpers';

const stretch = (a: number, b: number): Mat2 => [
  [a, 0],
  [0, b],
];

/** A press sequence: x widens by 1% and y shortens by 2% per mm of travel, camera moving. */
function pressSequence(travels: number[]): ImageMarks[] {
  const layout = squareMarkers(0, 0, 20); // mm
  return travels.map((travel, i) => {
    const pxPerMm = 10 + i; // the camera moves between shots
    const offset: Vec2 = [300 + 7 * i, 200 - 3 * i];
    const mm = deform(layout, stretch(1 + 0.01 * travel, 1 - 0.02 * travel));
    const toPx = (p: Vec2): Vec2 => [p[0] * pxPerMm + offset[0], p[1] * pxPerMm + offset[1]];
    return {
      name: `step-${travel}mm.png`,
      fiducials: mm.map(toPx),
      scalePoints: [toPx([-30, 40]), toPx([0, 40])],
      pressTravel: travel,
    };
  });
}

const request = (images: ImageMarks[], extra: Partial<SequenceRequest> = {}): SequenceRequest => ({
  images,
  scaleLength: 30,
  measure: 'small',
  reference: { kind: 'total', referenceIndex: 0 },
  ...extra,
});

describe('analyseSequence', () => {
  it('total strain against the first image: the reference has zero strain, the others their stretch', () => {
    const travels = [0, 5, 10, 15];
    const result = analyseSequence(request(pressSequence(travels)));
    result.images.forEach((image, i) => {
      expect(image.ok).toBe(true);
      if (!image.ok) return;
      const t = travels[i] as number;
      expectMatClose(image.strain.strain, stretch(0.01 * t, -0.02 * t), 1e-10, 1e-12);
      expect(image.strain.referenceIndex).toBe(0);
      expect(image.strain.residualRms).toBeLessThan(1e-9);
    });
    const xx = result.trends.xx;
    expect(xx.ok && xx.regression.slope).toBeCloseTo(0.01, 12);
    const yy = result.trends.yy;
    expect(yy.ok && yy.regression.slope).toBeCloseTo(-0.02, 12);
    expect(yy.ok && yy.regression.rSquared).toBeCloseTo(1, 12);
  });

  it('another reference image: strains are measured from it', () => {
    const images = pressSequence([0, 10, 20]);
    const result = analyseSequence(
      request(images, { measure: 'hencky', reference: { kind: 'total', referenceIndex: 1 } }),
    );
    const first = result.images[0];
    const second = result.images[1];
    expect(second?.ok && second.strain.strain.flat().every((v) => Math.abs(v) < 1e-15)).toBe(true);
    if (!first?.ok) throw new Error('expected a result');
    expectClose(first.strain.strain[0][0], Math.log(1 / 1.1), 1e-10);
    expectClose(first.strain.strain[1][1], Math.log(1 / 0.8), 1e-10);
  });

  it('incremental mode compares each image with the one before it; Hencky increments add up', () => {
    const images = pressSequence([0, 5, 10, 20]);
    const inc = analyseSequence(
      request(images, { measure: 'hencky', reference: { kind: 'incremental' } }),
    );
    const total = analyseSequence(request(images, { measure: 'hencky' }));
    let sumXX = 0;
    inc.images.forEach((image, i) => {
      if (!image.ok) throw new Error(image.problem.message);
      expect(image.strain.referenceIndex).toBe(Math.max(0, i - 1));
      sumXX += image.strain.strain[0][0];
    });
    const last = total.images[3];
    if (!last?.ok) throw new Error('expected a result');
    // Coaxial stretches: logarithmic strains are additive.
    expectClose(sumXX, last.strain.strain[0][0], 1e-10);
  });

  it('a bad image is reported on that image; the others are still computed', () => {
    const images = pressSequence([0, 5, 10, 15]);
    const broken = images[2] as ImageMarks;
    images[2] = { ...broken, scalePoints: [broken.scalePoints[0], broken.scalePoints[0]] };
    const result = analyseSequence(request(images));
    const bad = result.images[2];
    expect(bad?.ok).toBe(false);
    if (bad && !bad.ok) {
      expect(bad.problem.imageName).toBe('step-10mm.png');
      expect(bad.problem.message).toMatch(/^step-10mm\.png: .*on top of each other/);
    }
    expect(result.images.filter((i) => i.ok)).toHaveLength(3);
    // The fits go on over the good photos, and name the one they leave out.
    expect(result.leftOut).toEqual([
      {
        imageIndex: 2,
        imageName: 'step-10mm.png',
        source: 'automatic',
        reason: 'its strain could not be computed',
      },
    ]);
    const xx = result.trends.xx;
    expect(xx.ok && xx.regression.n).toBe(3);
    expect(xx.ok && xx.regression.slope).toBeCloseTo(0.01, 12);
  });

  it('a collinear reference is blamed on the reference image', () => {
    const images = pressSequence([0, 5, 10]);
    images[0] = {
      ...(images[0] as ImageMarks),
      fiducials: [
        [0, 0],
        [10, 10],
        [20, 20],
        [30, 30],
        [15, 15],
      ],
    };
    const result = analyseSequence(request(images));
    const later = result.images[1];
    expect(later?.ok).toBe(false);
    if (later && !later.ok) expect(later.problem.imageName).toBe('step-0mm.png');
  });

  it('equal travels, a missing travel, or fewer than 3 images explain the missing trend', () => {
    const equal = pressSequence([0, 5, 10]).map((image) => ({ ...image, pressTravel: 3 }));
    const r1 = analyseSequence(request(equal));
    expect(r1.trends.yy.ok).toBe(false);
    if (!r1.trends.yy.ok)
      expect(r1.trends.yy.problem.message).toMatch(/All press travels are equal/);

    const missing = pressSequence([0, 5, 10]);
    missing[1] = { ...(missing[1] as ImageMarks), pressTravel: null };
    const r2 = analyseSequence(request(missing));
    expect(r2.images.every((i) => i.ok)).toBe(true);
    if (!r2.trends.xy.ok)
      expect(r2.trends.xy.problem.message).toMatch(
        /at least 3 .* Left out of the fit: step-5mm\.png \(it has no press travel\)/,
      );
    else expect.unreachable();

    const two = analyseSequence(request(pressSequence([0, 5])));
    if (!two.trends.xx.ok) expect(two.trends.xx.problem.message).toMatch(/at least 3 images/);
    else expect.unreachable();
  });

  it('the chosen measure is used throughout', () => {
    const images = pressSequence([0, 10, 20]);
    const result = analyseSequence(request(images, { measure: 'almansi' }));
    const last = result.images[2];
    if (!last?.ok) throw new Error('expected a result');
    expectMatClose(last.strain.strain, strainTensor(stretch(1.2, 0.6), 'almansi'), 1e-10);
  });

  it('rejects a bad request as a whole', () => {
    const images = pressSequence([0, 5, 10]);
    expect(() => analyseSequence(request(images, { scaleLength: 0 }))).toThrow(/scale length/);
    expect(() =>
      analyseSequence(request(images, { reference: { kind: 'total', referenceIndex: 3 } })),
    ).toThrow(/reference image 4 does not exist/);
    expect(() => analyseSequence(request([]))).toThrow(/no images/);
  });
});
