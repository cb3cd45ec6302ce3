// A dot located from the visible part of its outline: rays cast from its middle, a circle or
// ellipse fitted robustly to their clean edge points, recast from the fitted centre until
// it settles, and the figures that say how far to trust it.
import { ellipseAxes, sampsonDistance } from './conic';
import type { Ellipse, OutlinePoints } from './conic';
import { norm } from '../../raster/norm';
import { arcShapeShift } from './arcShape';
import * as edgeModule from './edge';
import { castRim } from './rays';
import type { RimRays } from './rays';
import type { RimLevels } from './rimLevels';
import { robustEllipse } from './robustEllipse';
import type { RobustFit } from './robustEllipse';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { Ray } = edgeModule;

/** Systematic error of a centre from a whole outline, px per axis (edge biases that the
 * points' scatter does not show; grows as the inverse square of the fraction seen). */
const SYSTEMATIC = 0.02;

/** Spread of the ground around a dot (fraction of the light) below which it counts as lit
 * evenly (a plane): noise and texture stay well below it, a penumbra does not. */
const UNEVEN = 0.05;

/** The dot located from the visible part of its outline. */
export interface RimFit {
  /** Centre of the fitted circle or ellipse, raster coordinates. */
  centre: [number, number];
  ellipse: Ellipse;
  circle: boolean;
  /** One standard deviation of the centre per axis (RMS of the two), px. */
  uncertainty: number;
  /** RMS distance of the kept edge points from the curve, px. */
  residual: number;
  /** Fraction of the outline (by angle around the fitted curve) with kept edge points. */
  coverage: number;
  /** Fraction of the rays, on the last cast, that ran into other darkness. */
  merged: number;
  /** The longest run of consecutive such rays, as a fraction of all rays. */
  mergedRun: number;
  /** Fraction of the rays whose edge was spoilt (dirty or next to other darkness). */
  spoilt: number;
  /** Kept edge points. */
  inliers: number;
  /** Fraction of the outline (by angle) where the dot borders lighter ground: its kept
   * edges, and the clean edges dropped only for being next to other darkness. */
  visible: number;
  /** Fraction of the rays with a clean edge well inside the fitted curve: light ground
   * where the fit says the dot is. */
  contradictions: number;
  /** How far apart the circle's centre and the free ellipse's are when a circle was chosen
   * on a partly seen outline, px (0 otherwise): the two readings of an outline that cannot
   * tell a round dot from a flattened one. */
  shapeGap: number;
  /** For a circle fitted to less than half of the outline: how far its centre would move
   * if the dot were flattened as much as the arc cannot show, px (0 otherwise); see
   * arcShape.ts. Part of `uncertainty`. */
  shapeShift: number;
  rays: RimRays;
}

export interface RimLimits {
  minRadius: number;
  maxRadius: number;
  maxElongation: number;
}

/**
 * Rays from the dot's middle, an outline fitted to their clean edge points, and again from
 * the fitted centre until it settles (the edges do not depend on where the rays start, but
 * which rays are clean does). `quick`: one cast and fit only, enough to tell whether the
 * dot touches something and to check a free dot's centroid.
 */
export function fitRim(
  grey: Float32Array,
  w: number,
  h: number,
  start: Ellipse,
  levels: RimLevels,
  limits: RimLimits,
  quick = false,
): RimFit | null {
  let model = start;
  let centre: [number, number] = [start.cx, start.cy];
  let result: { fit: RobustFit; rays: RimRays } | null = null;
  let first: RimRays | null = null;
  // A quick look (is the dot free?) casts once, with fewer rays: about one per pixel of
  // outline is needed only to fit a partly hidden outline well.
  const passes = quick ? 1 : 4;
  const most = quick ? 96 : 180;
  for (let pass = 0; pass < passes; pass++) {
    const { a } = ellipseAxes(model);
    const reach = Math.min(1.5 * a + levels.edgeWidth + 8, limits.maxRadius * 1.5 + 8);
    const count = Math.round(Math.min(most, Math.max(48, 2 * Math.PI * a)) / 4) * 4;
    // The first cast trusts the starting model only for the rays' slant: it may be a
    // piece of the dot (the part outside a dark area) or the dot with part of a line.
    const slack = result ? 4 * result.fit.rms : 0;
    let rays = castRim(grey, w, h, centre, reach, count, levels, model, pass > 0, slack);
    if (pass === 0 && rays.blur > 0 && !quick) {
      // The transition zones sized to the blur measured on the first cast, and cast again
      // if that changes them much.
      const edgeWidth = Math.min(6, Math.max(1.5, 2.5 * rays.blur + 0.75));
      const changed = Math.abs(edgeWidth - levels.edgeWidth) > 0.5;
      levels = { ...levels, edgeWidth };
      if (changed) rays = castRim(grey, w, h, centre, reach, count, levels, model, false);
    }
    first ??= rays;
    // A quick look needs a fit only where the light around the dot is not planar (the
    // centroid's background plane may then be off, and the outline is the check on it).
    if (quick && rays.uneven < UNEVEN) break;
    const points = curvatureCorrected(rays, model);
    const fit = robustEllipse(points, {
      tolerance: Math.max(0.5, 0.05 * ellipseAxes(model).b),
      minRadius: limits.minRadius,
      maxRadius: limits.maxRadius,
      maxElongation: limits.maxElongation,
      seed: 7 + pass,
    });
    if (!fit) break;
    // The fit may not wander off: its centre stays within the starting outline grown to
    // twice its size, and it grows by half at most (a long straight stretch of outline,
    // the edge of a flattened dot against a line, fits ever larger ellipses).
    const grown = { ...start, m11: start.m11 / 4, m12: start.m12 / 4, m22: start.m22 / 4 };
    if (
      sampsonDistance(grown, fit.ellipse.cx, fit.ellipse.cy) > 0 ||
      ellipseAxes(fit.ellipse).a > 1.5 * ellipseAxes(start).a + 3
    )
      break;
    result = { fit, rays };
    const moved = Math.hypot(fit.ellipse.cx - centre[0], fit.ellipse.cy - centre[1]);
    centre = [fit.ellipse.cx, fit.ellipse.cy];
    model = fit.ellipse;
    if (moved < 0.05) break;
  }
  if (!result) {
    // No outline fits: what the rays saw still tells whether the dot touches something,
    // and where its visible ink lies; cast again expecting the starting outline, so that
    // a line's far side does not pass for the dot's edge.
    if (!first) return null;
    if (quick) return summarise(first, null, start);
    const again = castRim(
      grey,
      w,
      h,
      [start.cx, start.cy],
      first.reach,
      first.count,
      levels,
      start,
      true,
    );
    return summarise(again, null, start);
  }
  return summarise(result.rays, result.fit, start);
}

/**
 * The edge points moved out by the blur's shift on a curved edge. Blurring a dark shape
 * moves its half-darkness outline inwards by sigma^2 / (2 rho) where the outline curves
 * with radius rho: little along a flattened dot's sides, much at its pointed ends. Seen
 * whole, the shifts balance out; seen in part (one end hidden), they would bend the fitted
 * ellipse and move its centre. The curvature comes from the current model of the outline.
 */
function curvatureCorrected(rays: RimRays, model: Ellipse): OutlinePoints {
  const { points, origin, blur } = rays;
  if (!(blur > 0)) return points;
  const { a, b, angle } = ellipseAxes(model);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const x = Float64Array.from(points.x);
  const y = Float64Array.from(points.y);
  for (let k = 0; k < points.count; k++) {
    if (!(points.weight[k]! > 0)) continue;
    const dx = x[k]! - model.cx;
    const dy = y[k]! - model.cy;
    const t = Math.atan2((-dx * sin + dy * cos) / b, (dx * cos + dy * sin) / a);
    const st = Math.sin(t);
    const ct = Math.cos(t);
    const curvature = (a * b) / (a * a * st * st + b * b * ct * ct) ** 1.5;
    const shift = 0.5 * blur * blur * curvature;
    // Along the ray, at a slant to the outline's normal (n) the shift is longer.
    const nu = (ct / a) * cos - (st / b) * sin;
    const nv = (ct / a) * sin + (st / b) * cos;
    const length = norm(nu, nv);
    const rx = x[k]! - origin[0];
    const ry = y[k]! - origin[1];
    const r = norm(rx, ry);
    if (!(r > 0)) continue;
    const slant = Math.max(0.35, (rx * nu + ry * nv) / (r * length));
    x[k] = x[k]! + (shift / slant) * (rx / r);
    y[k] = y[k]! + (shift / slant) * (ry / r);
  }
  return { x, y, weight: points.weight, count: points.count };
}

/** The figures of a rim fit (or of the rays alone, when no curve fitted). */
function summarise(rays: RimRays, fit: RobustFit | null, start: Ellipse): RimFit {
  let merged = 0;
  let spoilt = 0;
  // The longest stretch of consecutive rays running into other darkness: a touching line
  // or shadow takes a sector; a ragged outline or a slow edge only scattered rays.
  let run = 0;
  let longest = 0;
  for (let i = 0; i < 2 * rays.count; i++) {
    const k = i % rays.count;
    const dark = rays.merged[k] === 1 || rays.status[k] === Ray.Hidden;
    run = dark ? run + 1 : 0;
    longest = Math.max(longest, Math.min(run, rays.count));
    if (i >= rays.count) continue;
    if (dark) merged++;
    if (rays.status[k] !== Ray.Edge) spoilt++;
  }
  if (!fit) {
    return {
      centre: [start.cx, start.cy],
      ellipse: start,
      circle: false,
      uncertainty: Infinity,
      residual: Infinity,
      coverage: 0,
      merged: merged / rays.count,
      mergedRun: longest / rays.count,
      spoilt: spoilt / rays.count,
      inliers: 0,
      visible: 0,
      contradictions: 0,
      shapeGap: 0,
      shapeShift: 0,
      rays,
    };
  }
  const centre: [number, number] = [fit.ellipse.cx, fit.ellipse.cy];
  const e = fit.ellipse;
  const { a, b, angle } = ellipseAxes(e);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const BINS = 36;
  const seen = new Uint8Array(BINS);
  const bordered = new Uint8Array(BINS);
  const near = Math.min(1.5, Math.max(0.75, 3 * fit.rms));
  let inliers = 0;
  let contradictions = 0;
  for (let k = 0; k < rays.count; k++) {
    const st = rays.status[k];
    if (st !== Ray.Edge && st !== Ray.Junction) continue;
    const x = rays.points.x[k]!;
    const y = rays.points.y[k]!;
    const dx = x - e.cx;
    const dy = y - e.cy;
    const t = Math.atan2((-dx * sin + dy * cos) / b, (dx * cos + dy * sin) / a);
    const bin = Math.min(BINS - 1, Math.floor(((t + Math.PI) / (2 * Math.PI)) * BINS));
    const d = sampsonDistance(e, x, y);
    if (Math.abs(d) <= near) bordered[bin] = 1;
    else if (d < -near && st === Ray.Edge) contradictions++;
    if (!(fit.weights[k]! > 0)) continue;
    inliers++;
    seen[bin] = 1;
  }
  // Neighbouring rays sample overlapping pixels: their errors are not independent, so
  // count about one independent point per pixel of outline.
  const perimeter = Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
  const correlation = Math.max(
    1,
    inliers / Math.max(1, perimeter * (seen.reduce((s, v) => s + v, 0) / BINS)),
  );
  const [vxx, , vyy] = fit.covariance;
  const noiseSpread = Math.sqrt(((Math.max(0, vxx) + Math.max(0, vyy)) / 2) * correlation);
  // Seen in part, a slightly flattened dot fits a circle about as well as an ellipse, with
  // the centres apart: a circle's centre is then worth what the free ellipse's is (the
  // dot may not be round), which a short arc leaves poorly determined.
  const coverage = seen.reduce((s, v) => s + v, 0) / BINS;
  let modelSpread = 0;
  const shapeGap =
    fit.circle && coverage < 0.8 && fit.other
      ? Math.hypot(fit.other[0] - centre[0], fit.other[1] - centre[1])
      : 0;
  if (fit.circle && coverage < 0.8 && fit.ellipseCovariance) {
    const [exx, , eyy] = fit.ellipseCovariance;
    modelSpread = Math.min(2, Math.sqrt(((Math.max(0, exx) + Math.max(0, eyy)) / 2) * correlation));
  }
  const systematic = SYSTEMATIC / Math.max(coverage, 0.25) ** 2;
  // A circle read off less than half of the outline: the dot's shape is a doubt of its own.
  const angles: number[] = [];
  if (fit.circle && coverage < 0.5) {
    for (let k = 0; k < rays.count; k++) {
      if (!(fit.weights[k]! > 0)) continue;
      angles.push(Math.atan2(rays.points.y[k]! - e.cy, rays.points.x[k]! - e.cx));
    }
  }
  const shapeShift =
    angles.length > 0 ? arcShapeShift(angles, a, fit.rms, inliers / correlation) : 0;
  return {
    centre,
    ellipse: e,
    circle: fit.circle,
    uncertainty: Math.sqrt(noiseSpread ** 2 + modelSpread ** 2 + systematic ** 2 + shapeShift ** 2),
    residual: fit.rms,
    coverage,
    merged: merged / rays.count,
    mergedRun: longest / rays.count,
    spoilt: spoilt / rays.count,
    inliers,
    visible: bordered.reduce((s, v) => s + v, 0) / BINS,
    contradictions: contradictions / rays.count,
    shapeGap,
    shapeShift,
    rays,
  };
}
