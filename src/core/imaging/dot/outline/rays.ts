// The visible rim of a dot: where rays from inside it leave its ink for lighter ground,
// to sub-pixel accuracy, and which of those crossings are trustworthy. A dot touching a
// shadow or a dark edge shows its own outline only where lighter ground surrounds it;
// elsewhere the ray runs on into the other darkness, or meets a lighter shadow's own edge.
// Those rays are told apart here (edge.ts) so that an ellipse fitted to the rest
// (rimFit.ts) finds the dot's centre from the part of its outline that is really its own.
import { kthSmallest, middleValue } from '../../raster/statistics';
import * as bilinearModule from '../../raster/bilinear';
import { norm } from '../../raster/norm';
import type { Ellipse, OutlinePoints } from './conic';
import * as edgeModule from './edge';
import type { RimLevels } from './rimLevels';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { sample } = bilinearModule;
const { Ray, STEP, edgeOn } = edgeModule;

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
