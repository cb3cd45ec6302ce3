// The darkness-weighted centroid of a free dot, iterated until it stops moving, and the
// figures at its final centre (contrast, spread, asymmetry, how the ground around it
// strays from a plane) that its grade and uncertainty are worked out from.
import type { Vec2 } from '../../types';
import { medianAndMad } from '../raster/statistics';
import * as bilinearModule from '../raster/bilinear';
import type { RegionShape } from '../raster/morphology';
import { norm } from '../raster/norm';
import * as groundModule from './ground';
import type { Ground } from './ground';
import * as windowModule from './summingWindow';
import type { SummingWindow } from './summingWindow';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { sample } = bilinearModule;
const { levelAt, ringPlane, scale, scaledDarkness } = groundModule;
const { edgeBands, edgeWeight, radial } = windowModule;

/** What the centroid's sums say at its final centre. */
export interface CentroidFigures {
  centre: Vec2;
  /** Darkness of the dot's middle below the background, grey levels. */
  contrast: number;
  /** The background's grey level at the centre. */
  level: number;
  /** Sum of relative darkness over the pixels used. */
  mass: number;
  /** sqrt of the mean over both axes of sum((x - c)^2) over the pixels that carry weight. */
  spread: number;
  meanSquaredAsymmetry: number;
  /** How far the centre moves per unit change of the ink's response to the light, px. */
  responseShift: number;
  /** The background ring's departure from its plane that is not point-symmetric, grey
   * levels RMS (ringAsymmetry). */
  ringAsymmetry: number;
}

/** The state of the centroid iteration, in window pixel coordinates. */
export interface Estimate {
  cx: number;
  cy: number;
  plane: Ground;
  mass: number;
  /** How the ink's darkness follows the light (see `scale` in ground.ts): 1 when uneven
   * light scales ink and paper alike, 0 when it adds the same grey to both. */
  response: number;
}

function isOff(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  return x < 0 || y < 0 || x >= w || y >= h || mask[y * w + x] !== 0;
}

/**
 * Darkness-weighted centroid over a disc around the estimate, re-centred until it stops
 * moving. A pixel counts only if neither it nor its mirror through the centre is masked.
 */
export function iterateCentroid(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  reach: SummingWindow,
  noise: number,
  estimate: Estimate,
): boolean {
  // Darkness below three noise sigmas is left out: background pixels then add almost no
  // noise however wide the disc. A fixed pointwise transform keeps a symmetric dot
  // symmetric, so this costs no bias.
  const floor = 3 * noise;
  const bands = edgeBands(reach);
  const { response } = estimate;
  let { cx, cy, plane } = estimate;
  let fittedAt: Vec2 | null = null;
  let lastDx = 0;
  let lastDy = 0;
  let extrapolate = false;
  for (let iteration = 0; iteration < 100; iteration++) {
    if (!fittedAt || Math.hypot(cx - fittedAt[0], cy - fittedAt[1]) > 0.2) {
      plane = ringPlane(grey, w, h, mask, cx, cy, reach) ?? plane;
      fittedAt = [cx, cy];
    }

    const centreLevel = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
    const floorRel = floor / centreLevel;
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (
      let y = Math.max(0, Math.floor(cy - reach.a - 1));
      y <= Math.min(h - 1, cy + reach.a + 1);
      y++
    ) {
      const yc = y + 0.5;
      const my = Math.floor(2 * cy - yc);
      for (
        let x = Math.max(0, Math.floor(cx - reach.a - 1));
        x <= Math.min(w - 1, cx + reach.a + 1);
        x++
      ) {
        const xc = x + 0.5;
        // A soft edge, so the sums change smoothly as the disc moves.
        const weight = edgeWeight(reach, bands, xc - cx, yc - cy);
        if (weight <= 0) continue;
        let dark: number;
        if (mask[y * w + x] === 0) {
          dark = scaledDarkness(plane, x, y, grey[y * w + x]!, response, centreLevel);
        } else {
          // Another structure's pixel: take the dot's darkness from the mirror point instead,
          // or nothing if that too is covered.
          const mx = 2 * cx - xc;
          const myc = 2 * cy - yc;
          if (isOff(mask, w, h, Math.floor(mx), my)) continue;
          dark =
            darknessAt(grey, w, h, plane, mx, myc) /
            scale(plane, mx - 0.5, myc - 0.5, response, centreLevel);
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
  plane: Ground,
  fx: number,
  fy: number,
) {
  // The plane is read where the sample is taken: at the clamped position.
  const x = Math.min(Math.max(fx - 0.5, 0), w - 1.000001);
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1.000001);
  return levelAt(plane, x, y) - sample(grey, w, h, fx, fy);
}

/** Quality figures at the final centre: contrast, noise spread, asymmetry. */
export function centroidFigures(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  estimate: Estimate,
  reach: SummingWindow,
  noise: number,
): CentroidFigures | null {
  const { cx, cy, plane, mass, response } = estimate;
  const level = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
  const floor = (3 * noise) / level;
  let spread = 0;
  // How the centre would move per unit change of the ink's response to the light: the
  // weights' derivative with respect to it, -W (L - Lc) / E, moments about the centre.
  let weights = 0;
  let shiftX = 0;
  let shiftY = 0;
  let asym = 0;
  let pairs = 0;
  const darkValues = new Float32Array(Math.ceil(Math.PI * (shape.a + 2) * (shape.b + 2)) + 16);
  let dark = 0;
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  for (let y = Math.max(0, Math.floor(cy - reach.a)); y <= Math.min(h - 1, cy + reach.a); y++) {
    const yc = y + 0.5;
    for (let x = Math.max(0, Math.floor(cx - reach.a)); x <= Math.min(w - 1, cx + reach.a); x++) {
      const xc = x + 0.5;
      if (radial(reach, xc - cx, yc - cy, reach.a, reach.b) > 1) continue;
      const mx = 2 * cx - xc;
      const my = 2 * cy - yc;
      if (mask[y * w + x] !== 0 || isOff(mask, w, h, Math.floor(mx), Math.floor(my))) continue;
      const here = scaledDarkness(plane, x, y, grey[y * w + x]!, response, level);
      // Pixels below the floor carry no weight, and so no noise into the centre.
      if (here > floor) {
        spread += ((xc - cx) ** 2 + (yc - cy) ** 2) / 2;
        const lit = Math.max(levelAt(plane, x, y), 1);
        const change = (-here * (lit - level)) / scale(plane, x, y, response, level);
        weights += here - floor;
        shiftX += change * (xc - cx);
        shiftY += change * (yc - cy);
      }
      asym +=
        (here -
          darknessAt(grey, w, h, plane, mx, my) /
            scale(plane, mx - 0.5, my - 0.5, response, level)) **
        2;
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
    responseShift: weights > 0 ? norm(shiftX, shiftY) / weights : 0,
    ringAsymmetry: ringAsymmetry(grey, w, h, mask, cx, cy, reach, plane, noise),
  };
}

/**
 * How far the background around the dot departs from its plane in a way that is not
 * point-symmetric about the centre, grey levels RMS, beyond what the pixel noise explains.
 * A symmetric departure (light curved like a bowl) leaves the centroid where it is; a
 * shadow's edge or band across the ring, or a second dot's fringe, does not, and the
 * background under the dot is then as uncertain as the ring says.
 */
function ringAsymmetry(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  cx: number,
  cy: number,
  reach: SummingWindow,
  plane: Ground,
  noise: number,
): number {
  const outerA = reach.a + reach.ringA;
  const outerB = reach.b + reach.ringB;
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - outerA)); y <= Math.min(h - 1, cy + outerA); y++) {
    for (let x = Math.max(0, Math.floor(cx - outerA)); x <= Math.min(w - 1, cx + outerA); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      // radial() without its square roots: inside the summing ellipse, or beyond the ring.
      const u = dx * reach.cos + dy * reach.sin;
      const v = -dx * reach.sin + dy * reach.cos;
      if ((u / reach.a) ** 2 + (v / reach.b) ** 2 <= 1) continue;
      if ((u / outerA) ** 2 + (v / outerB) ** 2 > 1) continue;
      const mx = cx - dx;
      const my = cy - dy;
      if (mx < 0 || my < 0 || mx >= w || my >= h) continue;
      const here = grey[y * w + x]! - levelAt(plane, x, y);
      const there = sample(grey, w, h, mx, my) - levelAt(plane, mx - 0.5, my - 0.5);
      sum += ((here - there) / 2) ** 2;
      n++;
    }
  }
  // Each half-difference carries half the noise variance of one pixel (a little less,
  // for the interpolated one).
  return n > 0 ? Math.sqrt(Math.max(0, sum / n - (noise * noise) / 2)) : 0;
}
