// The visible rim of a dot: where rays from inside it leave its ink for lighter ground,
// to sub-pixel accuracy, and which of those crossings are trustworthy. A dot touching a
// shadow or a dark edge shows its own outline only where lighter ground surrounds it;
// elsewhere the ray runs on into the other darkness, or meets a lighter shadow's own edge.
// Those rays are told apart here so that an ellipse fitted to the rest (conic.ts) finds
// the dot's centre from the part of its outline that is really its own.
import { kthSmallest, middleValue, robustPlane } from './background';
import type { Plane } from './background';
import { ellipseAxes, robustEllipse, sampsonDistance } from './conic';
import type { Ellipse, OutlinePoints, RobustFit } from './conic';
import { norm } from './norm';
import { arcShapeShift } from './arcShape';

/** Bilinear sample of a window raster at continuous coordinates (pixel centres at +0.5). */
export function sample(data: Float32Array, w: number, h: number, fx: number, fy: number): number {
  const x = Math.min(Math.max(fx - 0.5, 0), w - 1.000001);
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1.000001);
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = x - ix;
  const ty = y - iy;
  const i = iy * w + ix;
  return (
    (1 - ty) * ((1 - tx) * data[i]! + tx * data[i + 1]!) +
    ty * ((1 - tx) * data[i + w]! + tx * data[i + w + 1]!)
  );
}

/** What a ray from the dot's middle met. */
export const Ray = {
  /** A clean edge: ink inside, flat lighter ground outside. */
  Edge: 1,
  /** Darkness all the way: the dot runs into something as dark as itself. */
  Hidden: 2,
  /** An edge, but something else is in the way: a second edge close outside, a shadow's
   * plateau inside, ground that is not flat, a step too small. */
  Dirty: 3,
  /** A clean edge next to a hidden or dirty one: the other structure's blur reaches it. */
  Junction: 4,
  /** Left the window before finding an edge. */
  Out: 5,
} as const;
export type RayStatus = (typeof Ray)[keyof typeof Ray];

/** The levels the rays are judged by. */
export interface RimLevels {
  /** Grey level of the dot's ink. */
  ink: number;
  /** The light ground around the dot, a plane over the raster's pixel indices. */
  light: Plane;
  /** Pixel noise, grey levels. */
  noise: number;
  /** Half-width of an edge's blurred transition, px (about 2.5 blur sigmas). */
  edgeWidth: number;
}

export interface RimRays {
  /** Where the rays start (raster coordinates), and how far they go. */
  origin: [number, number];
  reach: number;
  /** The edges' blur (Gaussian sigma, px) measured from their widths, 0 if unknown. */
  blur: number;
  /** Spread of the ground's level just outside the clean edges, as a fraction of the
   * light: near 0 where the light is planar around the dot. */
  uneven: number;
  count: number;
  status: Uint8Array;
  /** The ray reaches no light ground right after the dot's edge: something dark touches. */
  merged: Uint8Array;
  /** Edge points (raster coordinates, pixel centres at +0.5) and their weights. */
  points: OutlinePoints;
  /** The step from ink to ground at each edge, grey levels. */
  step: Float64Array;
}

const STEP = 0.5;

/** Systematic error of a centre from a whole outline, px per axis (edge biases that the
 * points' scatter does not show; grows as the inverse square of the fraction seen). */
const SYSTEMATIC = 0.02;

/** Spread of the ground around a dot (fraction of the light) below which it counts as lit
 * evenly (a plane): noise and texture stay well below it, a penumbra does not. */
const UNEVEN = 0.05;

/**
 * Casts `count` rays from `centre` out to `reach` px and finds, on each, the dot's edge:
 * the first rise from ink towards the light ground, placed by the area under the profile
 * between the local ink and ground levels (unbiased for a blurred step, and averaging the
 * noise of the whole transition), then checked. With a model of the outline, a ray meeting
 * it at a slant gets a transition zone widened to match.
 */
export function castRim(
  grey: Float32Array,
  w: number,
  h: number,
  centre: readonly [number, number],
  reach: number,
  count: number,
  levels: RimLevels,
  model: Ellipse | null,
  expect = model !== null,
  slack = 0,
): RimRays {
  const status = new Uint8Array(count);
  const merged = new Uint8Array(count);
  const px = new Float64Array(count);
  const py = new Float64Array(count);
  const weight = new Float64Array(count);
  const step = new Float64Array(count);
  const widths: number[] = [];
  const grounds: number[] = [];
  const samples = Math.ceil(reach / STEP) + 1;
  const s = new Float64Array(samples);
  const ground = new Float64Array(samples);
  const { ink, light, noise } = levels;
  const [cx, cy] = centre;
  const dirX = new Float64Array(count);
  const dirY = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    dirX[k] = Math.cos((2 * Math.PI * k) / count);
    dirY[k] = Math.sin((2 * Math.PI * k) / count);
  }
  for (let k = 0; k < count; k++) {
    const ux = dirX[k]!;
    const uy = dirY[k]!;
    let n = 0;
    for (; n < samples; n++) {
      const x = cx + n * STEP * ux;
      const y = cy + n * STEP * uy;
      if (x < 0.5 || y < 0.5 || x > w - 0.5 || y > h - 0.5) break;
      s[n] = sample(grey, w, h, x, y);
      ground[n] = light.c0 + light.cx * (x - 0.5) + light.cy * (y - 0.5);
    }
    let slant = 1;
    if (model) {
      // cos of the angle between the ray and the outline's normal where they meet.
      const mx = model.m11 * ux + model.m12 * uy;
      const my = model.m12 * ux + model.m22 * uy;
      slant = Math.max(0.35, (ux * mx + uy * my) / norm(mx, my));
    }
    const half = Math.min(levels.edgeWidth / slant, 3 * levels.edgeWidth);
    const result = edgeOn(s, ground, n, ink, noise, half);
    if (model && result.r > 0 && result.status !== Ray.Hidden) {
      // Well beyond the expected outline (allowing for how far a ragged outline strays
      // from its ellipse), the ink has run on into something else as dark (a line, a
      // shadow band): the edge found, if any, is that structure's far side. The dot
      // touches it; and once the outline is known (`expect`), that edge is no edge of
      // the dot's.
      const expected = rayToEllipse(model, cx, cy, ux, uy);
      if (result.r > expected + Math.max(1.5, 0.08 * expected, slack)) {
        result.merged = true;
        if (expect) result.status = Ray.Hidden;
      }
    }
    status[k] = result.status;
    merged[k] = result.merged ? 1 : 0;
    if (result.status === Ray.Edge || result.status === Ray.Dirty) {
      px[k] = cx + result.r * ux;
      py[k] = cy + result.r * uy;
      step[k] = result.step;
    }
    if (result.status === Ray.Edge) {
      if (result.ground !== undefined) grounds.push(result.ground);
      weight[k] = result.step * result.step;
      // Across a slanted outline the ray sees the transition stretched by 1 / slant.
      if (result.width) widths.push(result.width * slant);
    }
  }
  // How far the ground around the dot strays from the light plane (5th to 95th
  // percentile): a soft shadow's penumbra, or light that is not planar across the dot.
  const g = grounds.length;
  const uneven =
    g >= 8
      ? kthSmallest(grounds, g, Math.floor(0.95 * (g - 1))) -
        kthSmallest(grounds, g, Math.floor(0.05 * (g - 1)))
      : 0;
  const blur = widths.length >= 8 ? middleValue(widths) / 2.56 : 0;
  // A clean edge with other darkness close beside it, outside the dot, is spoilt: a line
  // or a shadow's edge running alongside the outline (towards a flattened dot's end, say)
  // pulls the edge with its blur, though no ray crosses it. Looked for just outside the
  // edge zone, along the outline's normal and to either side.
  for (let k = 0; k < count; k++) {
    if (status[k] !== Ray.Edge) continue;
    let nx = px[k]! - cx;
    let ny = py[k]! - cy;
    if (model) {
      nx = model.m11 * (px[k]! - model.cx) + model.m12 * (py[k]! - model.cy);
      ny = model.m12 * (px[k]! - model.cx) + model.m22 * (py[k]! - model.cy);
    }
    const length = norm(nx, ny);
    if (!(length > 0)) continue;
    nx /= length;
    ny /= length;
    const out = levels.edgeWidth + 1;
    let near = false;
    for (const along of [-3, -1.5, 0, 1.5, 3]) {
      for (const away of [out, out + 2]) {
        const x = px[k]! + away * nx - along * ny;
        const y = py[k]! + away * ny + along * nx;
        if (x < 0.5 || y < 0.5 || x > w - 0.5 || y > h - 0.5) continue;
        const ground = light.c0 + light.cx * (x - 0.5) + light.cy * (y - 0.5);
        if (sample(grey, w, h, x, y) < ink + 0.6 * (ground - ink)) near = true;
      }
    }
    if (near) {
      status[k] = Ray.Junction;
      weight[k] = 0;
    }
  }

  // A clean edge within an edge's width of where a spoilt ray meets the outline is spoilt
  // too: the other structure's blur or penumbra reaches it sideways, where its own ray
  // cannot see. Where a spoilt ray meets the outline: its own crossing if it found one,
  // else the model's outline (or, with no model, the nearest clean crossings' radius).
  const sx = new Float64Array(count);
  const sy = new Float64Array(count);
  let spoiltCount = 0;
  for (let k = 0; k < count; k++) {
    // (A ray merely in a shadow, its edge clean, spoils nothing: the dot's edge inside the
    // shadow is as good as outside it.)
    const bad = status[k] === Ray.Hidden || status[k] === Ray.Dirty;
    if (!bad) continue;
    const ux = dirX[k]!;
    const uy = dirY[k]!;
    let r = status[k] === Ray.Dirty ? norm(px[k]! - cx, py[k]! - cy) : 0;
    if (!(r > 0) && model) r = rayToEllipse(model, cx, cy, ux, uy);
    if (!(r > 0)) r = typicalRadius(px, py, status, cx, cy);
    sx[spoiltCount] = cx + r * ux;
    sy[spoiltCount] = cy + r * uy;
    spoiltCount++;
  }
  // The other structure's blur reaches about two blur sigmas sideways (with a pixel to
  // spare); without a measured blur, the transition half-width stands in.
  const reach2 =
    (blur > 0 ? Math.min(levels.edgeWidth + 1, 2 * blur + 1) : levels.edgeWidth + 1) ** 2;
  for (let k = 0; k < count; k++) {
    if (status[k] !== Ray.Edge) continue;
    for (let j = 0; j < spoiltCount; j++) {
      if ((px[k]! - sx[j]!) ** 2 + (py[k]! - sy[j]!) ** 2 <= reach2) {
        status[k] = Ray.Junction;
        weight[k] = 0;
        break;
      }
    }
  }
  return {
    origin: [cx, cy],
    reach,
    blur,
    uneven,
    count,
    status,
    merged,
    points: { x: px, y: py, weight, count },
    step,
  };
}

/** The median distance of the clean crossings from the centre. */
function typicalRadius(
  px: Float64Array,
  py: Float64Array,
  status: Uint8Array,
  cx: number,
  cy: number,
): number {
  const radii: number[] = [];
  for (let k = 0; k < status.length; k++) {
    if (status[k] === Ray.Edge) radii.push(norm(px[k]! - cx, py[k]! - cy));
  }
  return middleValue(radii);
}

/** Distance from (x, y) along (ux, uy) to the ellipse (from inside; 0 if it misses). */
export function rayToEllipse(e: Ellipse, x: number, y: number, ux: number, uy: number): number {
  const dx = x - e.cx;
  const dy = y - e.cy;
  const qa = e.m11 * ux * ux + 2 * e.m12 * ux * uy + e.m22 * uy * uy;
  const qb = e.m11 * dx * ux + e.m12 * (dx * uy + dy * ux) + e.m22 * dy * uy;
  const qc = e.m11 * dx * dx + 2 * e.m12 * dx * dy + e.m22 * dy * dy - 1;
  const disc = qb * qb - qa * qc;
  if (!(disc >= 0) || !(qa > 0)) return 0;
  return Math.max(0, (-qb + Math.sqrt(disc)) / qa);
}

interface Crossing {
  status: RayStatus;
  merged: boolean;
  r: number;
  step: number;
  /** Distance from 10 % to 90 % of the step, px (0 if not measured). */
  width?: number;
  /** The ground just outside the edge, as a fraction of the light plane there. */
  ground?: number;
}

/** The dot's edge on one ray's profile (s: grey, ground: the light level at each sample). */
function edgeOn(
  s: Float64Array,
  ground: Float64Array,
  n: number,
  ink: number,
  noise: number,
  half: number,
): Crossing {
  // The first rise above 40 % of the way from ink to the light ground, after the ray has
  // been in ink: a lighter shadow beyond the dot is then still seen as ground.
  let inInk = false;
  let j = -1;
  for (let i = 0; i < n; i++) {
    const level = ink + 0.4 * (ground[i]! - ink);
    if (s[i]! < level) inInk = true;
    else if (inInk) {
      j = i;
      break;
    }
  }
  if (j < 0) return { status: n * STEP < 2 ? Ray.Out : Ray.Hidden, merged: true, r: 0, step: 0 };
  const rise = (i: number) => s[i]! - (ink + 0.4 * (ground[i]! - ink));
  const before = rise(j - 1);
  const after = rise(j);
  let r = (j - 1 + before / (before - after)) * STEP;

  // Merged: the profile does not get well over half way to the light ground right after
  // the edge, so the dot's darkness runs on into something else's (or into a shadow).
  const span = Math.ceil((half + 2) / STEP);
  let light = false;
  for (let i = j; i < Math.min(n, j + span); i++) {
    if (s[i]! >= ink + 0.6 * (ground[i]! - ink)) {
      light = true;
      break;
    }
  }

  // Local levels on both sides of the transition, then the edge by the area between them;
  // twice, the second time with the windows centred on the first answer. The profile is
  // divided by the light plane first: light multiplies ink and ground alike, so a lighting
  // gradient along the ray then no longer tilts the levels (which would shift the edge
  // towards the lighter side by about 9 gradient / step px).
  const outsideWidth = Math.ceil(3 / STEP);
  const minOutside = Math.ceil(1 / STEP);
  const insideWidth = Math.ceil(2 / STEP);
  let extent = outsideWidth;
  let inside = 0;
  let outside = 0;
  let hi = 0;
  const q = (i: number) => s[i]! / Math.max(ground[i]!, 1);
  for (let pass = 0; pass < 2; pass++) {
    const lo = Math.round((r - half) / STEP);
    hi = Math.round((r + half) / STEP);
    if (hi + outsideWidth >= n) return { status: Ray.Out, merged: !light, r, step: 0 };
    const start = Math.max(0, lo - insideWidth);
    let sum = 0;
    for (let i = start; i <= Math.max(0, lo); i++) sum += q(i);
    inside = sum / (Math.max(0, lo) - start + 1);
    // The ground outside: over 3 px, or less (down to 1 px) where something dark comes
    // next along the ray (a line a few px beyond the dot), which is then left out.
    extent = outsideWidth;
    for (let i = hi + minOutside; i <= hi + outsideWidth; i++) {
      if (q(i) < q(hi) - 0.15 * (q(hi) - inside)) {
        extent = i - 1 - hi;
        break;
      }
    }
    sum = 0;
    for (let i = hi; i <= hi + extent; i++) sum += q(i);
    outside = sum / (extent + 1);
    if (!(outside > inside)) return { status: Ray.Dirty, merged: !light, r, step: 0 };
    // r = (start of zone) + integral of (outside - q) / (outside - inside) over the zone;
    // before the zone the profile counts as all ink (the middle of a small dot).
    const zone = Math.max(0, lo);
    let area = 0;
    for (let i = zone; i < hi; i++) {
      const a = Math.min(1, Math.max(0, (outside - q(i)) / (outside - inside)));
      const b = Math.min(1, Math.max(0, (outside - q(i + 1)) / (outside - inside)));
      area += 0.5 * (a + b) * STEP;
    }
    r = zone * STEP + area;
  }
  const at = Math.min(n - 1, Math.round(r / STEP));
  const level = Math.max(ground[at]!, 1);
  const stepSize = (outside - inside) * level;
  const contrast = Math.max(level - ink, 1);
  let status: RayStatus = Ray.Edge;
  // Too small a step: the edge of a dot deep in a shadow, or of a shadow's plateau.
  if (stepSize < Math.max(0.4 * contrast, 5 * noise)) status = Ray.Dirty;
  // Inside, the ink must reach close to the dot's own darkness (not a shadow's plateau).
  if (inside * level > ink + 0.3 * contrast) status = Ray.Dirty;
  // Outside, the ground must be flat over the window: no second edge, no penumbra.
  let low = Infinity;
  let high = -Infinity;
  for (let i = hi; i <= hi + extent; i++) {
    low = Math.min(low, q(i));
    high = Math.max(high, q(i));
  }
  if ((high - low) * level > 0.2 * stepSize + 4 * noise) status = Ray.Dirty;
  // The transition's width, 10 % to 90 % of the step: the blur, for sizing the zones.
  let from = -1;
  let to = -1;
  for (let i = Math.max(0, Math.round((r - 2 * half) / STEP)); i < hi; i++) {
    const f = (q(i) - inside) / (outside - inside);
    if (from < 0 && f >= 0.1) from = i;
    if (to < 0 && f >= 0.9) to = i;
  }
  const width = from >= 0 && to >= from ? (to - from) * STEP : 0;
  return { status, merged: !light, r, step: stepSize, width, ground: outside };
}

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

/**
 * The levels for the rays around a dot: its ink (the median grey near its middle), the
 * light ground as a plane through a ring around it, fitted to the ring's lighter pixels
 * (a shadow or dark edge may cover much of the ring), and the pixel noise.
 */
export function rimLevels(
  grey: Float32Array,
  w: number,
  h: number,
  middle: readonly [number, number],
  a: number,
  b: number,
  noise: number,
): RimLevels | null {
  const [cx, cy] = middle;
  const core = Math.max(1, 0.35 * b);
  const inner: number[] = [];
  for (let y = Math.max(0, Math.floor(cy - core)); y <= Math.min(h - 1, cy + core); y++) {
    for (let x = Math.max(0, Math.floor(cx - core)); x <= Math.min(w - 1, cx + core); x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= core * core) inner.push(grey[y * w + x]!);
    }
  }
  if (inner.length === 0) inner.push(sample(grey, w, h, cx, cy));
  const ink = middleValue(inner);

  const from = 1.3 * a + 3;
  const to = from + Math.max(5, 0.4 * a);
  const size = Math.ceil(4 * (to + 2) ** 2);
  const indices = new Int32Array(size);
  const ringX = new Int32Array(size);
  const ringY = new Int32Array(size);
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - to)); y <= Math.min(h - 1, cy + to); y++) {
    for (let x = Math.max(0, Math.floor(cx - to)); x <= Math.min(w - 1, cx + to); x++) {
      const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2;
      if (d2 > from * from && d2 <= to * to) {
        ringX[n] = x;
        ringY[n] = y;
        indices[n++] = y * w + x;
      }
    }
  }
  if (n < 12) return null;
  // The lighter part of the ring first, then every ring pixel not much darker than that
  // plane (which brings back the dimmer side of a lighting gradient).
  const values = new Float32Array(n);
  for (let k = 0; k < n; k++) values[k] = grey[indices[k]!]!;
  const cut = kthSmallest(values.slice(0, n), n, Math.floor(0.4 * n));
  const lighter = new Int32Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) if (values[k]! >= cut) lighter[m++] = indices[k]!;
  let plane = robustPlane(grey, w, lighter, m, 2);
  if (!plane) return null;
  m = 0;
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    const level = plane.c0 + plane.cx * ringX[k]! + plane.cy * ringY[k]!;
    const tolerance = Math.max(4 * noise, 0.25 * (level - ink));
    if (grey[i]! > level - tolerance) lighter[m++] = i;
  }
  plane = robustPlane(grey, w, lighter, m, 2) ?? plane;
  // The transition's half-width until the first cast has measured the blur: 3 px suits a
  // blur sigma near 1 px, the usual for a sharp photo.
  return { ink, light: plane, noise, edgeWidth: 3 };
}

/**
 * The centre of the area the visible outline encloses, its hidden stretches closed by
 * straight chords: the middle of the ink that can be seen, for a dot whose outline is no
 * ellipse (a hand-drawn dot squashed against a line). Null if the outline seen does not go
 * at least half way round.
 */
export function enclosedCentre(
  rays: RimRays,
  centre: readonly [number, number],
): [number, number] | null {
  const xs: number[] = [];
  const ys: number[] = [];
  let seen = 0;
  for (let k = 0; k < rays.count; k++) {
    const st = rays.status[k];
    if (st !== Ray.Edge && st !== Ray.Junction) continue;
    xs.push(rays.points.x[k]! - centre[0]);
    ys.push(rays.points.y[k]! - centre[1]);
    seen++;
  }
  if (seen < Math.max(6, rays.count / 2)) return null;
  // Shoelace area and centroid of the polygon through the points in ray order.
  let area = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < xs.length; i++) {
    const j = (i + 1) % xs.length;
    const cross = xs[i]! * ys[j]! - xs[j]! * ys[i]!;
    area += cross;
    sx += (xs[i]! + xs[j]!) * cross;
    sy += (ys[i]! + ys[j]!) * cross;
  }
  if (!(Math.abs(area) > 1e-9)) return null;
  return [centre[0] + sx / (3 * area), centre[1] + sy / (3 * area)];
}
