// Figures for dots touching a shadow or a dark edge (a benchmark line, not a timed test):
// the error of the located centre on synthetic renders of a disc or ellipse of known
// sub-pixel centre with a dark half-plane, a shadow's edge, a shadow band, a dark band or a
// soft (gradient) shadow over 0-45 % of its width, under blur, noise and uneven light
// (tests/unit/imaging/scenes.ts, shadowCases). Call shadowFigures() from a benchmark, or
// `npm run bench:imaging` prints them (about a minute of the bench's time).
import { findDot } from '../../src/core/index';
import { SHADE_KINDS, shadowCases, shadowScene } from '../../tests/unit/imaging/scenes';

const rms = (values: number[]) =>
  values.length === 0 ? NaN : Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

export interface ShadowFigures {
  /** Scenes in all, and those where a dot was found (the others are refused with a reason). */
  scenes: number;
  found: number;
  /** 2D error, px RMS: over all found dots, those graded fair or good, discs, ellipses. */
  rmsPx: number;
  rmsGradedPx: number;
  rmsDiscsPx: number;
  rmsEllipsesPx: number;
  maxPx: number;
  /** Per kind of shade: found, and error px RMS. */
  byKind: Record<string, { found: number; of: number; rmsPx: number }>;
  /** Fraction of the found dots whose error is within 3 reported standard deviations. */
  within3Sigma: number;
  /** CPU time per snap, ms (median). */
  snapMs: number;
}

/**
 * Runs `perKind` scenes of each kind of shade for each seed. `maxAspect` bounds the dots'
 * flattening (a partly hidden ellipse much flatter than 1.5:1 is poorly determined by
 * what remains of its outline, and is graded so).
 */
export function shadowFigures(perKind = 20, seeds = [1, 2], maxAspect = 1.5): ShadowFigures {
  const all: number[] = [];
  const graded: number[] = [];
  const discs: number[] = [];
  const ellipses: number[] = [];
  const times: number[] = [];
  const byKind: ShadowFigures['byKind'] = {};
  const kindErrors: Record<string, number[]> = {};
  let scenes = 0;
  let honest = 0;
  for (const seed of seeds) {
    for (const { spec, click } of shadowCases(perKind, seed, maxAspect)) {
      const scene = shadowScene(spec);
      scenes++;
      const kind = (byKind[spec.kind] ??= { found: 0, of: 0, rmsPx: NaN });
      kind.of++;
      const start = process.cpuUsage();
      const found = findDot(scene.image, click);
      times.push(process.cpuUsage(start).user / 1000);
      if (!found.ok) continue;
      kind.found++;
      const error = Math.hypot(found.centre[0] - scene.truth[0], found.centre[1] - scene.truth[1]);
      all.push(error);
      (kindErrors[spec.kind] ??= []).push(error);
      if (found.quality.grade !== 'poor') graded.push(error);
      ((spec.aspect ?? 1) === 1 ? discs : ellipses).push(error);
      // The uncertainty is per axis; the error is a distance in 2D.
      if (error <= 3 * Math.SQRT2 * found.quality.uncertainty) honest++;
    }
  }
  for (const kind of SHADE_KINDS) {
    if (byKind[kind]) byKind[kind].rmsPx = rms(kindErrors[kind] ?? []);
  }
  times.sort((a, b) => a - b);
  return {
    scenes,
    found: all.length,
    rmsPx: rms(all),
    rmsGradedPx: rms(graded),
    rmsDiscsPx: rms(discs),
    rmsEllipsesPx: rms(ellipses),
    maxPx: Math.max(...all),
    byKind,
    within3Sigma: honest / Math.max(1, all.length),
    snapMs: times[Math.floor(times.length / 2)] ?? NaN,
  };
}

/** The figures as lines of text, for a benchmark's report. */
export function formatShadowFigures(f: ShadowFigures): string[] {
  return [
    `  touching a shadow or dark edge: ${f.rmsPx.toFixed(3)} px RMS over ${f.found} of ${f.scenes} dots found (graded fair or better ${f.rmsGradedPx.toFixed(3)}; discs ${f.rmsDiscsPx.toFixed(3)}, ellipses ${f.rmsEllipsesPx.toFixed(3)}; max ${f.maxPx.toFixed(2)}; budget 0.15, aim 0.05)`,
    ...Object.entries(f.byKind).map(
      ([kind, k]) =>
        `    ${kind.padStart(11)}: ${k.rmsPx.toFixed(3)} px RMS, ${k.found} of ${k.of} found`,
    ),
    `    errors within 3 reported sigma: ${(100 * f.within3Sigma).toFixed(0)} %; snap ${f.snapMs.toFixed(1)} ms CPU (median)`,
  ];
}
