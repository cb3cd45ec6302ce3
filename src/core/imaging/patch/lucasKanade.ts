// Sub-pixel refinement of a template match by Gauss-Newton (Lucas-Kanade): the template's
// centre and its local affine warp in the new photo, with the new photo's brightness and
// contrast as two more unknowns. Affine, not just zoom and turn: a ruler seen at a slant
// is foreshortened along its length (the demo ruler's ticks are 12 % closer at one end
// than at the other), so a patch shrinks more one way than the other. A parabola through
// correlation scores is biased towards whole pixels by a few hundredths of a pixel; this
// fit is not, and it measures the local zoom the scale points' distance is checked against.
import { gradientField, inside, warpInto } from './gradientField';
import type { Samples } from './gradientField';
import type { GreyLevel } from '../raster/levels';
import { planeCorrelation, planeResiduals } from './planeRemoval';
import { fitPlane, planeOf } from '../raster/planeFit';
import type { Plane } from '../raster/planeFit';
import { solve } from '../raster/solve';
import type { Alignment, Warp } from '../raster/warp';

/** Where the fit settled, and how alike the template and the photo are there. */
export interface LucasKanadeFit {
  alignment: Alignment;
  /** ZNCC of the template and the new photo at the refined alignment. */
  score: number;
  iterations: number;
}

const MAX_ITERATIONS = 20;
/** Stop once the centre moves less than this, px. */
const CONVERGED = 2e-3;
/** Unknowns of the step: centre (2) and warp correction (4). */
const N = 6;

/**
 * Refines `start` by matching `samples` (taken from the previous photo through start's
 * warp) against `target`, a window of the new photo at the samples' level. Returns null
 * when the fit drifts more than `maxDrift` image pixels from its start or degenerates.
 */
export function lucasKanade(
  samples: Samples,
  target: GreyLevel,
  start: Alignment,
  maxDrift = 2,
  maxIterations = MAX_ITERATIONS,
): LucasKanadeFit | null {
  const field = gradientField(target, samples, start, maxDrift);
  if (!field) return null;
  // Samples that may leave the photo during the fit (a point near its edge) are left out.
  samples = inside(samples, field, start, maxDrift);
  if (samples.values.length < 9) return null;
  const { ux, uy, values } = samples;
  const n = values.length;
  const template = templatePlane(samples);
  if (!template) return null;
  let cx = start.centre[0];
  let cy = start.centre[1];
  // The correction D to the start's warp: the sample at offset u lands at c + (I + D) u.
  let d11 = 0;
  let d12 = 0;
  let d21 = 0;
  let d22 = 0;
  let iterations = 0;
  const warped = new Float64Array(n);
  const wgx = new Float64Array(n);
  const wgy = new Float64Array(n);
  const H = new Float64Array(N * N);
  const g = new Float64Array(N);
  for (; iterations < maxIterations; iterations++) {
    if (!warpInto(field, samples, cx, cy, d11, d12, d21, d22, warped, wgx, wgy)) return null;
    // Brightness, contrast and lighting ramp of the new photo in closed form for the
    // current warp (a variable projection): the geometric step compares like with like.
    const light = photometricFit(samples, template, warped);
    if (!light) return null;
    const [gain, offset, rampX, rampY] = light;
    // The normal equations J^T J step = J^T e, accumulated in scalars (the inner loop).
    let h00 = 0,
      h01 = 0,
      h02 = 0,
      h03 = 0,
      h04 = 0,
      h05 = 0;
    let h11 = 0,
      h12 = 0,
      h13 = 0,
      h14 = 0,
      h15 = 0;
    let h22 = 0,
      h23 = 0,
      h24 = 0,
      h25 = 0;
    let h33 = 0,
      h34 = 0,
      h35 = 0;
    let h44 = 0,
      h45 = 0,
      h55 = 0;
    let g0 = 0,
      g1 = 0,
      g2 = 0,
      g3 = 0,
      g4 = 0,
      g5 = 0;
    for (let j = 0; j < n; j++) {
      const e = warped[j]! - gain * values[j]! - offset - rampX * ux[j]! - rampY * uy[j]!;
      const j0 = wgx[j]!;
      const j1 = wgy[j]!;
      const x = ux[j]!;
      const y = uy[j]!;
      const j2 = j0 * x;
      const j3 = j0 * y;
      const j4 = j1 * x;
      const j5 = j1 * y;
      h00 += j0 * j0;
      h01 += j0 * j1;
      h02 += j0 * j2;
      h03 += j0 * j3;
      h04 += j0 * j4;
      h05 += j0 * j5;
      h11 += j1 * j1;
      h12 += j1 * j2;
      h13 += j1 * j3;
      h14 += j1 * j4;
      h15 += j1 * j5;
      h22 += j2 * j2;
      h23 += j2 * j3;
      h24 += j2 * j4;
      h25 += j2 * j5;
      h33 += j3 * j3;
      h34 += j3 * j4;
      h35 += j3 * j5;
      h44 += j4 * j4;
      h45 += j4 * j5;
      h55 += j5 * j5;
      g0 += j0 * e;
      g1 += j1 * e;
      g2 += j2 * e;
      g3 += j3 * e;
      g4 += j4 * e;
      g5 += j5 * e;
    }
    H.set([
      h00,
      h01,
      h02,
      h03,
      h04,
      h05,
      h01,
      h11,
      h12,
      h13,
      h14,
      h15,
      h02,
      h12,
      h22,
      h23,
      h24,
      h25,
      h03,
      h13,
      h23,
      h33,
      h34,
      h35,
      h04,
      h14,
      h24,
      h34,
      h44,
      h45,
      h05,
      h15,
      h25,
      h35,
      h45,
      h55,
    ]);
    g.set([g0, g1, g2, g3, g4, g5]);
    const step = solve(H, g, N);
    if (!step) return null;
    cx -= step[0]!;
    cy -= step[1]!;
    d11 -= step[2]!;
    d12 -= step[3]!;
    d21 -= step[4]!;
    d22 -= step[5]!;
    // Wandering far from the start, or warping by more than a tenth, means it was lost.
    if (Math.hypot(cx - start.centre[0], cy - start.centre[1]) > maxDrift) return null;
    if (Math.max(Math.abs(d11), Math.abs(d12), Math.abs(d21), Math.abs(d22)) > 0.1) return null;
    if (Math.hypot(step[0]!, step[1]!) < CONVERGED) {
      iterations++;
      break;
    }
  }
  const w = start.warp;
  const warp: Warp = [
    (1 + d11) * w[0] + d12 * w[2],
    (1 + d11) * w[1] + d12 * w[3],
    d21 * w[0] + (1 + d22) * w[2],
    d21 * w[1] + (1 + d22) * w[3],
  ];
  if (!warpInto(field, samples, cx, cy, d11, d12, d21, d22, warped, wgx, wgy)) return null;
  const score = planeCorrelation(values, warped, ux, uy);
  return { alignment: { centre: [cx, cy], warp }, score, iterations };
}

/** The template's values about their own plane, which the photometric fit projects onto. */
interface TemplatePlane {
  plane: Plane;
  residuals: Float64Array;
  /** The residuals' sum of squares. */
  energy: number;
}

/** The template's plane and residuals, or null for a flat template (nothing to match). */
function templatePlane(samples: Samples): TemplatePlane | null {
  const { ux, uy, values } = samples;
  const fit = fitPlane(ux, uy, values, values.length);
  const residuals = planeResiduals(values, ux, uy);
  if (!fit || !residuals) return null;
  let energy = 0;
  for (let j = 0; j < residuals.length; j++) energy += residuals[j]! * residuals[j]!;
  return energy > 1e-12 ? { plane: planeOf(fit), residuals, energy } : null;
}

/**
 * Least-squares warped = gain * template + offset + rampX * ux + rampY * uy: the new
 * photo's brightness, contrast and lighting gradient relative to the template. The gain
 * is the warped values' projection on the template's residuals about its plane (which no
 * plane can add to); what the gain leaves is one plane, the warped values' plane less the
 * gain times the template's.
 */
function photometricFit(
  samples: Samples,
  template: TemplatePlane,
  warped: Float64Array,
): [number, number, number, number] | null {
  const fit = fitPlane(samples.ux, samples.uy, warped, warped.length);
  if (!fit?.tilted) return null;
  let projection = 0;
  for (let j = 0; j < warped.length; j++) projection += template.residuals[j]! * warped[j]!;
  const gain = projection / template.energy;
  const light = planeOf(fit);
  const t = template.plane;
  return [gain, light.c0 - gain * t.c0, light.cx - gain * t.cx, light.cy - gain * t.cy];
}
