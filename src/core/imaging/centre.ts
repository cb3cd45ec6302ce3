// The sub-pixel centre of a segmented dot: a darkness-weighted centroid over a disc,
// iterated, with the background plane taken from a ring around it. Pixels of other dark
// structures are replaced by the dot's darkness at their mirror point through the centre,
// so what is summed stays point-symmetric and a symmetric dot keeps its exact centre.
import type { Vec2 } from '../types';
import { medianAndMad, robustPlane } from './background';
import type { Plane } from './background';
import { squaredDistance } from './morphology';
import type { RegionShape } from './morphology';
import { edgeCentre } from './outline';

export interface Refined {
  centre: Vec2;
  /** How the centre was found: the darkness centroid, or the outline's ellipse when
   * another structure touches the dot and hides part of it. */
  method: 'centroid' | 'outline';
  /** Darkness of the dot's middle below the background, grey levels. */
  contrast: number;
  /** The background's grey level at the centre. */
  level: number;
  /** Sum of relative darkness over the pixels used. */
  mass: number;
  /** sqrt of the mean over both axes of sum((x - c)^2) over the pixels that carry weight. */
  spread: number;
  meanSquaredAsymmetry: number;
  /** Another structure's pixels lie in the dot's disc. */
  touching: boolean;
  /** One standard deviation of the centre from pixel noise (centroid) or from the outline
   * points' scatter about their ellipse (outline), px per axis. */
  uncertainty: number;
}

type Figures = Omit<Refined, 'method' | 'touching' | 'uncertainty'>;

/** The state of the centroid iteration, in window pixel coordinates. */
interface Estimate {
  cx: number;
  cy: number;
  plane: Plane;
  mass: number;
}

/**
 * The centre: the darkness centroid when the dot stands clear (other structures' pixels in
 * its disc are replaced by the dot's darkness at their mirror point, which leaves the sum
 * point-symmetric); the centre of the ellipse fitted to its outline when something dark
 * touches it, because then part of the dot's own darkness cannot be told from the other.
 */
export function refineCentre(
  grey: Float32Array,
  w: number,
  h: number,
  excluded: Uint8Array,
  shape: RegionShape,
  fallback: Plane,
  noise: number,
  smooth: Float32Array,
  threshold: number,
  region: Uint8Array,
): Refined | null {
  const reach = 1.25 * shape.a + 4;
  const ring = Math.max(4, 0.4 * shape.a);
  const outline = edgeCentre(smooth, w, h, shape, threshold);
  const touching =
    touches(excluded, region, w, h) || (outline !== null && outline.inliers < 0.9 * outline.rays);
  if (touching) {
    if (!outline) return null;
    const estimate: Estimate = {
      cx: outline.centre[0],
      cy: outline.centre[1],
      plane: fallback,
      mass: 0,
    };
    estimate.plane =
      ringPlane(grey, w, h, excluded, estimate.cx, estimate.cy, reach, ring) ?? fallback;
    const result = figures(grey, w, h, excluded, shape, estimate, reach, noise);
    return (
      result && {
        ...result,
        method: 'outline',
        touching: true,
        uncertainty: outline.residual * Math.sqrt(2 / outline.inliers),
      }
    );
  }
  const start = outline?.centre ?? [shape.cx, shape.cy];
  const estimate: Estimate = { cx: start[0], cy: start[1], plane: fallback, mass: 0 };
  if (!iterateCentroid(grey, w, h, excluded, reach, ring, noise, estimate)) return null;
  const result = figures(grey, w, h, excluded, shape, estimate, reach, noise);
  return (
    result && {
      ...result,
      method: 'centroid',
      touching: false,
      uncertainty: ((noise / result.level) * result.spread) / result.mass,
    }
  );
}

/** Whether any masked pixel lies within 2 px of the dot's region. */
function touches(excluded: Uint8Array, region: Uint8Array, w: number, h: number): boolean {
  if (!excluded.some((v) => v !== 0)) return false;
  const toDot = squaredDistance(region, w, h, true);
  for (let i = 0; i < excluded.length; i++) if (excluded[i] !== 0 && toDot[i]! <= 4) return true;
  return false;
}

/** The background plane through the ring of pixels between reach and reach + ring. */
function ringPlane(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  cx: number,
  cy: number,
  reach: number,
  ring: number,
): Plane | null {
  const indices = new Int32Array(Math.ceil(4 * (reach + ring + 2) ** 2));
  let n = 0;
  const outer = reach + ring;
  for (let y = Math.max(0, Math.floor(cy - outer)); y <= Math.min(h - 1, cy + outer); y++) {
    for (let x = Math.max(0, Math.floor(cx - outer)); x <= Math.min(w - 1, cx + outer); x++) {
      const d2 = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2;
      if (d2 > reach * reach && d2 <= outer * outer && mask[y * w + x] === 0)
        indices[n++] = y * w + x;
    }
  }
  return n >= 12 ? robustPlane(grey, w, indices, n, 2) : null;
}

function isOff(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  return x < 0 || y < 0 || x >= w || y >= h || mask[y * w + x] !== 0;
}

/**
 * Darkness-weighted centroid over a disc around the estimate, re-centred until it stops
 * moving. A pixel counts only if neither it nor its mirror through the centre is masked.
 */
function iterateCentroid(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  reach: number,
  ring: number,
  noise: number,
  estimate: Estimate,
): boolean {
  // Darkness below three noise sigmas is left out: background pixels then add almost no
  // noise however wide the disc. A fixed pointwise transform keeps a symmetric dot
  // symmetric, so this costs no bias.
  const floor = 3 * noise;
  let { cx, cy, plane } = estimate;
  let fittedAt: Vec2 | null = null;
  let lastDx = 0;
  let lastDy = 0;
  let extrapolate = false;
  for (let iteration = 0; iteration < 100; iteration++) {
    if (!fittedAt || Math.hypot(cx - fittedAt[0], cy - fittedAt[1]) > 0.2) {
      plane = ringPlane(grey, w, h, mask, cx, cy, reach, ring) ?? plane;
      fittedAt = [cx, cy];
    }

    const centreLevel = Math.max(plane.c0 + plane.cx * (cx - 0.5) + plane.cy * (cy - 0.5), 1);
    const floorRel = floor / centreLevel;
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (
      let y = Math.max(0, Math.floor(cy - reach - 1));
      y <= Math.min(h - 1, cy + reach + 1);
      y++
    ) {
      const yc = y + 0.5;
      const my = Math.floor(2 * cy - yc);
      for (
        let x = Math.max(0, Math.floor(cx - reach - 1));
        x <= Math.min(w - 1, cx + reach + 1);
        x++
      ) {
        const xc = x + 0.5;
        // A soft edge, so the sums change smoothly as the disc moves.
        const weight = Math.min(
          1,
          reach + 0.5 - Math.sqrt((xc - cx) * (xc - cx) + (yc - cy) * (yc - cy)),
        );
        if (weight <= 0) continue;
        let dark: number;
        if (mask[y * w + x] === 0) {
          dark = relativeDarkness(plane, x, y, grey[y * w + x]!);
        } else {
          // Another structure's pixel: take the dot's darkness from the mirror point instead,
          // or nothing if that too is covered.
          const mx = 2 * cx - xc;
          const myc = 2 * cy - yc;
          if (isOff(mask, w, h, Math.floor(mx), my)) continue;
          dark =
            darknessAt(grey, w, h, plane, mx, myc) /
            Math.max(plane.c0 + plane.cx * (mx - 0.5) + plane.cy * (myc - 0.5), 1);
        }
        const d = weight * Math.max(0, dark - floorRel);
        sum += d;
        sx += d * xc;
        sy += d * yc;
      }
    }
    if (!(sum > 0)) return false;
    const nx = sx / sum;
    const ny = sy / sum;
    if (!Number.isFinite(nx) || !Number.isFinite(ny)) return false;
    const dx = nx - cx;
    const dy = ny - cy;
    const moved = Math.hypot(dx, dy);
    cx = nx;
    cy = ny;
    estimate.mass = sum;
    if (moved < 1e-5) break;
    // Steps shrinking by a steady ratio r (a linear contraction): jump to where they lead.
    const ratio = (dx * lastDx + dy * lastDy) / (lastDx * lastDx + lastDy * lastDy);
    if (extrapolate && ratio > 0.3 && ratio < 0.9) {
      const gain = Math.min(ratio / (1 - ratio), 4);
      cx += gain * dx;
      cy += gain * dy;
      extrapolate = false;
    } else {
      extrapolate = true;
    }
    lastDx = dx;
    lastDy = dy;
  }
  estimate.cx = cx;
  estimate.cy = cy;
  estimate.plane = plane;
  return true;
}

/** Absolute darkness (grey levels below the background plane), bilinear between pixel centres. */
function darknessAt(
  grey: Float32Array,
  w: number,
  h: number,
  plane: Plane,
  fx: number,
  fy: number,
) {
  const x = Math.min(Math.max(fx - 0.5, 0), w - 1.000001);
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1.000001);
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = x - ix;
  const ty = y - iy;
  const i = iy * w + ix;
  const g =
    (1 - ty) * ((1 - tx) * grey[i]! + tx * grey[i + 1]!) +
    ty * ((1 - tx) * grey[i + w]! + tx * grey[i + w + 1]!);
  return plane.c0 + plane.cx * x + plane.cy * y - g;
}

/** Quality figures at the final centre: contrast, noise spread, asymmetry. */
function figures(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  estimate: Estimate,
  reach: number,
  noise: number,
): Figures | null {
  const { cx, cy, plane, mass } = estimate;
  const level = Math.max(plane.c0 + plane.cx * (cx - 0.5) + plane.cy * (cy - 0.5), 1);
  const floor = (3 * noise) / level;
  let spread = 0;
  let asym = 0;
  let pairs = 0;
  const darkValues = new Float32Array(Math.ceil(Math.PI * (shape.a + 2) * (shape.b + 2)) + 16);
  let dark = 0;
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(h - 1, cy + reach); y++) {
    const yc = y + 0.5;
    for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(w - 1, cx + reach); x++) {
      const xc = x + 0.5;
      if ((xc - cx) ** 2 + (yc - cy) ** 2 > reach * reach) continue;
      const mx = 2 * cx - xc;
      const my = 2 * cy - yc;
      if (mask[y * w + x] !== 0 || isOff(mask, w, h, Math.floor(mx), Math.floor(my))) continue;
      const here = relativeDarkness(plane, x, y, grey[y * w + x]!);
      // Pixels below the floor carry no weight, and so no noise into the centre.
      if (here > floor) spread += ((xc - cx) ** 2 + (yc - cy) ** 2) / 2;
      asym += (here - darknessAt(grey, w, h, plane, mx, my) / level) ** 2;
      pairs++;
      const u = (xc - cx) * cos + (yc - cy) * sin;
      const v = -(xc - cx) * sin + (yc - cy) * cos;
      if ((u / shape.a) ** 2 + (v / shape.b) ** 2 <= 0.5 && dark < darkValues.length)
        darkValues[dark++] = level * here;
    }
  }
  const contrast =
    dark > 0
      ? medianAndMad(darkValues, dark).median
      : (level * mass) / (Math.PI * shape.a * shape.b);
  if (!(contrast > 0)) return null;
  return {
    centre: [cx, cy],
    contrast,
    level,
    mass,
    spread: Math.sqrt(spread),
    meanSquaredAsymmetry: pairs > 0 ? asym / pairs : 0,
  };
}

/**
 * Darkness as a fraction of the local background: uneven lighting multiplies the light
 * reaching the dot and its surroundings alike, so the ratio is the same across the dot
 * where a plain difference would weigh its better-lit side more.
 */
function relativeDarkness(plane: Plane, x: number, y: number, value: number): number {
  const level = Math.max(plane.c0 + plane.cx * x + plane.cy * y, 1);
  return 1 - value / level;
}
