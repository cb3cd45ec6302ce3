// The light ground around a dot whose surrounding ring a sharp-edged shadow or dark area
// covers in large part (a dot half under a shadow band). The plane through the ring's
// lighter pixels then takes in the shadow's blurred edge and tilts down towards the
// shadow, by several grey levels a pixel: the shadowed ground next to the dot reads as
// lit, and the dot's edges in it, which the shadow's own edge pulls outwards by a pixel or
// more on a small blurred dot, as clean ones. A soft shadow, whose light changes gradually
// across the ring, is light that the plane should follow, and keeps it.
import { robustPlane } from '../../raster/planeFit';
import type { Plane } from '../../raster/planeFit';

/** The ring around a dot: pixel indices and their coordinates, `count` of them. */
export interface Ring {
  indices: Int32Array;
  x: Int32Array;
  y: Int32Array;
  count: number;
}

/**
 * The light plane of a ring that a sharp shadow covers in part, or `plane` unchanged.
 * Shadows only darken: the light is the ring's upper envelope, fitted again and again to
 * the pixels close to or above it until it settles. That plane replaces `plane` when the
 * ring, measured against it, holds a real shadow (at least a tenth of the ring darker than
 * halfway from the light to the ink) with a sharp edge (few pixels in between).
 */
export function sharpShadowLight(
  grey: Float32Array,
  w: number,
  ring: Ring,
  plane: Plane,
  ink: number,
  noise: number,
  middle: readonly [number, number],
): Plane {
  const { indices, x, y, count: n } = ring;
  const at = (p: Plane, k: number) => p.c0 + p.cx * x[k]! + p.cy * y[k]!;
  const near = new Int32Array(n);
  const gather = (p: Plane) => {
    let m = 0;
    for (let k = 0; k < n; k++) {
      const level = at(p, k);
      if (grey[indices[k]!]! > level - Math.max(4 * noise, ENVELOPE * (level - ink)))
        near[m++] = indices[k]!;
    }
    return m;
  };
  const [cx, cy] = middle;
  const levelAt = (p: Plane) => p.c0 + p.cx * cx + p.cy * cy;
  let upper = plane;
  for (let round = 0; round < ROUNDS; round++) {
    const m = gather(upper);
    // Nothing much below the plane: no shadow over the ring.
    if (m >= (1 - SHADED) * n) break;
    const next = robustPlane(grey, w, near, m, 2);
    if (!next) break;
    const rise = Math.abs(levelAt(next) - levelAt(upper));
    upper = next;
    if (rise < SETTLED) break;
  }
  if (upper === plane) return plane;
  let shadowed = 0;
  let between = 0;
  for (let k = 0; k < n; k++) {
    const level = at(upper, k);
    const lit = (grey[indices[k]!]! - ink) / Math.max(1, level - ink);
    if (lit < HALF_LIT) shadowed++;
    else if (lit < MOSTLY_LIT) between++;
  }
  return shadowed >= SHADED * n && between <= SHARP * shadowed ? upper : plane;
}

/** Share of the contrast below the envelope within which a ring pixel counts as lit. */
const ENVELOPE = 0.1;
/** Refits of the envelope at most, and the change at the dot (grey levels) that ends them. */
const ROUNDS = 6;
const SETTLED = 0.5;
/** Share of the ring a shadow must cover to count. */
const SHADED = 0.1;
/** A ring pixel is shadowed below this fraction of the way from ink to the light, and in
 * the shadow's edge below the second. */
const HALF_LIT = 0.55;
const MOSTLY_LIT = 0.9;
/** The most pixels in a shadow's edge, per shadowed pixel, for the edge to count as sharp:
 * on synthetic rings a band's blurred edge left 0.05-0.2, soft shadows 0.3-0.6 (or no
 * deep shadow at all). */
const SHARP = 0.25;
