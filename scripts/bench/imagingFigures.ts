// Imaging figures on synthetic renders, computed in Node by the core itself: centroid error of
// dots whose true centres are known, strain error from markers detected on rendered patterns of
// a known deformation, and detection + tracking time per 12 MP render. Shared by
// `npm run bench:imaging` (scripts/bench-imaging.ts) and `npm run bench`.
import { findCandidates, findDot, findFiducials, trackFiducials } from '../../src/core/index';
import type { Mat2, Vec2 } from '../../src/core/index';
import { random, render } from '../../tests/unit/imaging/render';
import { detectedStrainErrors, STRAIN_DEFORMATIONS } from '../../tests/unit/imaging/detectedStrain';
import { multiply, patternScene, rotationF } from '../../tests/unit/imaging/scenes';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rms = (values: number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

/** Centroid error (2D, px) over dots of 8-60 px: discs and ellipses, blur, noise, lighting. */
export function centroidFigures() {
  const rand = random(2024);
  const bySize: Record<string, number> = {};
  const all: number[] = [];
  for (const d of [8, 12, 16, 20, 30, 40, 50, 60]) {
    const errors: number[] = [];
    for (let k = 0; k < 24; k++) {
      const size = Math.ceil(d * 2.6 + 40);
      const centre: Vec2 = [size / 2 + rand() - 0.5, size / 2 + rand() - 0.5];
      const aspect = k % 2 === 0 ? 1 : 1 + 1.5 * rand();
      const image = render({
        width: size,
        height: size,
        groups: [
          [{ kind: 'ellipse', centre, a: d / 2, b: d / 2 / aspect, angle: rand() * Math.PI }],
        ],
        blur: 0.6 + rand(),
        noise: 2 + 2 * rand(),
        gradient: [(rand() - 0.5) * 0.006, (rand() - 0.5) * 0.006],
        seed: 1000 * d + k,
      });
      const near: Vec2 = [centre[0] + (rand() - 0.5) * 8, centre[1] + (rand() - 0.5) * 8];
      const found = findDot(image, near);
      if (!found.ok) throw new Error(`no dot found for d = ${d}: ${found.message}`);
      errors.push(Math.hypot(found.centre[0] - centre[0], found.centre[1] - centre[1]));
    }
    bySize[`${d}px`] = rms(errors);
    all.push(...errors);
  }
  return { rmsPx: rms(all), maxPx: Math.max(...all), bySize, dots: all.length };
}

/** Small-strain error from detected markers of a rendered pattern under known deformations. */
export function strainFigures() {
  // The tests' deformations, and one near the noise floor.
  const cases: Mat2[] = [
    ...STRAIN_DEFORMATIONS,
    [
      [1.001, 0],
      [0, 0.999],
    ],
  ];
  const errors: number[] = [];
  for (const [k, F] of cases.entries()) {
    for (let trial = 0; trial < 3; trial++) {
      const before: Vec2 = [500.37 + trial * 0.29, 400.61 - trial * 0.17];
      const after: Vec2 = [before[0] + 7.3, before[1] - 4.1];
      const seed = 10 * k + trial;
      errors.push(...detectedStrainErrors(F, before, after, [seed, seed + 5]));
    }
  }
  return {
    maxAbs: Math.max(...errors),
    minAbs: Math.min(...errors),
    rms: rms(errors),
    components: errors.length,
  };
}

/** Detection and tracking time on 4000 x 3000 photos (median of several runs). */
export function timingFigures() {
  const spec = {
    width: 4000,
    height: 3000,
    half: 600,
    dot: 50,
    blur: 1.2,
    noise: 3,
    gradient: [0.00008, -0.00005] as Vec2,
    ruler: { x: 3300, y0: 300, y1: 2700, spacing: 31 },
    text: [
      [500, 300],
      [600, 2700],
      [2500, 2800],
    ] as Vec2[],
    specks: 300,
  };
  const first = patternScene({ ...spec, centre: [1800, 1500], seed: 1 });
  const F: Mat2 = [
    [1.03, 0.01],
    [0, 0.97],
  ];
  const near = patternScene({ ...spec, centre: [1830, 1480], F, seed: 2 });
  const far = patternScene({
    ...spec,
    centre: [2300, 1300],
    F: multiply(rotationF(6), [
      [1.2, 0],
      [0, 0.8],
    ]),
    seed: 3,
  });
  // Six runs each; the first warms the code up and is left out.
  const runs = (run: () => unknown) => {
    const times: number[] = [];
    for (let k = 0; k < 6; k++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    return times.slice(1);
  };
  const time = (run: () => unknown) => median(runs(run));
  const detected = findFiducials(first.image);
  if (!detected.ok) throw new Error('12 MP pattern not detected');
  const tracked = trackFiducials(near.image, detected.points);
  const trackedFar = trackFiducials(far.image, detected.points);
  const trackError = Math.max(
    ...tracked.points.map((p, k) => Math.hypot(p[0] - near.truth[k]![0], p[1] - near.truth[k]![1])),
    ...trackedFar.points.map((p, k) =>
      Math.hypot(p[0] - far.truth[k]![0], p[1] - far.truth[k]![1]),
    ),
  );
  const detectMs = time(() => findFiducials(first.image));
  const trackLocalMs = time(() => trackFiducials(near.image, detected.points));
  const trackMatchedMs = time(() => trackFiducials(far.image, detected.points));
  // Both on one photo, as the worker does it: the dot candidates are found once.
  const bothRuns = runs(() => {
    const search = findCandidates(near.image);
    findFiducials(near.image, { search });
    trackFiducials(near.image, detected.points, { search });
  });
  return {
    megapixels: (spec.width * spec.height) / 1e6,
    detectMs,
    trackLocalMs,
    trackMatchedMs,
    detectPlusTrackMs: median(bothRuns),
    detectPlusTrackRuns: bothRuns,
    trackMethods: [tracked.method, trackedFar.method],
    maxTrackErrorPx: trackError,
  };
}
