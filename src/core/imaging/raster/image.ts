// raster/: pixels and grey values, shared by every other room. The RGBA image and grey
// windows of it (here), the luma weights (luma.ts), pyramid levels (levels.ts), the one
// bilinear sampler (bilinear.ts), the one least-squares plane (planeFit.ts), robust
// statistics, the black top-hat, binary morphology, crops, affine warps and small solvers.
//
// Plain pixel buffers for the imaging core: the RGBA image type the worker hands in,
// grey windows cut out of it, and a block-averaged grey copy for whole-image searches.
// Coordinates follow docs/science.md: pixel (i, j) covers [i, i+1) x [j, j+1).
import * as lumaModule from './luma';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { LUMA_B, LUMA_G, LUMA_R, luma } = lumaModule;

/** An RGBA image as canvas getImageData returns it: 4 bytes per pixel, row by row. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

/** A grey (luma, 0-255) raster cut out of an image, with where it sits in the image. */
export interface GreyWindow {
  /** Image pixel column and row of the window's first pixel. */
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** The grey values of the image's pixels in [x0, x1) x [y0, y1), clipped to the image. */
export function greyWindow(
  image: RgbaImage,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): GreyWindow {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const right = Math.min(image.width, Math.ceil(x1));
  const bottom = Math.min(image.height, Math.ceil(y1));
  const width = Math.max(0, right - left);
  const height = Math.max(0, bottom - top);
  const data = new Float32Array(width * height);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    let s = ((top + y) * image.width + left) * 4;
    let d = y * width;
    for (let x = 0; x < width; x++, s += 4, d++) {
      data[d] = luma(src[s]!, src[s + 1]!, src[s + 2]!);
    }
  }
  return { x0: left, y0: top, width, height, data };
}

/** A grey copy averaged over factor x factor blocks (partial blocks at the edges are dropped). */
export interface DownscaledGrey {
  readonly factor: number;
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * One pass over the full-resolution bytes, accumulating integer luma per block row, with no
 * per-pixel allocation. A search copy needs no more than a sample of each block (a dot
 * spans several blocks): from 4 x 4 blocks up every other column, and every other row, or
 * from 5 x 5 up the middle row only. Reading the bytes is what costs here (a whole row
 * comes from memory for any pixel of it): the middle row alone took the copy of a 12 MP
 * photo from 9.5 to 6.4 ms, and found the same dots, down to 10 px across.
 */
export function downscaleGrey(image: RgbaImage, factor: number): DownscaledGrey {
  const f = Math.max(1, Math.floor(factor));
  const width = Math.floor(image.width / f);
  const height = Math.floor(image.height / f);
  const data = new Float32Array(width * height);
  const src = image.data;
  const aligned = src.byteOffset % 4 === 0 && f > 1 && f <= 16;
  if (aligned) {
    // One 32-bit read per pixel; red and blue add up in separate 16-bit lanes (at most
    // 16 x 16 x 255 each, below 65536), green on its own.
    const words = new Uint32Array(src.buffer, src.byteOffset, image.width * image.height);
    const step = f >= 4 ? 2 : 1;
    // Columns step - 1, 2 step - 1, ... of each block: floor(f / step) of them. Rows the
    // same, except from 5 x 5 blocks up only the middle row.
    const taken = Math.floor(f / step);
    const rowStep = f >= 5 ? f : step;
    const rowFirst = f >= 5 ? f >> 1 : step - 1;
    const rows = f >= 5 ? 1 : taken;
    const scale = 1 / (256 * taken * rows);
    for (let by = 0; by < height; by++) {
      for (let k = rowFirst; k < f; k += rowStep) {
        const rowStart = (by * f + k) * image.width + step - 1;
        // The block sums stay whole numbers until the last row scales them to a mean.
        addBlockRow(
          words,
          rowStart,
          f,
          step,
          width,
          data,
          by * width,
          k + rowStep >= f ? scale : 1,
        );
      }
    }
    return { factor: f, width, height, data };
  }
  const row = new Uint32Array(width);
  const scale = 1 / (256 * f * f);
  for (let by = 0; by < height; by++) {
    row.fill(0);
    for (let k = 0; k < f; k++) {
      let s = (by * f + k) * image.width * 4;
      for (let bx = 0; bx < width; bx++) {
        let sum = 0;
        for (let j = 0; j < f; j++, s += 4)
          sum += src[s]! * LUMA_R + src[s + 1]! * LUMA_G + src[s + 2]! * LUMA_B;
        row[bx] = row[bx]! + sum;
      }
    }
    const out = by * width;
    for (let bx = 0; bx < width; bx++) data[out + bx] = row[bx]! * scale;
  }
  return { factor: f, width, height, data };
}

/**
 * Adds one row's sampled pixels (every `step`th word from rowStart) to each block's luma
 * sum in `data` from `out` on, then multiplies by `scale`. The sums are whole numbers below
 * 2^24, so float32 holds them exactly until the last row turns them into means. A block's
 * sums are kept in locals and written straight to the copy: per-row sums in separate
 * arrays made the copy of a 12 MP photo take 7.8 ms instead of 4.6.
 */
function addBlockRow(
  words: Uint32Array,
  rowStart: number,
  f: number,
  step: number,
  width: number,
  data: Float32Array,
  out: number,
  scale: number,
): void {
  for (let bx = 0; bx < width; bx++) {
    let rb = 0;
    let g = 0;
    const s = rowStart + bx * f;
    for (let j = 0; j < f - step + 1; j += step) {
      const v = words[s + j]!;
      rb += v & 0x00ff00ff;
      g += (v >>> 8) & 0xff;
    }
    // Byte order in memory is R, G, B, A: little-endian words hold R low, B at bit 16.
    data[out + bx] =
      (data[out + bx]! + (rb & 0xffff) * LUMA_R + g * LUMA_G + (rb >>> 16) * LUMA_B) * scale;
  }
}

/** The smallest block factor that brings the longer side to at most `target` pixels. */
export function searchFactor(image: { width: number; height: number }, target: number): number {
  return Math.max(1, Math.ceil(Math.max(image.width, image.height) / target));
}
