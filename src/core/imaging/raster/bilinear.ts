// The imaging core's one bilinear sampler. Every reading of a grey raster between pixel
// centres goes through it (a dot's rim and centroid, a pyramid level, a ruler's profile),
// so they all agree on where a pixel's value sits and how an edge is handled.

/**
 * The value at index coordinates (x, y), where pixel (i, j)'s value sits at (i, j): bilinear
 * between the four pixels around it, the position clamped to the raster (just inside its
 * last row and column, so the four pixels always exist).
 */
export function bilinear(data: Float32Array, w: number, h: number, x: number, y: number): number {
  const cx = Math.max(0, Math.min(x, w - 1.000001));
  const cy = Math.max(0, Math.min(y, h - 1.000001));
  const ix = Math.floor(cx);
  const iy = Math.floor(cy);
  const tx = cx - ix;
  const ty = cy - iy;
  const i = iy * w + ix;
  // A raster one pixel wide or high has no neighbour on that axis: the pixel itself stands in.
  const right = ix + 1 < w ? 1 : 0;
  const down = iy + 1 < h ? w : 0;
  return (
    (1 - ty) * ((1 - tx) * data[i]! + tx * data[i + right]!) +
    ty * ((1 - tx) * data[i + down]! + tx * data[i + down + right]!)
  );
}

/** The value at continuous pixel coordinates (pixel centres at +0.5, docs/science.md). */
export function sample(data: Float32Array, w: number, h: number, fx: number, fy: number): number {
  return bilinear(data, w, h, fx - 0.5, fy - 0.5);
}
