// The grey levels a dot's rim is judged by: its ink, the light ground around it (a plane,
// fitted to the lighter part of a ring, since a shadow may cover the rest), and the noise.
import { kthSmallest, middleValue } from '../../raster/statistics';
import { robustPlane } from '../../raster/planeFit';
import { sample } from '../../raster/bilinear';
import type { Plane } from '../../raster/planeFit';
import { sharpShadowLight } from './shadedRing';

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
  // plane (which brings back the dimmer side of a lighting gradient); where a sharp shadow
  // covers much of the ring, the light above it (shadedRing.ts).
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
  plane = sharpShadowLight(grey, w, { indices, x: ringX, y: ringY, count: n }, plane, ink, noise, [
    cx,
    cy,
  ]);
  // The transition's half-width until the first cast has measured the blur: 3 px suits a
  // blur sigma near 1 px, the usual for a sharp photo.
  return { ink, light: plane, noise, edgeWidth: 3 };
}
