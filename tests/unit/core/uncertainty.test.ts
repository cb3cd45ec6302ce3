// The propagated strain uncertainties against brute force: a seeded Monte Carlo
// that jitters every marked point by its own standard uncertainty and runs the
// core's own normalisation, fit, strain measures, principal strains and
// equivalent strain on each draw. Also: without point uncertainties the
// analysis is exactly what it was, a hand-checked closed form for a square,
// and the set-up resolution against two noisy photos of the same specimen.
import { describe, expect, it } from 'vitest';
import {
  HAND_PLACED_UNCERTAINTY_PX,
  STRAIN_MEASURES,
  analyseSequence,
  fitDeformation,
  normalizeByScale,
  principalStrains,
  strainResolution,
  strainTensor,
  volumeConstancyStrains,
} from '../../../src/core';
import type {
  ImageMarks,
  ImageStrain,
  Mat2,
  SequenceRequest,
  StrainMeasure,
  Vec2,
} from '../../../src/core';
import { expectClose } from './helpers';
import { randomPair, randomSequence, seededNormal, seededRandom } from './uncertaintyCases';

const SCALE_LENGTH = 20;
const DRAWS = 20_000;
/** Monte Carlo and first order must agree this well (relative, on standard uncertainties). */
const AGREEMENT = 0.05;

function analysePair(
  reference: ImageMarks,
  current: ImageMarks,
  measure: StrainMeasure,
): ImageStrain {
  const outcome = analyseSequence({
    images: [reference, current],
    scaleLength: SCALE_LENGTH,
    measure,
    reference: { kind: 'total', referenceIndex: 0 },
  }).images[1];
  if (!outcome?.ok) throw new Error('the pair should analyse');
  return outcome.strain;
}

/** Per measure: xx, yy, xy, e1, e2, angle (degrees); then the equivalent strain. */
const PER_MEASURE = 6;
const OUTPUTS = STRAIN_MEASURES.length * PER_MEASURE + 1;

/** One measure's tensor and principal figures, in their places of the outputs' layout. */
function placeMeasure(
  out: Float64Array,
  m: number,
  tensor: Mat2,
  principal: { e1: number; e2: number; angle: number },
): void {
  const base = m * PER_MEASURE;
  out[base] = tensor[0][0];
  out[base + 1] = tensor[1][1];
  out[base + 2] = tensor[0][1];
  out[base + 3] = principal.e1;
  out[base + 4] = principal.e2;
  out[base + 5] = principal.angle;
}

/** The quantities whose spread is compared, in the order of the accumulators. */
function outputsOf(reference: Vec2[], current: Vec2[], out: Float64Array): void {
  const { F } = fitDeformation(reference, current, 4);
  STRAIN_MEASURES.forEach((measure, m) => {
    const E = strainTensor(F, measure);
    placeMeasure(out, m, E, principalStrains(E));
  });
  out[OUTPUTS - 1] = volumeConstancyStrains(F).equivalent;
}

function jitter(points: readonly Vec2[], sigmas: readonly number[], normal: () => number): Vec2[] {
  return points.map((p, i): Vec2 => {
    const s = sigmas[i] as number;
    return [p[0] + s * normal(), p[1] + s * normal()];
  });
}

/** A photo's fiducials in mm, as the analysis normalises them. */
function millimetres(image: ImageMarks): Vec2[] {
  return normalizeByScale(image.fiducials, image.scalePoints, SCALE_LENGTH);
}

/** A photo's fiducials in mm after moving each of its points by its own random error. */
function jitteredMillimetres(image: ImageMarks, normal: () => number): Vec2[] {
  const fiducials = jitter(image.fiducials, image.fiducialUncertainty ?? [], normal);
  const [s0, s1] = jitter(image.scalePoints, image.scaleUncertainty ?? [], normal);
  return normalizeByScale(fiducials, [s0 as Vec2, s1 as Vec2], SCALE_LENGTH);
}

/** Sample standard deviation of every output over `draws` jittered copies of the pair. */
function monteCarlo(reference: ImageMarks, current: ImageMarks, seed: number): Float64Array {
  const normal = seededNormal(seededRandom(seed));
  const nominal = new Float64Array(OUTPUTS);
  outputsOf(millimetres(reference), millimetres(current), nominal);
  const sample = new Float64Array(OUTPUTS);
  const sum = new Float64Array(OUTPUTS);
  const sumSquares = new Float64Array(OUTPUTS);
  for (let draw = 0; draw < DRAWS; draw++) {
    const refPoints = jitteredMillimetres(reference, normal);
    const curPoints = jitteredMillimetres(current, normal);
    outputsOf(refPoints, curPoints, sample);
    for (let o = 0; o < OUTPUTS; o++) {
      let deviation = (sample[o] as number) - (nominal[o] as number);
      // Angles live on (-90, 90]: take the short way round.
      if (o % PER_MEASURE === 5 && o < OUTPUTS - 1) deviation -= 180 * Math.round(deviation / 180);
      sum[o] = (sum[o] as number) + deviation;
      sumSquares[o] = (sumSquares[o] as number) + deviation * deviation;
    }
  }
  return sumSquares.map((sq, o) => {
    const mean = (sum[o] as number) / DRAWS;
    return Math.sqrt(((sq / DRAWS - mean * mean) * DRAWS) / (DRAWS - 1));
  });
}

function propagated(reference: ImageMarks, current: ImageMarks): Float64Array {
  const out = new Float64Array(OUTPUTS);
  STRAIN_MEASURES.forEach((measure, m) => {
    const result = analysePair(reference, current, measure);
    const u = result.strainUncertainty;
    const p = result.principalUncertainty;
    if (!u || !p) throw new Error('uncertainties expected when both photos carry them');
    placeMeasure(out, m, u, p);
    out[OUTPUTS - 1] = p.equivalentStrain;
  });
  return out;
}

/**
 * First order holds where the strains stand far above their own spread: the
 * principal strains far apart (the angle is then sharp) and the equivalent
 * strain far from zero. Draws cases until one qualifies.
 */
function wellConditionedPair(
  random: () => number,
  misfit: number,
): { reference: ImageMarks; current: ImageMarks } {
  for (;;) {
    const pair = randomPair(random, misfit);
    const ok = STRAIN_MEASURES.every((measure) => {
      const result = analysePair(pair.reference, pair.current, measure);
      const p = result.principalUncertainty;
      if (!p) return false;
      return (
        result.principal.e1 - result.principal.e2 > 0.05 &&
        p.angle < 1 &&
        result.equivalentStrain > 50 * p.equivalentStrain
      );
    });
    if (ok) return pair;
  }
}

const LABELS = STRAIN_MEASURES.flatMap((measure) =>
  ['xx', 'yy', 'xy', 'e1', 'e2', 'angle'].map((q) => `${measure} ${q}`),
).concat(['equivalent strain']);

describe('strain uncertainty propagation', () => {
  it('agrees with a 20 000-draw Monte Carlo within 5 % on every component, e1, e2, angle and equivalent strain, all four measures, large strains', () => {
    const random = seededRandom(7);
    // Two cases with a nearly homogeneous deformation, two with markers
    // up to 40 px off it (strong barrelling), where the fit's residuals
    // change how a reference marker's error moves F.
    for (const [c, misfit] of [3, 3, 40, 40].entries()) {
      const { reference, current } = wellConditionedPair(random, misfit);
      const expected = monteCarlo(reference, current, 1000 + c);
      const actual = propagated(reference, current);
      for (let o = 0; o < OUTPUTS; o++) {
        const ratio = (actual[o] as number) / (expected[o] as number);
        expect(
          Math.abs(ratio - 1),
          `case ${c}, ${LABELS[o]}: first order ${actual[o]}, Monte Carlo ${expected[o]}`,
        ).toBeLessThan(AGREEMENT);
      }
    }
  }, 60_000);

  it('with one uncertain point, equals the central finite-difference slope of the whole pipeline, for each of the 28 coordinates (1e-6 relative, 1e-9 absolute for rounding)', () => {
    // First order is exact for a single input's slope: sigma_out = |d out/d p|
    // summed over the point's two axes. The finite difference runs the core's
    // own normalisation, fit and measures, so every term of the analytic
    // Jacobian (the fit residual, the scale, the matrix log) is checked.
    const { reference, current } = wellConditionedPair(seededRandom(41), 40);
    const zero = (image: ImageMarks): ImageMarks => ({
      ...image,
      fiducialUncertainty: [0, 0, 0, 0, 0],
      scaleUncertainty: [0, 0],
    });
    const outputsAt = (ref: ImageMarks, cur: ImageMarks): Float64Array => {
      const out = new Float64Array(OUTPUTS);
      outputsOf(millimetres(ref), millimetres(cur), out);
      return out;
    };
    const h = 1e-3;
    for (const which of ['reference', 'current'] as const) {
      for (let point = 0; point < 7; point++) {
        const isScale = point >= 5;
        const moved = (dx: number, dy: number): [ImageMarks, ImageMarks] => {
          const image = which === 'reference' ? reference : current;
          const shift = (p: Vec2, i: number, target: number): Vec2 =>
            i === target ? [p[0] + dx, p[1] + dy] : p;
          const changed: ImageMarks = {
            ...image,
            fiducials: image.fiducials.map((p, i) => shift(p, i, isScale ? -1 : point)),
            scalePoints: image.scalePoints.map((p, i) => shift(p, i, point - 5)) as [Vec2, Vec2],
          };
          return which === 'reference' ? [changed, current] : [reference, changed];
        };
        const slope = (dx: number, dy: number): Float64Array => {
          const plus = outputsAt(...moved(dx * h, dy * h));
          const minus = outputsAt(...moved(-dx * h, -dy * h));
          return plus.map((v, o) => (v - (minus[o] as number)) / (2 * h));
        };
        const alongX = slope(1, 0);
        const alongY = slope(0, 1);
        const image = which === 'reference' ? reference : current;
        const single: ImageMarks = {
          ...zero(image),
          fiducialUncertainty: [0, 1, 2, 3, 4].map((i) => (i === point ? 1 : 0)),
          scaleUncertainty: [point === 5 ? 1 : 0, point === 6 ? 1 : 0],
        };
        const actual =
          which === 'reference'
            ? propagated(single, zero(current))
            : propagated(zero(reference), single);
        for (let o = 0; o < OUTPUTS; o++) {
          const expected = Math.hypot(alongX[o] as number, alongY[o] as number);
          expect(
            Math.abs((actual[o] as number) - expected),
            `${which} point ${point}, ${LABELS[o]}: first order ${actual[o]}, finite difference ${expected}`,
          ).toBeLessThanOrEqual(1e-6 * expected + 1e-9);
        }
      }
    }
  });

  it('a square of side 2a with equal point uncertainties and an exact scale: sigma_xx = sigma/(a sqrt 2), sigma_xy = sigma/(2a)', () => {
    // By hand: F = A G^-1 with G = 4 a^2 I (px), each of the four corners of
    // each photo moves its row of F by sigma x_k / (4 a^2), the centre not at
    // all (the corners' vectors sum to zero); two photos double the variance.
    const a = 250;
    const sigma = 0.3;
    const square = (cx: number, cy: number): Vec2[] => [
      [cx - a, cy - a],
      [cx + a, cy - a],
      [cx + a, cy + a],
      [cx - a, cy + a],
      [cx, cy],
    ];
    const image = (name: string, cx: number): ImageMarks => ({
      name,
      fiducials: square(cx, 600),
      scalePoints: [
        [100, 1500],
        [900, 1500],
      ],
      pressTravel: null,
      fiducialUncertainty: [sigma, sigma, sigma, sigma, sigma],
      scaleUncertainty: [0, 0],
    });
    const result = analysePair(image('a.png', 800), image('b.png', 820), 'small');
    const u = result.strainUncertainty;
    if (!u) throw new Error('uncertainty expected');
    expectClose(u[0][0], sigma / (a * Math.SQRT2), 1e-12);
    expectClose(u[1][1], sigma / (a * Math.SQRT2), 1e-12);
    expectClose(u[0][1], sigma / (2 * a), 1e-12);
    // The scale: an error delta in |s1 - s0| = d scales F by delta/d.
    const scaled = analysePair(
      { ...image('a.png', 800), fiducialUncertainty: [0, 0, 0, 0, 0], scaleUncertainty: [0.4, 0] },
      { ...image('b.png', 820), fiducialUncertainty: [0, 0, 0, 0, 0] },
      'small',
    );
    expectClose(scaled.strainUncertainty?.[0][0] ?? NaN, 0.4 / 800, 1e-12);
    expectClose(scaled.strainUncertainty?.[0][1] ?? NaN, 0, 0, 1e-18);
  });

  it('in incremental mode each photo is compared with, and takes the uncertainty of, the photo before it', () => {
    const images = randomSequence(11, 4);
    const incremental = analyseSequence({
      images,
      scaleLength: SCALE_LENGTH,
      measure: 'hencky',
      reference: { kind: 'incremental' },
    });
    for (let i = 1; i < images.length; i++) {
      const pairwise = analysePair(images[i - 1] as ImageMarks, images[i] as ImageMarks, 'hencky');
      const outcome = incremental.images[i];
      if (!outcome?.ok) throw new Error('incremental step should analyse');
      expect(outcome.strain.strainUncertainty).toEqual(pairwise.strainUncertainty);
      expect(outcome.strain.principalUncertainty).toEqual(pairwise.principalUncertainty);
    }
  });

  it('a photo compared with itself (the reference, the first incremental step) is exactly zero and known exactly, while a second photo with the very same points is not', () => {
    const images = randomSequence(13, 3);
    const reference = images[0] as ImageMarks;
    for (const mode of [{ kind: 'total', referenceIndex: 0 }, { kind: 'incremental' }] as const) {
      const outcome = analyseSequence({
        images,
        scaleLength: SCALE_LENGTH,
        measure: 'hencky',
        reference: mode,
      }).images[0];
      if (!outcome?.ok) throw new Error('the reference should analyse');
      expect(outcome.strain.strain).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(outcome.strain.strainUncertainty).toEqual([
        [0, 0],
        [0, 0],
      ]);
      expect(outcome.strain.principalUncertainty).toEqual({
        e1: 0,
        e2: 0,
        angle: 0,
        equivalentStrain: 0,
      });
    }
    // A retake of the unchanged specimen has its own, independent point errors.
    const retake = analysePair(reference, { ...reference, name: 'retake' }, 'hencky');
    expect(retake.strainUncertainty?.[0][0]).toBeGreaterThan(0);
  });

  it('gives no uncertainty when either photo of a pair lacks point uncertainties, and refuses unusable ones', () => {
    const [reference, current] = randomSequence(5, 2) as [ImageMarks, ImageMarks];
    const { fiducialUncertainty, scaleUncertainty, ...bareReference } = reference;
    void fiducialUncertainty;
    void scaleUncertainty;
    const result = analysePair(bareReference, current, 'small');
    expect(result).not.toHaveProperty('strainUncertainty');
    expect(result).not.toHaveProperty('principalUncertainty');
    expect(() =>
      analysePair(
        { ...reference, fiducialUncertainty: [0.1, 0.1, -1, 0.1, 0.1] },
        current,
        'small',
      ),
    ).toThrow(/fiducial uncertainties/);
    expect(() =>
      analysePair(reference, { ...current, scaleUncertainty: [0.1, NaN] }, 'small'),
    ).toThrow(/scale point uncertainties/);
  });

  it('equal stretches (C with equal eigenvalues): the strain components match finite differences in every measure, the angle is reported as unknown', () => {
    // F = 1.3 R(20 deg): C = 1.69 I, where the Hencky derivative takes the
    // limit 1/lambda of the log's divided difference.
    const a = 200;
    const turn = (20 * Math.PI) / 180;
    const square: Vec2[] = [
      [-a, -a],
      [a, -a],
      [a, a],
      [-a, a],
      [0, 0],
    ];
    const place = (k: number, rotate: number): Vec2[] =>
      square.map(([x, y]): Vec2 => [
        900 + k * (Math.cos(rotate) * x - Math.sin(rotate) * y),
        700 + k * (Math.sin(rotate) * x + Math.cos(rotate) * y),
      ]);
    const image = (name: string, fiducials: Vec2[], fiducialSigma: number): ImageMarks => ({
      name,
      fiducials,
      scalePoints: [
        [100, 1500],
        [900, 1500],
      ],
      pressTravel: null,
      fiducialUncertainty: [0, 0, 0, 0, 0].map((_, i) => (i === 2 ? fiducialSigma : 0)),
      scaleUncertainty: [0, 0],
    });
    const reference = image('a.png', place(1, 0), 0);
    const current = image('b.png', place(1.3, turn), 1);
    const h = 1e-3;
    const shifted = (dx: number, dy: number): ImageMarks => ({
      ...current,
      fiducials: current.fiducials.map((p, i): Vec2 => (i === 2 ? [p[0] + dx, p[1] + dy] : p)),
    });
    for (const measure of STRAIN_MEASURES) {
      const result = analysePair(reference, current, measure);
      const slope = (dx: number, dy: number): number[] => {
        const plus = analysePair(reference, shifted(dx * h, dy * h), measure);
        const minus = analysePair(reference, shifted(-dx * h, -dy * h), measure);
        const pick = (r: ImageStrain): number[] => [
          r.strain[0][0],
          r.strain[1][1],
          r.strain[0][1],
          r.equivalentStrain,
        ];
        const [p, m] = [pick(plus), pick(minus)];
        return p.map((v, k) => (v - (m[k] as number)) / (2 * h));
      };
      const [sx, sy] = [slope(1, 0), slope(0, 1)];
      const u = result.strainUncertainty;
      const pu = result.principalUncertainty;
      if (!u || !pu) throw new Error('uncertainty expected');
      [u[0][0], u[1][1], u[0][1], pu.equivalentStrain].forEach((value, k) => {
        const expected = Math.hypot(sx[k] as number, sy[k] as number);
        expect(Math.abs(value - expected), `${measure} output ${k}`).toBeLessThanOrEqual(
          1e-6 * expected + 1e-9,
        );
      });
      // e1 = e2 here: the direction is not known at all.
      expectClose(pu.angle, 180 / Math.sqrt(12), 1e-12);
    }
  });

  it('a pure rotation (zero equivalent strain): the uncertainty of the equivalent strain is its RMS spread (Monte Carlo, 20 000 draws, 5 %)', () => {
    const { reference } = randomPair(seededRandom(61));
    const turned: ImageMarks = {
      ...reference,
      name: 'turned.png',
      fiducials: reference.fiducials.map(([x, y]): Vec2 => [y, -x]),
    };
    const result = analysePair(reference, turned, 'hencky');
    expect(result.equivalentStrain).toBeLessThan(1e-12);
    const normal = seededNormal(seededRandom(62));
    let sumSquares = 0;
    for (let draw = 0; draw < DRAWS; draw++) {
      const ref = jitteredMillimetres(reference, normal);
      const cur = jitteredMillimetres(turned, normal);
      sumSquares += volumeConstancyStrains(fitDeformation(ref, cur, 4).F).equivalent ** 2;
    }
    const rms = Math.sqrt(sumSquares / DRAWS);
    const reported = result.principalUncertainty?.equivalentStrain ?? NaN;
    expect(Math.abs(reported / rms - 1)).toBeLessThan(AGREEMENT);
  }, 30_000);

  it('equal principal strains: e1 and e2 get their RMS deviation from the true value (Monte Carlo, 20 000 draws, 5 %)', () => {
    // Stretched equally in every direction by 1.2 and turned: e1 = e2, where
    // each is m -/+ the length of the deviator and has no slope.
    const { reference } = randomPair(seededRandom(71));
    const c = reference.fiducials[4] as Vec2;
    const turn = (25 * Math.PI) / 180;
    const grown: ImageMarks = {
      ...reference,
      name: 'grown.png',
      fiducials: reference.fiducials.map(([x, y]): Vec2 => [
        c[0] + 1.2 * (Math.cos(turn) * (x - c[0]) - Math.sin(turn) * (y - c[1])),
        c[1] + 1.2 * (Math.sin(turn) * (x - c[0]) + Math.cos(turn) * (y - c[1])),
      ]),
    };
    for (const measure of ['small', 'hencky'] as const) {
      const result = analysePair(reference, grown, measure);
      const { e1, e2 } = result.principal;
      const normal = seededNormal(seededRandom(72));
      let sum1 = 0;
      let sum2 = 0;
      for (let draw = 0; draw < DRAWS; draw++) {
        const ref = jitteredMillimetres(reference, normal);
        const cur = jitteredMillimetres(grown, normal);
        const p = principalStrains(strainTensor(fitDeformation(ref, cur, 4).F, measure));
        sum1 += (p.e1 - e1) ** 2;
        sum2 += (p.e2 - e2) ** 2;
      }
      const reported = result.principalUncertainty;
      if (!reported) throw new Error('uncertainty expected');
      expect(Math.abs(reported.e1 / Math.sqrt(sum1 / DRAWS) - 1), `${measure} e1`).toBeLessThan(
        AGREEMENT,
      );
      expect(Math.abs(reported.e2 / Math.sqrt(sum2 / DRAWS) - 1), `${measure} e2`).toBeLessThan(
        AGREEMENT,
      );
      expectClose(reported.angle, 180 / Math.sqrt(12), 1e-12);
    }
  }, 30_000);

  it('a hand-placed point defaults to half a pixel', () => {
    expect(HAND_PLACED_UNCERTAINTY_PX).toBe(0.5);
  });
});

/** FNV-1a of a string: a short fingerprint of a whole analysis's text. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

describe('analysis without point uncertainties', () => {
  // Fingerprints of JSON.stringify([images, original trend figures]) made by
  // the analysis before uncertainties existed. JSON keeps every double's
  // shortest exact digits, so a changed last bit changes the fingerprint.
  const BEFORE: Record<string, string> = {
    'small total': 'd2a7a16e',
    'small incremental': 'd29344b0',
    'green_lagrangian total': '62c6eeb7',
    'green_lagrangian incremental': '276b2ce2',
    'almansi total': '5a4a35a4',
    'almansi incremental': '59c86795',
    'hencky total': '6efea9a1',
    'hencky incremental': '2aba025d',
  };
  const withUncertainty = randomSequence(20261207, 6);
  const bare = withUncertainty.map((image) => {
    const copy: ImageMarks = { ...image };
    delete copy.fiducialUncertainty;
    delete copy.scaleUncertainty;
    return copy;
  });
  const modes: SequenceRequest['reference'][] = [
    { kind: 'total', referenceIndex: 0 },
    { kind: 'incremental' },
  ];
  /** Every measure in every reference mode, each analysed the same way from given marks. */
  const settings = STRAIN_MEASURES.flatMap((measure) =>
    modes.map((reference) => ({ measure, reference })),
  );
  const analyse = (images: ImageMarks[], setting: (typeof settings)[number]) =>
    analyseSequence({ images, scaleLength: SCALE_LENGTH, ...setting });

  it('is bit-for-bit what the analysis gave before, for every measure and mode', () => {
    for (const setting of settings) {
      const { measure, reference } = setting;
      const analysis = analyse(bare, setting);
      const trends = Object.values(analysis.trends).map((t) =>
        t.ok
          ? [
              t.regression.slope,
              t.regression.intercept,
              t.regression.rSquared,
              t.regression.pValue,
              t.regression.slopeStderr,
              t.regression.interceptStderr,
            ]
          : t.problem,
      );
      expect(fingerprint(JSON.stringify([analysis.images, trends]))).toBe(
        BEFORE[`${measure} ${reference.kind}`],
      );
      for (const image of analysis.images) {
        expect(image.ok).toBe(true);
        if (image.ok) expect(Object.keys(image.strain)).not.toContain('strainUncertainty');
      }
    }
  });

  it('giving point uncertainties adds the uncertainty fields and changes no other number', () => {
    for (const setting of settings) {
      const plain = analyse(bare, setting);
      const rich = analyse(withUncertainty, setting);
      const stripped = rich.images.map((image) => {
        if (!image.ok) return image;
        const strain: ImageStrain = { ...image.strain };
        expect(strain.strainUncertainty).toBeDefined();
        expect(strain.principalUncertainty).toBeDefined();
        delete strain.strainUncertainty;
        delete strain.principalUncertainty;
        return { ...image, strain };
      });
      expect(stripped).toStrictEqual(plain.images);
      expect(rich.trends).toStrictEqual(plain.trends);
    }
  });
});

describe('strainResolution', () => {
  it('matches the spread of small strain between two noisy photos of the same specimen (Monte Carlo, 20 000 draws, 5 %)', () => {
    const { reference } = randomPair(seededRandom(23));
    const resolution = strainResolution(reference, SCALE_LENGTH);
    if (!resolution) throw new Error('resolution expected');
    const normal = seededNormal(seededRandom(99));
    const sum = [0, 0, 0];
    const sumSquares = [0, 0, 0];
    const photo = (): Vec2[] => jitteredMillimetres(reference, normal);
    for (let draw = 0; draw < DRAWS; draw++) {
      const E = strainTensor(fitDeformation(photo(), photo(), 4).F, 'small');
      [E[0][0], E[1][1], E[0][1]].forEach((value, k) => {
        sum[k] = (sum[k] as number) + value;
        sumSquares[k] = (sumSquares[k] as number) + value * value;
      });
    }
    const spread = sumSquares.map((sq, k) => {
      const mean = (sum[k] as number) / DRAWS;
      return Math.sqrt(sq / DRAWS - mean * mean);
    });
    const got = [resolution.xx, resolution.yy, resolution.xy];
    got.forEach((value, k) => {
      expect(Math.abs(value / (spread[k] as number) - 1), `component ${k}`).toBeLessThan(AGREEMENT);
    });
    expect(resolution.max).toBe(Math.max(...got));
  }, 30_000);

  it('is null without point uncertainties or with incomplete or collinear marks, and scales with the point uncertainty', () => {
    const { reference } = randomPair(seededRandom(31));
    const bare: ImageMarks = { ...reference };
    delete bare.fiducialUncertainty;
    expect(strainResolution(bare, SCALE_LENGTH)).toBeNull();
    expect(
      strainResolution({ ...reference, fiducials: reference.fiducials.slice(0, 4) }, SCALE_LENGTH),
    ).toBeNull();
    const line: Vec2[] = [0, 1, 2, 3, 4].map((i): Vec2 => [100 + 50 * i, 200]);
    expect(strainResolution({ ...reference, fiducials: line }, SCALE_LENGTH)).toBeNull();
    // Every point twice as uncertain: every strain twice as uncertain.
    const base = strainResolution(reference, SCALE_LENGTH);
    const doubled = strainResolution(
      {
        ...reference,
        fiducialUncertainty: (reference.fiducialUncertainty ?? []).map((s) => 2 * s),
        scaleUncertainty: (reference.scaleUncertainty ?? [0, 0]).map((s) => 2 * s) as [
          number,
          number,
        ],
      },
      SCALE_LENGTH,
    );
    expectClose(doubled?.max ?? NaN, 2 * (base?.max ?? NaN), 1e-12);
  });
});
