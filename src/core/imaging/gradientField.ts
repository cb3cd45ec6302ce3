// What the Gauss-Newton fit reads of the new photo: its grey values and gradients over the
// part the template's samples can reach, looked up together by one bilinear step, and the
// samples that stay inside it.
import type { GreyLevel } from './levels';
import type { Alignment } from './warp';

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
  values: Float32Array;
  gx: Float32Array;
  gy: Float32Array;
}

/**
 * Reads the new photo's grey value and gradient at every sample through the warp
 * (c + (I + D) u), by one bilinear lookup each; false when a sample falls outside.
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
  const { ox, oy, f, w, h, values, gx, gy } = field;
  const n = ux.length;
  for (let j = 0; j < n; j++) {
    const lx = (cx + (1 + d11) * ux[j]! + d12 * uy[j]!) / f - 0.5 - ox;
    const ly = (cy + d21 * ux[j]! + (1 + d22) * uy[j]!) / f - 0.5 - oy;
    const ix = Math.floor(lx);
    const iy = Math.floor(ly);
    if (ix < 0 || iy < 0 || ix + 1 >= w || iy + 1 >= h) return false;
    const fx = lx - ix;
    const fy = ly - iy;
    const i = iy * w + ix;
    const a = (1 - fx) * (1 - fy);
    const b = fx * (1 - fy);
    const c = (1 - fx) * fy;
    const e = fx * fy;
    out[j] = a * values[i]! + b * values[i + 1]! + c * values[i + w]! + e * values[i + w + 1]!;
    outX[j] = a * gx[i]! + b * gx[i + 1]! + c * gx[i + w]! + e * gx[i + w + 1]!;
    outY[j] = a * gy[i]! + b * gy[i + 1]! + c * gy[i + w]! + e * gy[i + w + 1]!;
  }
  return true;
}

/**
 * The target's grey values and central-difference gradients over the part the samples can
 * reach (a tenth of warp either way, the drift and two level pixels).
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
  const tw = target.width;
  const th = target.height;
  const values = new Float32Array(w * h);
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  const d = target.data;
  for (let y = 0; y < h; y++) {
    const ty = top + y;
    for (let x = 0; x < w; x++) {
      const tx = left + x;
      const i = ty * tw + tx;
      const o = y * w + x;
      values[o] = d[i]!;
      const l = tx > 0 ? d[i - 1]! : d[i]!;
      const r = tx < tw - 1 ? d[i + 1]! : d[i]!;
      const u = ty > 0 ? d[i - tw]! : d[i]!;
      const b = ty < th - 1 ? d[i + tw]! : d[i]!;
      gx[o] = (r - l) / ((tx > 0 && tx < tw - 1 ? 2 : 1) * f);
      gy[o] = (b - u) / ((ty > 0 && ty < th - 1 ? 2 : 1) * f);
    }
  }
  return { ox: target.x0 + left, oy: target.y0 + top, f, w, h, values, gx, gy };
}
