// Grey rasters of part of an image at one block size (one level of a pyramid), and
// bilinear sampling in them. Template matching works on these windows only, so its cost
// depends on the patch and the search radius, never on the size of a 12 MP photo.
// Coordinates are image pixels as docs/science.md defines them: level pixel i covers image
// [f i, f i + f), so its centre sits at f (i + 0.5).
import * as bilinearModule from './bilinear';
import * as lumaModule from './luma';
import type { RgbaImage } from './image';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { bilinear } = bilinearModule;
const { LUMA_B, LUMA_G, LUMA_R, luma } = lumaModule;

export interface GreyLevel {
  /** Image pixels per level pixel along each axis. */
  readonly factor: number;
  /** Level column and row of the window's first pixel. */
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * The block-averaged grey window covering image [left, right) x [top, bottom) at `factor`,
 * clipped to the whole blocks inside the image. Written into the start of `into` when it is
 * large enough (every value is written: nothing of what it held before shows through).
 */
export function cutLevel(
  image: RgbaImage,
  factor: number,
  left: number,
  top: number,
  right: number,
  bottom: number,
  into?: Float32Array,
): GreyLevel {
  const f = Math.max(1, Math.floor(factor));
  const x0 = Math.max(0, Math.floor(left / f));
  const y0 = Math.max(0, Math.floor(top / f));
  const x1 = Math.min(Math.floor(image.width / f), Math.ceil(right / f));
  const y1 = Math.min(Math.floor(image.height / f), Math.ceil(bottom / f));
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const src = image.data;
  const words =
    src.byteOffset % 4 === 0
      ? new Uint32Array(src.buffer, src.byteOffset, image.width * image.height)
      : null;
  if (f === 1 && words) {
    // Full resolution: one 32-bit read per pixel (bytes R, G, B, A: red in the low byte).
    const data = buffer(width * height, into);
    for (let y = 0; y < height; y++) {
      let s = (y0 + y) * image.width + x0;
      let d = y * width;
      for (let x = 0; x < width; x++, s++, d++) {
        const v = words[s]!;
        data[d] = luma(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff);
      }
    }
    return { factor: 1, x0, y0, width, height, data };
  }
  const data = buffer(width * height, into);
  // Every pixel of a row counts (a thin tick across the row must not fall between samples
  // and come and go with the sub-pixel phase), but not every row: every other one from
  // four-pixel blocks up and every fourth from sixteen, which keeps the memory read of a
  // search level spanning a whole 12 MP photo to a few milliseconds.
  const rowStep = f >= 16 ? 4 : f >= 4 ? 2 : 1;
  const rows = Math.ceil((f - (rowStep - 1)) / rowStep);
  const scale = 1 / (256 * f * rows);
  const redBlue = new Float64Array(width);
  const green = new Float64Array(width);
  for (let by = 0; by < height; by++) {
    redBlue.fill(0);
    green.fill(0);
    for (let k = rowStep - 1; k < f; k += rowStep) {
      const rowStart = ((y0 + by) * f + k) * image.width + x0 * f;
      if (words) {
        // One 32-bit read per pixel; red and blue add up in separate 16-bit lanes (at most
        // 64 * 255 each between flushes), green on its own. Bytes are R, G, B, A in memory,
        // so a little-endian word holds red low and blue at bit 16.
        let s = rowStart;
        for (let bx = 0; bx < width; bx++) {
          let rb = 0;
          let g = 0;
          for (let j = 0; j < f; j++, s++) {
            const v = words[s]!;
            rb += v & 0x00ff00ff;
            g += (v >>> 8) & 0xff;
            if ((j & 63) === 63) {
              redBlue[bx] = redBlue[bx]! + (rb & 0xffff) * LUMA_R + (rb >>> 16) * LUMA_B;
              rb = 0;
            }
          }
          redBlue[bx] = redBlue[bx]! + (rb & 0xffff) * LUMA_R + (rb >>> 16) * LUMA_B;
          green[bx] = green[bx]! + g;
        }
      } else {
        let s = rowStart * 4;
        for (let bx = 0; bx < width; bx++) {
          let sum = 0;
          for (let j = 0; j < f; j++, s += 4) sum += src[s]! * LUMA_R + src[s + 2]! * LUMA_B;
          let g = 0;
          for (let j = 0, t = s - 4 * f + 1; j < f; j++, t += 4) g += src[t]!;
          redBlue[bx] = redBlue[bx]! + sum;
          green[bx] = green[bx]! + g;
        }
      }
    }
    const out = by * width;
    for (let bx = 0; bx < width; bx++)
      data[out + bx] = (redBlue[bx]! + green[bx]! * LUMA_G) * scale;
  }
  return { factor: f, x0, y0, width, height, data };
}

/** The level's window around an image point, reaching `reach` image pixels each way. */
export function levelAround(
  image: RgbaImage,
  factor: number,
  centre: readonly [number, number],
  reachX: number,
  reachY = reachX,
): GreyLevel {
  return cutLevel(
    image,
    factor,
    centre[0] - reachX,
    centre[1] - reachY,
    centre[0] + reachX,
    centre[1] + reachY,
  );
}

/** Bilinear grey value at continuous image coordinates, or NaN outside the level's data. */
export function sampleLevel(level: GreyLevel, x: number, y: number): number {
  const lx = x / level.factor - 0.5 - level.x0;
  const ly = y / level.factor - 0.5 - level.y0;
  if (!(lx >= 0 && ly >= 0 && lx <= level.width - 1 && ly <= level.height - 1)) return NaN;
  return bilinear(level.data, level.width, level.height, lx, ly);
}

/**
 * The level at twice the block size, each pixel the mean of a 2 x 2 block of this one
 * (only whole blocks inside the window); into the start of `into` as cutLevel.
 */
export function halveLevel(level: GreyLevel, into?: Float32Array): GreyLevel {
  const x0 = Math.ceil(level.x0 / 2);
  const y0 = Math.ceil(level.y0 / 2);
  const x1 = Math.floor((level.x0 + level.width) / 2);
  const y1 = Math.floor((level.y0 + level.height) / 2);
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const data = buffer(width * height, into);
  const w = level.width;
  const src = level.data;
  for (let y = 0; y < height; y++) {
    const top = (2 * (y0 + y) - level.y0) * w + (2 * x0 - level.x0);
    for (let x = 0, i = top; x < width; x++, i += 2) {
      data[y * width + x] = 0.25 * (src[i]! + src[i + 1]! + src[i + w]! + src[i + w + 1]!);
    }
  }
  return { factor: level.factor * 2, x0, y0, width, height, data };
}

/**
 * `length` values at the start of `into` when it has room, else a new array. A window of a
 * 12 MP photo is megabytes, and a fresh array of that size costs the operating system's
 * zeroed pages on first touch (as long as converting the pixels): a buffer used again does not.
 */
function buffer(length: number, into: Float32Array | undefined): Float32Array {
  return into && into.length >= length ? into.subarray(0, length) : new Float32Array(length);
}
