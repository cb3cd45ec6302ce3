// A dot merged into a dark area wider than itself (half inside a shadow band, touching the
// specimen's dark edge): no threshold or opening cuts it free, so it is found from the part
// of its outline that borders lighter ground. Rays from a point inside it find that part;
// a robust circle or ellipse fit (rimFit.ts, robustEllipse.ts) gives the dot's shape, which
// is then handed on as if segmentation had found it, so the same centring and grading follow.
import * as bilinearModule from '../../raster/bilinear';
import { regionShape, squaredDistance } from '../../raster/morphology';
import type { RegionShape } from '../../raster/morphology';
import { ellipseAxes } from './conic';
import type { Ellipse } from './conic';
import * as edgeModule from './edge';
import { castRim, rayToEllipse } from './rays';
import { fitRim } from './rimFit';
import type { RimFit } from './rimFit';
import { rimLevels } from './rimLevels';
import type { RimLevels } from './rimLevels';
import { robustEllipse } from './robustEllipse';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { sample } = bilinearModule;
const { Ray } = edgeModule;

export interface MergedLimits {
  /** Search radius around the point, px. */
  radius: number;
  minDiameter: number;
  maxDiameter: number;
  maxElongation: number;
}

/** Least fraction of the outline that must border lighter ground (more than half). */
const MIN_VISIBLE = 0.5;

/**
 * The dot in `component` (a dark region, window raster) near (nx, ny), located from its
 * visible outline: its pixels (the fitted ellipse, rasterised) and shape; 'partial' when a
 * dot's outline is there but borders lighter ground less than half way round (too little to
 * tell its shape, and so its centre); or null when no dot-shaped outline is there.
 */
export function mergedDot(
  grey: Float32Array,
  w: number,
  h: number,
  component: Uint8Array,
  nx: number,
  ny: number,
  noise: number,
  limits: MergedLimits,
): { region: Uint8Array; shape: RegionShape } | 'partial' | null {
  const seed = seedIn(component, w, h, nx, ny);
  if (!seed) return null;
  const r0 = Math.max(2, seed.depth);
  const levels = rimLevels(grey, w, h, seed.at, 1.5 * r0, r0, noise);
  if (!levels) return null;
  const maxRadius = limits.maxDiameter / 2;
  const minRadius = Math.max(1.5, limits.minDiameter / 2);
  // A first look without a model of the outline: every ray's first edge.
  const reach = Math.min(maxRadius * 1.2 + 4, 4 * r0 + 12);
  const rays = castRim(grey, w, h, seed.at, reach, 72, levels, null);
  const start = firstModel(rays.points, rays.status, seed.at, minRadius, maxRadius, limits);
  if (!start) return null;
  const { a, b } = ellipseAxes(start);
  const settled = rimLevels(grey, w, h, [start.cx, start.cy], a, b, noise) ?? levels;
  const fit = fitRim(grey, w, h, start, settled, {
    minRadius,
    maxRadius: maxRadius * 1.1,
    maxElongation: limits.maxElongation,
  });
  if (!fit) return null;
  const verdict = plausibleDot(grey, w, h, fit, settled, limits);
  if (verdict !== 'dot') return verdict === 'partial' ? 'partial' : null;
  if (
    Math.hypot(fit.centre[0] - nx, fit.centre[1] - ny) >
    limits.radius + ellipseAxes(fit.ellipse).a
  )
    return null;
  return rasterise(fit.ellipse, w, h);
}

/**
 * Where to start: the point of the dark region near the click that lies deepest inside it,
 * searched within the largest disc around the click that the region holds (so the start
 * stays in the dot the user clicked rather than wandering into the wider dark area).
 */
function seedIn(
  component: Uint8Array,
  w: number,
  h: number,
  nx: number,
  ny: number,
): { at: [number, number]; depth: number } | null {
  const inside = squaredDistance(component, w, h);
  let cx = Math.min(w - 1, Math.max(0, Math.floor(nx)));
  let cy = Math.min(h - 1, Math.max(0, Math.floor(ny)));
  if (component[cy * w + cx] === 0) {
    // The click is beside the region: start from its nearest pixel.
    let best = Infinity;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (component[y * w + x] === 0) continue;
        const d = (x + 0.5 - nx) ** 2 + (y + 0.5 - ny) ** 2;
        if (d < best) {
          best = d;
          cx = x;
          cy = y;
        }
      }
    }
    if (!Number.isFinite(best)) return null;
  }
  // Within the largest disc around the click that the region holds (and at least 2 px).
  const around = Math.max(2, Math.sqrt(inside[cy * w + cx]!));
  let depth = 0;
  let at: [number, number] = [cx + 0.5, cy + 0.5];
  for (let y = Math.max(0, Math.floor(cy - around)); y <= Math.min(h - 1, cy + around); y++) {
    for (let x = Math.max(0, Math.floor(cx - around)); x <= Math.min(w - 1, cx + around); x++) {
      if ((x - cx) ** 2 + (y - cy) ** 2 > around * around) continue;
      const d = inside[y * w + x]!;
      if (d > depth) {
        depth = d;
        at = [x + 0.5, y + 0.5];
      }
    }
  }
  return depth > 0 ? { at, depth: Math.sqrt(depth) } : null;
}

/** The circle or ellipse the first rays' edges agree on most, via the robust fit. */
function firstModel(
  points: RimFit['rays']['points'],
  status: Uint8Array,
  seed: readonly [number, number],
  minRadius: number,
  maxRadius: number,
  limits: MergedLimits,
): Ellipse | null {
  // Every clean or junction edge counts here: the model only needs to be near.
  const weight = new Float64Array(points.count);
  for (let k = 0; k < points.count; k++) {
    weight[k] = status[k] === Ray.Edge || status[k] === Ray.Junction ? 1 : 0;
  }
  const fit = fitLoose({ ...points, weight }, minRadius, maxRadius, limits.maxElongation);
  if (!fit) return null;
  const { a } = ellipseAxes(fit);
  return Math.hypot(fit.cx - seed[0], fit.cy - seed[1]) <= a + 2 ? fit : null;
}

/**
 * A loose robust fit for the first model: the circle through the largest consensus of
 * points (a dot's outline is round enough for a circle to find it), refined as an ellipse
 * only if that keeps the same points.
 */
function fitLoose(
  points: RimFit['rays']['points'],
  minRadius: number,
  maxRadius: number,
  maxElongation: number,
): Ellipse | null {
  const found = robustEllipse(points, { tolerance: 1, minRadius, maxRadius, maxElongation });
  return found?.ellipse ?? null;
}

/**
 * Is the fitted outline a dot's? Its inside must be dark; and where it has no clean edge,
 * it must run through darkness (the structure hiding it), never through light ground where
 * a clean edge lies further in. Its visible part must also go more than half way round:
 * a dot that passes every other test but shows less is 'partial'.
 */
function plausibleDot(
  grey: Float32Array,
  w: number,
  h: number,
  fit: RimFit,
  levels: RimLevels,
  limits: MergedLimits,
): 'dot' | 'partial' | 'none' {
  const e = fit.ellipse;
  const { a, b, angle } = ellipseAxes(e);
  // Too small, and what is left of its outline is too short to trust: a dot merged into
  // something wider must be 10 px across at least (and no smaller than asked for).
  if (2 * a > limits.maxDiameter * 1.1 || 2 * b < Math.max(limits.minDiameter * 0.8, MIN_MERGED))
    return 'none';
  // Merged into something wider, a dot is taken for round or moderately flattened only:
  // a long thin "ellipse" along a stroke's end and sides is a glyph or a tick.
  if (a > Math.min(limits.maxElongation, MAX_ELONGATION) * b) return 'none';
  const partial = fit.visible < MIN_VISIBLE || fit.coverage < 0.3;
  // Its outline keeps close to its ellipse (a stroke's square end does not).
  if (!(fit.residual <= Math.max(0.35, 0.04 * b))) return 'none';
  const mid = (x: number, y: number) => {
    const light = levels.light.c0 + levels.light.cx * (x - 0.5) + levels.light.cy * (y - 0.5);
    return levels.ink + 0.5 * (light - levels.ink);
  };
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // The inside, at half the size: dark everywhere.
  for (let k = 0; k < 16; k++) {
    const t = (2 * Math.PI * k) / 16;
    for (const scale of [0, 0.3, 0.55]) {
      const u = scale * a * Math.cos(t);
      const v = scale * b * Math.sin(t);
      const x = e.cx + u * cos - v * sin;
      const y = e.cy + u * sin + v * cos;
      if (sample(grey, w, h, x, y) > mid(x, y)) return 'none';
    }
  }
  if (fit.contradictions > 0.1) return 'none';
  // Where the outline is hidden, the dark area hiding it must be wider than the dot: just
  // outside the fitted curve, dark all along the hidden stretch. A stroke of about the
  // dot's width (a digit, a tick, a line's rounded end) leaves light ground there, beside
  // its straight sides.
  const { rays } = fit;
  const step = Math.max(2, 0.3 * b);
  let hidden = 0;
  let covered = 0;
  for (let k = 0; k < rays.count; k++) {
    if (rays.status[k] !== Ray.Hidden && rays.merged[k] !== 1) continue;
    const ux = Math.cos((2 * Math.PI * k) / rays.count);
    const uy = Math.sin((2 * Math.PI * k) / rays.count);
    const [ox, oy] = rays.origin;
    const r = rayToEllipse(e, ox, oy, ux, uy);
    if (!(r > 0)) continue;
    // Outwards along the curve's normal at the point where the ray meets it.
    const px = ox + r * ux;
    const py = oy + r * uy;
    let nx = e.m11 * (px - e.cx) + e.m12 * (py - e.cy);
    let ny = e.m12 * (px - e.cx) + e.m22 * (py - e.cy);
    const norm = Math.hypot(nx, ny);
    if (!(norm > 0)) continue;
    nx /= norm;
    ny /= norm;
    hidden++;
    const x = px + step * nx;
    const y = py + step * ny;
    if (sample(grey, w, h, x, y) <= mid(x, y)) covered++;
  }
  if (!(hidden === 0 || covered >= 0.85 * hidden)) return 'none';
  return partial ? 'partial' : 'dot';
}

/** Elongation (long over short axis) up to which a merged dot is recognised. */
const MAX_ELONGATION = 2.5;
/** Smallest short axis of a merged dot, px. */
const MIN_MERGED = 10;

/** The ellipse as a pixel region, with its shape from the pixels' moments. */
function rasterise(
  e: Ellipse,
  w: number,
  h: number,
): { region: Uint8Array; shape: RegionShape } | null {
  const { a } = ellipseAxes(e);
  const region = new Uint8Array(w * h);
  let area = 0;
  for (let y = Math.max(0, Math.floor(e.cy - a - 1)); y <= Math.min(h - 1, e.cy + a + 1); y++) {
    for (let x = Math.max(0, Math.floor(e.cx - a - 1)); x <= Math.min(w - 1, e.cx + a + 1); x++) {
      const dx = x + 0.5 - e.cx;
      const dy = y + 0.5 - e.cy;
      if (e.m11 * dx * dx + 2 * e.m12 * dx * dy + e.m22 * dy * dy > 1) continue;
      region[y * w + x] = 1;
      area++;
    }
  }
  if (area < 4) return null;
  const shape = regionShape(region, w, h, 1);
  return shape ? { region, shape } : null;
}
