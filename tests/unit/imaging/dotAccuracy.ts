// How close located centres come to the truth, and whether their stated uncertainties are
// honest, over a set of dots (dotSet.ts). Shared by the imaging tests and benchmark.
import { findDot } from '../../../src/core';
import type { DotCase } from './dotSet';

export interface DotOutcome {
  kind: DotCase['kind'];
  diameter: number;
  /** Located minus true centre, px; null when the dot was refused. */
  error: [number, number] | null;
  /** Stated standard uncertainty per axis, px. */
  uncertainty: number;
  /** Error along the direction in which the light rises at the dot, px. */
  uphill: number;
  grade: string;
  method: string;
  reason?: string;
}

export function locateAll(cases: readonly DotCase[]): DotOutcome[] {
  return cases.map((c) => {
    const found = findDot(c.image, c.click);
    if (!found.ok) {
      return {
        kind: c.kind,
        diameter: c.diameter,
        error: null,
        uncertainty: NaN,
        uphill: NaN,
        grade: 'refused',
        method: 'none',
        reason: found.reason,
      };
    }
    const ex = found.centre[0] - c.truth[0];
    const ey = found.centre[1] - c.truth[1];
    return {
      kind: c.kind,
      diameter: c.diameter,
      error: [ex, ey],
      uncertainty: found.quality.uncertainty,
      uphill: ex * c.uphill[0] + ey * c.uphill[1],
      grade: found.quality.grade,
      method: found.quality.method,
    };
  });
}

export interface AccuracySummary {
  dots: number;
  found: number;
  /** 2D error, px RMS, and the largest. */
  rmsPx: number;
  maxPx: number;
  /** Mean error along x, along y, and along the light's rise at each dot, px: the largest
   * of them in size is `biasPx`. */
  meanX: number;
  meanY: number;
  meanUphill: number;
  biasPx: number;
  /** RMS over both axes of error / stated uncertainty (1 for an honest uncertainty). */
  rmsNormalised: number;
  /** Fraction of per-axis errors within two stated uncertainties (95 % for an honest one). */
  within2: number;
  /** Median stated uncertainty, px. */
  medianUncertainty: number;
}

export function summarise(outcomes: readonly DotOutcome[]): AccuracySummary {
  const found = outcomes.filter((o) => o.error !== null);
  const n = Math.max(1, found.length);
  let squares = 0;
  let max = 0;
  let sx = 0;
  let sy = 0;
  let su = 0;
  let zz = 0;
  let inside = 0;
  for (const o of found) {
    const [ex, ey] = o.error!;
    const d2 = ex * ex + ey * ey;
    squares += d2;
    max = Math.max(max, Math.sqrt(d2));
    sx += ex;
    sy += ey;
    su += o.uphill;
    zz += (ex / o.uncertainty) ** 2 + (ey / o.uncertainty) ** 2;
    if (Math.abs(ex) <= 2 * o.uncertainty) inside++;
    if (Math.abs(ey) <= 2 * o.uncertainty) inside++;
  }
  const u = found.map((o) => o.uncertainty).sort((a, b) => a - b);
  const meanX = sx / n;
  const meanY = sy / n;
  const meanUphill = su / n;
  return {
    dots: outcomes.length,
    found: found.length,
    rmsPx: Math.sqrt(squares / n),
    maxPx: max,
    meanX,
    meanY,
    meanUphill,
    biasPx: Math.max(Math.hypot(meanX, meanY), Math.abs(meanUphill)),
    rmsNormalised: Math.sqrt(zz / (2 * n)),
    within2: inside / (2 * n),
    medianUncertainty: u[Math.floor(u.length / 2)] ?? NaN,
  };
}
