// Planes fitted through grey values and removed: what is left is the pattern itself, free
// of brightness, contrast and a lighting gradient across the patch.
import { fitPlane } from '../raster/planeFit';

/**
 * Subtracts the least-squares plane a + b x + c y from a full grid (x, y its column and
 * row) and returns the residual sum of squares. On a full grid the centred column and row
 * numbers are orthogonal to each other and to the constant, so the three fit separately.
 */
export function removePlane(values: Float32Array, cols: number, rows: number): number {
  const n = cols * rows;
  const mx = (cols - 1) / 2;
  const my = (rows - 1) / 2;
  let sum = 0;
  let sx = 0;
  let sy = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c]!;
      sum += v;
      sx += (c - mx) * v;
      sy += (r - my) * v;
    }
  }
  const bx = sx / (rows * squares(cols));
  const by = sy / (cols * squares(rows));
  const mean = sum / n;
  let norm = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const v = values[i]! - mean - bx * (c - mx) - by * (r - my);
      values[i] = v;
      norm += v * v;
    }
  }
  return norm;
}

/** The sum of (k - (count - 1) / 2)^2 over k = 0..count-1. */
export function squares(count: number): number {
  return (count * (count * count - 1)) / 12;
}

/** The inverse of a symmetric 3 x 3 matrix (row by row), or null when singular. */
export function invert3(m: number[]): number[] | null {
  const [a, b, c, , e, f, , , i] = m as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const A = e * i - f * f;
  const B = c * f - b * i;
  const C = b * f - c * e;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-9)) return null;
  const E = a * i - c * c;
  const F = b * c - a * f;
  const I = a * e - b * b;
  return [A, B, C, B, E, F, C, F, I].map((x) => x / det);
}

/**
 * Correlation of the residuals of two series after each is fitted by a plane in (x, y):
 * the same score as the grid's, for samples that do not fill a rectangle.
 */
export function planeCorrelation(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): number {
  const rt = planeResiduals(t, xs, ys);
  const rv = planeResiduals(v, xs, ys);
  if (!rt || !rv) return 0;
  let tv = 0;
  let tt = 0;
  let vv = 0;
  for (let i = 0; i < rt.length; i++) {
    tv += rt[i]! * rv[i]!;
    tt += rt[i]! * rt[i]!;
    vv += rv[i]! * rv[i]!;
  }
  return tt > 1e-12 && vv > 1e-6 ? tv / Math.sqrt(tt * vv) : 0;
}

/** The residuals of a least-squares plane a + b x + c y through the values, or null. */
export function planeResiduals(
  values: ArrayLike<number>,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
): Float64Array | null {
  const n = values.length;
  const fit = fitPlane(xs, ys, values, n);
  if (!fit?.tilted) return null;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      values[i]! - fit.mean - fit.slopeX * (xs[i]! - fit.meanX) - fit.slopeY * (ys[i]! - fit.meanY);
  }
  return out;
}
