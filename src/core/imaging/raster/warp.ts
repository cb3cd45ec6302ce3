// The local geometry of a patch from one photo to the next: an affine warp (zoom, turn,
// and the unequal foreshortening of a slanted view) about the patch's centre.

/** A 2 x 2 matrix [m11, m12, m21, m22]: previous-photo offsets to new-photo offsets. */
export type Warp = readonly [number, number, number, number];

/** Where the template sits in the new photo: its centre (image pixels) and warp. */
export interface Alignment {
  centre: readonly [number, number];
  warp: Warp;
}

/** zoom * R(rotation), rotation in radians from +x towards +y. */
export function similarityWarp(zoom: number, rotation: number): Warp {
  const c = zoom * Math.cos(rotation);
  const s = zoom * Math.sin(rotation);
  return [c, -s, s, c];
}

/** The zoom of a warp along a direction of the previous photo: |W v| / |v|. */
export function zoomAlong(warp: Warp, v: readonly [number, number]): number {
  const x = warp[0] * v[0] + warp[1] * v[1];
  const y = warp[2] * v[0] + warp[3] * v[1];
  return Math.hypot(x, y) / Math.hypot(v[0], v[1]);
}

/** The warp's overall zoom: the square root of its area change. */
export function warpZoom(warp: Warp): number {
  return Math.sqrt(Math.abs(warp[0] * warp[3] - warp[1] * warp[2]));
}

/** The inverse warp, from an offset in the new photo back to the previous one, or null. */
export function invertWarp(w: Warp): Warp | null {
  const det = w[0] * w[3] - w[1] * w[2];
  if (!(Math.abs(det) > 1e-9)) return null;
  return [w[3] / det, -w[1] / det, -w[2] / det, w[0] / det];
}
