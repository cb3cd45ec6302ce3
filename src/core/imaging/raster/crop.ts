// Rectangles cut out of a window raster and put back: work on a dot's surroundings costs
// what the dot's size does, not the search window's.

/** A rectangle of a raster: its first column and row, width and height. */
export interface Crop {
  x0: number;
  y0: number;
  w: number;
  h: number;
}

/** The values of `data` (a raster `w` wide) inside the crop, row by row. */
export function cropOf<T extends Float32Array | Uint8Array>(data: T, w: number, crop: Crop): T {
  const out = new (data.constructor as new (n: number) => T)(crop.w * crop.h);
  for (let y = 0; y < crop.h; y++) {
    const from = (crop.y0 + y) * w + crop.x0;
    out.set(data.subarray(from, from + crop.w), y * crop.w);
  }
  return out;
}

/** The crop's values written back into their place in `into`, a raster `w` wide. */
export function pasteCrop<T extends Float32Array | Uint8Array>(
  values: T,
  into: T,
  w: number,
  crop: Crop,
): void {
  for (let y = 0; y < crop.h; y++) {
    into.set(values.subarray(y * crop.w, (y + 1) * crop.w), (crop.y0 + y) * w + crop.x0);
  }
}
