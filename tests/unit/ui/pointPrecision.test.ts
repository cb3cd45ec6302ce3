// The precision settings' arithmetic: the hand-placed uncertainty as typed, and the
// "this set-up resolves" sentence, checked against a seeded Monte Carlo of the same photo
// taken twice with every point jittered by its own uncertainty.
import { describe, expect, it } from 'vitest';
import { analyseSequence, strainResolution } from '../../../src/core';
import type { ImageMarks, Vec2 } from '../../../src/core';
import { emptyDocument } from '../../../src/model/document';
import type { ProjectDocument } from '../../../src/model/document';
import {
  parseHandPlaced,
  referenceMarks,
  setUpResolution,
} from '../../../src/ui/results/pointPrecision';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from '../../e2e/support/demo';
import { seededNormal, seededRandom } from '../core/uncertaintyCases';

/** The demo project: the first photo located on its dots but for one corner, scale by hand. */
function demoDocument(): ProjectDocument {
  const doc = emptyDocument();
  doc.scaleLength = DEMO_SCALE_LENGTH_MM;
  doc.images = DEMO_PHOTOS.map((photo, i) => ({
    id: `img-${i}`,
    name: photo.file,
    width: 1000,
    height: 1000,
    fiducials: photo.fiducials.map((p): Vec2 => [p[0], p[1]]),
    scalePoints: photo.scale.map((p): Vec2 => [p[0], p[1]]),
    fiducialUncertainty: i === 0 ? [0.05, 0.04, null, 0.06, 0.03] : [null, null, null, null, null],
    scaleUncertainty: [null, null],
    pressTravel: photo.travel,
  }));
  return doc;
}

/** A seeded standard normal: the same draws on every run. */
const normal = (seed: number) => seededNormal(seededRandom(seed));

describe('hand-placed uncertainty as typed', () => {
  it.each([
    ['0.5', 0.5],
    [' 1,25 ', 1.25],
    ['2e-1', 0.2],
  ])('reads "%s" as %f px', (text, value) => {
    expect(parseHandPlaced(text)).toEqual({ value, error: '' });
  });

  it.each([
    ['', /enter the uncertainty/i],
    ['0', /greater than 0 px/],
    ['-1', /greater than 0 px/],
    ['abc', /not a number/],
    ['5000', /larger than any marker/],
  ])('refuses "%s" and says why', (text, message) => {
    const parsed = parseHandPlaced(text);
    expect(parsed.value).toBeNull();
    expect(parsed.error).toMatch(message);
  });
});

describe('what the set-up resolves', () => {
  it('says nothing until the reference photo has all seven points and a scale length', () => {
    const doc = demoDocument();
    doc.images[0]!.scalePoints[1] = null;
    expect(setUpResolution(doc)).toBeNull();
    const marked = demoDocument();
    marked.scaleLength = null;
    expect(setUpResolution(marked)).toBeNull();
    // Another photo as the reference: its points count, not the first's.
    const other = demoDocument();
    other.images[0]!.fiducials[0] = null;
    other.reference = { kind: 'total', imageId: 'img-1' };
    expect(referenceMarks(other)?.name).toBe(DEMO_PHOTOS[1]!.file);
  });

  it('says when the scale points set most of it, and not when the fiducials do', () => {
    // Snapped dots (0.05 px) and a ruler clicked by hand (0.5 px): the ruler dominates.
    const snapped = demoDocument();
    snapped.images[0]!.fiducialUncertainty = [0.05, 0.05, 0.05, 0.05, 0.05];
    expect(setUpResolution(snapped)?.advice).toMatch(
      /Most of that comes from the two scale points/,
    );
    // Dots placed by hand at 0.5 px and scale points known to 0.05 px: the dots dominate.
    const byHand = demoDocument();
    byHand.images[0]!.fiducialUncertainty = [null, null, null, null, null];
    byHand.images[0]!.scaleUncertainty = [0.05, 0.05];
    expect(setUpResolution(byHand)?.sentence).toMatch(/resolves strains of about/);
    expect(setUpResolution(byHand)?.advice).toBeNull();
  });

  it('gives located points their own uncertainty and the rest the hand-placed value', () => {
    const doc = demoDocument();
    doc.handPlacedUncertainty = 0.7;
    const marks = referenceMarks(doc);
    expect(marks?.fiducialUncertainty).toEqual([0.05, 0.04, 0.7, 0.06, 0.03]);
    expect(marks?.scaleUncertainty).toEqual([0.7, 0.7]);
  });

  it('matches the spread of the strain of the same photo taken twice, in a 4000-draw Monte Carlo', () => {
    const doc = demoDocument();
    const sentence = setUpResolution(doc)?.sentence;
    const reference = referenceMarks(doc) as ImageMarks;
    const draw = normal(20261207);
    const jitter = (points: readonly Vec2[], sigmas: readonly number[]): Vec2[] =>
      points.map((p, k) => [
        p[0] + (sigmas[k] as number) * draw(),
        p[1] + (sigmas[k] as number) * draw(),
      ]);
    const photo = (): ImageMarks => ({
      name: 'again',
      fiducials: jitter(reference.fiducials, reference.fiducialUncertainty ?? []),
      scalePoints: jitter(reference.scalePoints, reference.scaleUncertainty ?? []) as [Vec2, Vec2],
      pressTravel: null,
    });
    const draws = 4000;
    const sums = { xx: 0, yy: 0, xy: 0 };
    for (let n = 0; n < draws; n++) {
      const analysis = analyseSequence({
        images: [photo(), photo()],
        scaleLength: DEMO_SCALE_LENGTH_MM,
        measure: 'small',
        reference: { kind: 'total', referenceIndex: 0 },
      });
      const second = analysis.images[1];
      if (!second?.ok) throw new Error('a jittered photo should analyse');
      const e = second.strain.strain;
      sums.xx += e[0][0] ** 2;
      sums.yy += e[1][1] ** 2;
      sums.xy += e[0][1] ** 2;
    }
    const spread = Math.max(...Object.values(sums).map((s) => Math.sqrt(s / draws)));
    // The sentence's one significant digit, against the simulated spread: within the
    // rounding of one digit (up to half a unit) plus the 4000 draws' 2 % sampling error.
    const match = /about ±(\d(?:\.\d)?e-\d+) \(1σ\)/.exec(sentence ?? '');
    if (!match) throw new Error(`no resolution in ${sentence}`);
    const shown = Number(match[1]);
    const unit = 10 ** Math.floor(Math.log10(shown));
    expect(Math.abs(shown - spread)).toBeLessThanOrEqual(0.5 * unit + 0.05 * spread);
    // And the unrounded figure behind it, to the sampling error (5 %: over 3 standard errors).
    const exact = strainResolution(reference, DEMO_SCALE_LENGTH_MM)?.max ?? NaN;
    expect(Math.abs(exact / spread - 1)).toBeLessThan(0.05);
  });
});
