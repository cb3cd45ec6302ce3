// What the Gauss-Newton fit reads of the new photo: its grey values and gradients over the
// part the template's samples can reach, looked up together by one bilinear step, and the
// samples that stay inside it.
import type { GreyLevel } from '../raster/levels';
import type { Alignment } from '../raster/warp';

/** Template samples at offsets (image pixels, in the new photo's frame) with their values. */
export interface Samples {
  ux: Float64Array;
  uy: Float64Array;
  values: Float64Array;
}

/**
 * The samples whose place stays inside the field for any step the fit may take (the
 * drift and a tenth of warp), or all of them when they all do.
 */
export function inside(
  samples: Samples,
  field: GradientField,
  start: Alignment,
  drift: number,
): Samples {
  const { ux, uy } = samples;
  const [cx, cy] = start.centre;
  const { ox, oy, f, w, h } = field;
  const keep: number[] = [];
  for (let j = 0; j < ux.length; j++) {
    const slack = drift + 0.1 * Math.max(Math.abs(ux[j]!), Math.abs(uy[j]!)) + f;
    const lx0 = (cx + ux[j]! - slack) / f - 0.5 - ox;
    const ly0 = (cy + uy[j]! - slack) / f - 0.5 - oy;
    const lx1 = (cx + ux[j]! + slack) / f - 0.5 - ox;
    const ly1 = (cy + uy[j]! + slack) / f - 0.5 - oy;
    if (lx0 >= 0 && ly0 >= 0 && lx1 < w - 1 && ly1 < h - 1) keep.push(j);
  }
  if (keep.length === ux.length) return samples;
  const pick = (a: Float64Array) => Float64Array.from(keep, (j) => a[j]!);
  return { ux: pick(ux), uy: pick(uy), values: pick(samples.values) };
}

export interface GradientField {
  /** Level of the field's first pixel, image pixels per level pixel, size. */
  ox: number;
  oy: number;
  f: number;
  w: number;
  h: number;
  /** The target window the field is read from, and the field's first pixel in it. */
  data: Float32Array;
  tw: number;
  th: number;
  left: number;
  top: number;
}

/**
 * Reads the new photo's grey value and gradient at every sample through the warp
 * (c + (I + D) u), by one bilinear lookup each; false when a sample falls outside.
 *
 * The gradients are central differences of the target, worked out here at the four pixels
 * each lookup reads rather than stored for the whole field beforehand: the samples are
 * spread a dozen pixels apart over a field of up to a million pixels at full resolution,
 * so filling it cost far more than the fit. Each difference is rounded to single
 * precision, as a stored Float32Array field would hold it, so the fit is unchanged.
 */
export function warpInto(
  field: GradientField,
  samples: Samples,
  cx: number,
  cy: number,
  d11: number,
  d12: number,
  d21: number,
  d22: number,
  out: Float64Array,
  outX: Float64Array,
  outY: Float64Array,
): boolean {
  const { ux, uy } = samples;
  const { ox, oy, f, w, h, data: d, tw, th, left, top } = field;
  const n = ux.length;
  const half = 1 / (2 * f);
  const fround = Math.fround;
  for (let j = 0; j < n; j++) {
    const lx = (cx + (1 + d11) * ux[j]! + d12 * uy[j]!) / f - 0.5 - ox;
    const ly = (cy + d21 * ux[j]! + (1 + d22) * uy[j]!) / f - 0.5 - oy;
    const ix = Math.floor(lx);
    const iy = Math.floor(ly);
    if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= h) return false;
    const fx = lx - ix;
    const fy = ly - iy;
    const tx = left + ix;
    const ty = top + iy;
    const i = ty * tw + tx;
    const a = (1 - fx) * (1 - fy);
    const b = fx * (1 - fy);
    const c = (1 - fx) * fy;
    const e = fx * fy;
    const v00 = d[i]!;
    const v01 = d[i + 1]!;
    const v10 = d[i + tw]!;
    const v11 = d[i + tw + 1]!;
    out[j] = a * v00 + b * v01 + c * v10 + e * v11;
    let g00x, g01x, g10x, g11x, g00y, g01y, g10y, g11y;
    if (tx > 0 && tx + 2 < tw && ty > 0 && ty + 2 < th) {
      // All four pixels and their neighbours inside the target: the common case.
      g00x = fround((v01 - d[i - 1]!) * half);
      g01x = fround((d[i + 2]! - v00) * half);
      g10x = fround((v11 - d[i + tw - 1]!) * half);
      g11x = fround((d[i + tw + 2]! - v10) * half);
      g00y = fround((v10 - d[i - tw]!) * half);
      g01y = fround((v11 - d[i - tw + 1]!) * half);
      g10y = fround((d[i + 2 * tw]! - v00) * half);
      g11y = fround((d[i + 2 * tw + 1]! - v01) * half);
    } else {
      g00x = gradX(d, tw, tx, ty, f);
      g01x = gradX(d, tw, tx + 1, ty, f);
      g10x = gradX(d, tw, tx, ty + 1, f);
      g11x = gradX(d, tw, tx + 1, ty + 1, f);
      g00y = gradY(d, tw, th, tx, ty, f);
      g01y = gradY(d, tw, th, tx + 1, ty, f);
      g10y = gradY(d, tw, th, tx, ty + 1, f);
      g11y = gradY(d, tw, th, tx + 1, ty + 1, f);
    }
    outX[j] = a * g00x + b * g01x + c * g10x + e * g11x;
    outY[j] = a * g00y + b * g01y + c * g10y + e * g11y;
  }
  return true;
}

/** The central difference along x at a target pixel (one-sided on the target's border). */
function gradX(d: Float32Array, tw: number, tx: number, ty: number, f: number): number {
  const i = ty * tw + tx;
  const l = tx > 0 ? d[i - 1]! : d[i]!;
  const r = tx < tw - 1 ? d[i + 1]! : d[i]!;
  return Math.fround((r - l) / ((tx > 0 && tx < tw - 1 ? 2 : 1) * f));
}

/** The central difference along y at a target pixel (one-sided on the target's border). */
function gradY(d: Float32Array, tw: number, th: number, tx: number, ty: number, f: number): number {
  const i = ty * tw + tx;
  const u = ty > 0 ? d[i - tw]! : d[i]!;
  const b = ty < th - 1 ? d[i + tw]! : d[i]!;
  return Math.fround((b - u) / ((ty > 0 && ty < th - 1 ? 2 : 1) * f));
}

/**
 * The part of the target the samples can reach (a tenth of warp either way, the drift and
 * two level pixels), as a field whose values and gradients warpInto reads.
 */
export function gradientField(
  target: GreyLevel,
  samples: Samples,
  start: Alignment,
  drift: number,
): GradientField | null {
  const f = target.factor;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let j = 0; j < samples.ux.length; j++) {
    x0 = Math.min(x0, samples.ux[j]!);
    x1 = Math.max(x1, samples.ux[j]!);
    y0 = Math.min(y0, samples.uy[j]!);
    y1 = Math.max(y1, samples.uy[j]!);
  }
  const slack = 0.1 * Math.max(-x0, x1, -y0, y1) + drift;
  const [cx, cy] = start.centre;
  const left = Math.max(0, Math.floor((cx + x0 - slack) / f - target.x0) - 2);
  const right = Math.min(target.width, Math.ceil((cx + x1 + slack) / f - target.x0) + 3);
  const top = Math.max(0, Math.floor((cy + y0 - slack) / f - target.y0) - 2);
  const bottom = Math.min(target.height, Math.ceil((cy + y1 + slack) / f - target.y0) + 3);
  const w = right - left;
  const h = bottom - top;
  if (w < 2 || h < 2) return null;
  return {
    ox: target.x0 + left,
    oy: target.y0 + top,
    f,
    w,
    h,
    data: target.data,
    tw: target.width,
    th: target.height,
    left,
    top,
  };
}
