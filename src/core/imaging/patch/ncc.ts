// Normalised cross-correlation of a template over one grey level with a plane removed
// from both (the brightness, contrast and any lighting gradient across the patch): the
// score at every candidate position, its distinct peaks best first, and a sub-pixel
// estimate of a peak. Removing only the mean (plain ZNCC) is not enough: across a patch
// wide enough to hold a ruler's numbers, uneven light is a ramp that correlates with any
// other ramp, and on coarse levels it outweighs the thin ticks.
import type { GreyLevel } from '../raster/levels';
import { invert3, removePlane, squares } from './planeRemoval';

/**
 * A rectangular grid of samples around a centre, with its least-squares plane removed and
 * scaled to unit norm.
 */
export interface Template {
  /** Level pixels between neighbouring samples along x and along y. */
  readonly strideX: number;
  readonly strideY: number;
  /** Samples left of, right of, above and below the centre sample. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** Row by row, (left + 1 + right) per row. */
  readonly values: Float32Array;
}

/**
 * A template from a sampler giving the grey value at an offset (level pixels) from the
 * centre; null when a sample is missing (NaN) or the patch is flat.
 */
export function makeTemplate(
  sample: (dx: number, dy: number) => number,
  extent: { left: number; right: number; top: number; bottom: number },
  strideX: number,
  strideY = strideX,
): Template | null {
  const { left, right, top, bottom } = extent;
  const cols = left + 1 + right;
  const rows = top + 1 + bottom;
  if (cols < 3 || rows < 3) return null;
  const values = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = sample((c - left) * strideX, (r - top) * strideY);
      if (!Number.isFinite(v)) return null;
      values[r * cols + c] = v;
    }
  }
  const norm = removePlane(values, cols, rows);
  // Less than a tenth of a grey level of variation: nothing to match.
  if (!(norm > 0.01 * values.length)) return null;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < values.length; i++) values[i] = values[i]! * scale;
  return { strideX, strideY, left, right, top, bottom, values };
}

/** Scores of candidate centres (level pixel indices) [x0, x0 + width) x [y0, y0 + height). */
export interface ScoreGrid {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly scores: Float32Array;
}

/** A template sticking out of the level is scored on the part inside, if at least this much. */
const MIN_OVERLAP = 0.5;

/**
 * The score of the template centred on each level pixel in [cx0, cx1] x [cy0, cy1]
 * (inclusive) that lies inside the level. Where the template sticks out of the level (a
 * point near the photo's edge) the score is taken over the samples inside, when they are
 * at least half of them; elsewhere it is -Infinity. Null when no position is left.
 */
export function scoreGrid(
  template: Template,
  level: GreyLevel,
  cx0: number,
  cy0: number,
  cx1: number,
  cy1: number,
): ScoreGrid | null {
  const { strideX, strideY, left, right, top, bottom, values } = template;
  const x0 = Math.max(cx0, level.x0);
  const y0 = Math.max(cy0, level.y0);
  const x1 = Math.min(cx1, level.x0 + level.width - 1);
  const y1 = Math.min(cy1, level.y0 + level.height - 1);
  if (x1 < x0 || y1 < y0) return null;
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  const scores = new Float32Array(width * height);
  const cols = left + 1 + right;
  const rows = top + 1 + bottom;
  const n = cols * rows;
  const mx = (cols - 1) / 2;
  const my = (rows - 1) / 2;
  const sxx = rows * squares(cols);
  const syy = cols * squares(rows);
  const w = level.width;
  const data = level.data;
  const rowStep = strideY * w;
  // Candidates whose whole template lies inside the level take the fast path.
  const inX0 = level.x0 + left * strideX;
  const inX1 = level.x0 + level.width - 1 - right * strideX;
  const inY0 = level.y0 + top * strideY;
  const inY1 = level.y0 + level.height - 1 - bottom * strideY;
  for (let gy = 0; gy < height; gy++) {
    const cy = y0 + gy;
    for (let gx = 0; gx < width; gx++) {
      const cx = x0 + gx;
      if (cx < inX0 || cx > inX1 || cy < inY0 || cy > inY1) {
        scores[gy * width + gx] = partialScore(template, level, cx, cy);
        continue;
      }
      // Index of the template's first sample in the level's data.
      const first = (cy - top * strideY - level.y0) * w + (cx - left * strideX - level.x0);
      let dot = 0;
      let sum = 0;
      let energy = 0;
      let sx = 0;
      let sy = 0;
      let t = 0;
      for (let r = 0, row = first; r < rows; r++, row += rowStep) {
        let rowSum = 0;
        for (let c = 0, i = row; c < cols; c++, i += strideX, t++) {
          const v = data[i]!;
          dot += values[t]! * v;
          rowSum += v;
          energy += v * v;
          sx += (c - mx) * v;
        }
        sum += rowSum;
        sy += (r - my) * rowSum;
      }
      // What is left of the window's variation once its own plane is removed.
      const residual = energy - (sum * sum) / n - (sx * sx) / sxx - (sy * sy) / syy;
      scores[gy * width + gx] = residual > 1e-6 ? dot / Math.sqrt(residual) : 0;
    }
  }
  return { x0, y0, width, height, scores };
}

/**
 * The score over the template's samples that fall inside the level (-Infinity if too
 * few): the same plane-removed correlation, fitted on those samples alone, from sums
 * gathered in one pass (this runs for every position near a photo's edge).
 */
function partialScore(template: Template, level: GreyLevel, cx: number, cy: number): number {
  const { strideX, strideY, left, right, top, bottom, values } = template;
  const cols = left + 1 + right;
  const rows = top + 1 + bottom;
  // The samples inside the level form a rectangle of columns c0..c1 and rows r0..r1: its
  // position moments are sums over whole ranges, and the rest are gathered row by row with
  // no test per sample (this runs for every position near a photo's edge).
  const c0 = Math.max(0, Math.ceil((level.x0 - cx) / strideX) + left);
  const c1 = Math.min(cols - 1, Math.floor((level.x0 + level.width - 1 - cx) / strideX) + left);
  const r0 = Math.max(0, Math.ceil((level.y0 - cy) / strideY) + top);
  const r1 = Math.min(rows - 1, Math.floor((level.y0 + level.height - 1 - cy) / strideY) + top);
  if (c1 < c0 || r1 < r0) return -Infinity;
  const nc = c1 - c0 + 1;
  const nr = r1 - r0 + 1;
  const n = nc * nr;
  // Moments of the sample positions (x, y: column and row), of the template t and of the
  // level v, and their cross products.
  let cs = 0;
  let css = 0;
  for (let c = c0; c <= c1; c++) {
    cs += c;
    css += c * c;
  }
  let rs = 0;
  let rss = 0;
  for (let r = r0; r <= r1; r++) {
    rs += r;
    rss += r * r;
  }
  const sx = nr * cs;
  const sy = nc * rs;
  const sxx = nr * css;
  const sxy = cs * rs;
  const syy = nc * rss;
  let st = 0;
  let sxt = 0;
  let syt = 0;
  let stt = 0;
  let sv = 0;
  let sxv = 0;
  let syv = 0;
  let svv = 0;
  let stv = 0;
  const data = level.data;
  for (let r = r0; r <= r1; r++) {
    const y = cy + (r - top) * strideY - level.y0;
    let i = y * level.width + cx + (c0 - left) * strideX - level.x0;
    let t = r * cols + c0;
    let rowT = 0;
    let rowV = 0;
    for (let c = c0; c <= c1; c++, i += strideX, t++) {
      const tv = values[t]!;
      const v = data[i]!;
      rowT += tv;
      sxt += c * tv;
      stt += tv * tv;
      rowV += v;
      sxv += c * v;
      svv += v * v;
      stv += tv * v;
    }
    st += rowT;
    syt += r * rowT;
    sv += rowV;
    syv += r * rowV;
  }
  if (n < MIN_OVERLAP * cols * rows) return -Infinity;
  // Residual (co)variances after projecting out the plane: S_ab - B_a^T M^-1 B_b, with M
  // the moment matrix of (1, x, y).
  const inverse = invert3([n, sx, sy, sx, sxx, sxy, sy, sxy, syy]);
  if (!inverse) return 0;
  const project = (a: [number, number, number], b: [number, number, number]) => {
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) sum += a[i]! * inverse[i * 3 + j]! * b[j]!;
    }
    return sum;
  };
  const bt: [number, number, number] = [st, sxt, syt];
  const bv: [number, number, number] = [sv, sxv, syv];
  const tt = stt - project(bt, bt);
  const vv = svv - project(bv, bv);
  const tv = stv - project(bt, bv);
  return tt > 1e-12 && vv > 1e-6 ? tv / Math.sqrt(tt * vv) : 0;
}
