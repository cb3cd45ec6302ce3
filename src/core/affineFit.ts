// The least-squares affine map between paired points: the marking checks fit the reference
// photo's markers onto this photo's (all of them or all but one), and tracking fits the
// previous photo's dots onto the ones it found, to tell the specimen's stretch from a mismatch.
import type { Vec2 } from './types';

/** The least-squares affine map p -> A p + t between paired points. */
export interface AffineFit {
  a: [number, number, number, number];
  t: Vec2;
  /** RMS of the misfit vectors, in the units of the target points. */
  rms: number;
}

/**
 * The least-squares affine map from -> to, or null with fewer than three points or when the
 * points lie on one line: the determinant of their spread must exceed `collinear` times its
 * squared trace (the marking checks' cut-off by default; tracking asks for a wider margin).
 */
export function fitAffine(
  from: readonly Vec2[],
  to: readonly Vec2[],
  collinear = 1e-12,
): AffineFit | null {
  const n = from.length;
  if (n < 3) return null;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += (from[i] as Vec2)[0];
    fy += (from[i] as Vec2)[1];
    tx += (to[i] as Vec2)[0];
    ty += (to[i] as Vec2)[1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  // Normal equations about the centroids: A G = B with G = sum r r^T, B = sum c r^T.
  let gxx = 0;
  let gxy = 0;
  let gyy = 0;
  let b00 = 0;
  let b01 = 0;
  let b10 = 0;
  let b11 = 0;
  for (let i = 0; i < n; i++) {
    const rx = (from[i] as Vec2)[0] - fx;
    const ry = (from[i] as Vec2)[1] - fy;
    const cx = (to[i] as Vec2)[0] - tx;
    const cy = (to[i] as Vec2)[1] - ty;
    gxx += rx * rx;
    gxy += rx * ry;
    gyy += ry * ry;
    b00 += cx * rx;
    b01 += cx * ry;
    b10 += cy * rx;
    b11 += cy * ry;
  }
  const g = gxx * gyy - gxy * gxy;
  // Collinear (or coincident) points leave the map undecided.
  if (!(g > collinear * (gxx + gyy) ** 2)) return null;
  const a: AffineFit['a'] = [
    (b00 * gyy - b01 * gxy) / g,
    (b01 * gxx - b00 * gxy) / g,
    (b10 * gyy - b11 * gxy) / g,
    (b11 * gxx - b10 * gxy) / g,
  ];
  const t: Vec2 = [tx - a[0] * fx - a[1] * fy, ty - a[2] * fx - a[3] * fy];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [px, py] = applyAffine({ a, t }, from[i] as Vec2);
    sum += ((to[i] as Vec2)[0] - px) ** 2 + ((to[i] as Vec2)[1] - py) ** 2;
  }
  return { a, t, rms: Math.sqrt(sum / n) };
}

export function applyAffine(fit: Pick<AffineFit, 'a' | 't'>, p: Vec2): Vec2 {
  const { a, t } = fit;
  return [a[0] * p[0] + a[1] * p[1] + t[0], a[2] * p[0] + a[3] * p[1] + t[1]];
}

/** The turn (degrees in [0, 360), from +x towards +y) of the rotation in A's polar decomposition. */
export function turnOf(a: AffineFit['a']): number {
  const degrees = (Math.atan2(a[2] - a[1], a[0] + a[3]) * 180) / Math.PI;
  return (degrees + 360) % 360;
}
