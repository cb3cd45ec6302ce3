// The ground a dot's darkness is measured against: a plane through the ring around it,
// bent where the ring shows a lamp's fall-off, and the level the ink is scaled by, which
// follows uneven light the way the ink does.
import type { Plane } from '../raster/planeFit';
import { medianAndMad } from '../raster/statistics';
import { robustPlane } from '../raster/planeFit';
import { solve } from '../raster/solve';
import * as windowModule from './summingWindow';
import type { SummingWindow } from './summingWindow';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { radial } = windowModule;

/** The background plane through the ring of pixels just outside the summing ellipse. */
export function ringPlane(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  cx: number,
  cy: number,
  reach: SummingWindow,
): Ground | null {
  const outerA = reach.a + reach.ringA;
  const outerB = reach.b + reach.ringB;
  const indices = new Int32Array(Math.ceil(4 * (outerA + 2) ** 2));
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - outerA)); y <= Math.min(h - 1, cy + outerA); y++) {
    for (let x = Math.max(0, Math.floor(cx - outerA)); x <= Math.min(w - 1, cx + outerA); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (
        radial(reach, dx, dy, reach.a, reach.b) > 1 &&
        radial(reach, dx, dy, outerA, outerB) <= 1 &&
        mask[y * w + x] === 0
      )
        indices[n++] = y * w + x;
    }
  }
  if (n < 12) return null;
  const plane = robustPlane(grey, w, indices, n, 2);
  return plane && bent(grey, w, indices, n, plane, cx - 0.5, cy - 0.5, reach);
}

/** What a background is measured against: a plane, bent where the ring says so. */
export type Ground = Plane & {
  /** A quadratic bend about (ox, oy), pixel index coordinates. */
  bend?: { xx: number; xy: number; yy: number; ox: number; oy: number };
};

/** The ground's level at pixel index coordinates (x, y). */
export function levelAt(g: Ground, x: number, y: number): number {
  const flat = g.c0 + g.cx * x + g.cy * y;
  const b = g.bend;
  if (!b) return flat;
  const dx = x - b.ox;
  const dy = y - b.oy;
  return flat + b.xx * dx * dx + b.xy * dx * dy + b.yy * dy * dy;
}

/**
 * The ring's plane with a quadratic bend added when the ring is wide enough to tell one
 * (a lamp's fall-off seen close up): fitted by least squares to the ring pixels within
 * three robust sigmas of the plane, about the dot's middle.
 */
function bent(
  grey: Float32Array,
  w: number,
  indices: Int32Array,
  n: number,
  plane: Plane,
  ox: number,
  oy: number,
  reach: SummingWindow,
): Ground {
  if (n < MIN_BEND_PIXELS || Math.min(reach.a, reach.b) < MIN_BEND_REACH) return plane;
  const residuals = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    const x = i % w;
    const y = (i - x) / w;
    residuals[k] = grey[i]! - (plane.c0 + plane.cx * x + plane.cy * y);
  }
  const { median, mad } = medianAndMad(residuals, n);
  const limit = 3 * Math.max(1.4826 * mad, 0.5);
  // Normal equations of r = d0 + d1 u + d2 v + e1 u^2 + e2 u v + e3 v^2, u and v in units
  // of the ring's size so that they stay well conditioned.
  const unit = Math.max(1, reach.a + reach.ringA);
  const H = new Float64Array(36);
  const g = new Float64Array(6);
  const f = new Float64Array(6);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const r = residuals[k]!;
    if (Math.abs(r - median) > limit) continue;
    const i = indices[k]!;
    const x = i % w;
    const u = (x - ox) / unit;
    const v = ((i - x) / w - oy) / unit;
    f[0] = 1;
    f[1] = u;
    f[2] = v;
    f[3] = u * u;
    f[4] = u * v;
    f[5] = v * v;
    for (let a = 0; a < 6; a++) {
      g[a] = g[a]! + f[a]! * r;
      for (let b = 0; b < 6; b++) H[a * 6 + b] = H[a * 6 + b]! + f[a]! * f[b]!;
    }
    kept++;
  }
  if (kept < MIN_BEND_PIXELS) return plane;
  const d = solve(H, g, 6);
  if (!d) return plane;
  const s = 1 / unit;
  return {
    c0: plane.c0 + d[0]! - (d[1]! * ox + d[2]! * oy) * s,
    cx: plane.cx + d[1]! * s,
    cy: plane.cy + d[2]! * s,
    bend: { xx: d[3]! * s * s, xy: d[4]! * s * s, yy: d[5]! * s * s, ox, oy },
  };
}

/** Ring pixels, and the summing ellipse's shorter semi-axis (px), from which the ring
 * can tell a bend from a plane. */
const MIN_BEND_PIXELS = 150;
const MIN_BEND_REACH = 10;

/**
 * The grey level that darkness at pixel position (x, y) is measured against, so that the
 * ink reads equally dark all across the dot: uneven lighting multiplies the light reaching
 * the dot and its surroundings alike (response 1: the local background level L), while
 * light added on top (glare in the lens, a camera's tone curve) brightens ink and paper by
 * the same grey (response 0: the level at the centre, Lc, everywhere). A plain ratio or
 * difference for the wrong one weighs the dot's brighter or darker side more and pulls
 * the centroid along the gradient (docs/science.md).
 */
export function scale(
  plane: Plane,
  x: number,
  y: number,
  response: number,
  centreLevel: number,
): number {
  const level = Math.max(levelAt(plane, x, y), 1);
  return Math.max(response * level + (1 - response) * centreLevel, 1);
}

/** Darkness below the background plane at a pixel, over scale(): about 1 - ink / paper
 * inside the dot, 0 on the background. */
export function scaledDarkness(
  plane: Ground,
  x: number,
  y: number,
  value: number,
  response: number,
  centreLevel: number,
): number {
  const level = Math.max(levelAt(plane, x, y), 1);
  return (level - value) / Math.max(response * level + (1 - response) * centreLevel, 1);
}
