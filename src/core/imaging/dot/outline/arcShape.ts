// How far a circle's centre, fitted to one short arc of a dot's outline, can be from the
// true centre if the dot is not round. On such an arc a slightly flattened dot fits a
// circle about as well as an ellipse, so the fit's own scatter says nothing of this: the
// doubt comes from the shape, and the arc's span and the residual noise bound it.

/** The most flattening (1 - minor/major) a marker dot is taken to have. */
const MAX_FLATTENING = 0.35;

/** How many residual standard errors a flattening must raise the circle's misfit by
 * before the outline would have shown it. */
const DETECTABLE = 2;

/** Trial directions of the long axis, spread over half a turn. */
const DIRECTIONS = 12;

/** The flattening used to probe the arc; small enough for the effects to scale linearly. */
const PROBE = 0.05;

/**
 * The largest centre shift, px, that a flattening the outline could not have shown would
 * cause in a circle fitted to points at these polar angles (radians, about the circle's
 * centre) on a dot of radius `radius`. For each trial direction of the long axis, the
 * flattening allowed is the one whose departure from the best circle stays within
 * DETECTABLE standard errors of the fit's scatter (`rms` px per point, `independent`
 * independent points), capped at MAX_FLATTENING; the centre shift scales with it.
 */
export function arcShapeShift(
  angles: readonly number[],
  radius: number,
  rms: number,
  independent: number,
): number {
  if (angles.length < 3 || !(radius > 0)) return 0;
  const standardError = Math.max(rms, 1e-3) / Math.sqrt(Math.max(1, independent));
  let worst = 0;
  for (let k = 0; k < DIRECTIONS; k++) {
    const axis = (k * Math.PI) / DIRECTIONS;
    const probe = flattenedArcFit(angles, radius, axis, PROBE);
    if (!probe) continue;
    const perFlattening = probe.misfit / PROBE;
    const allowed = Math.min(
      MAX_FLATTENING,
      perFlattening > 0 ? (DETECTABLE * standardError) / perFlattening : MAX_FLATTENING,
    );
    worst = Math.max(worst, (probe.shift / PROBE) * allowed);
  }
  return worst;
}

/**
 * Fit a circle (least squares on x² + y² + Dx + Ey + F = 0) to points at the given polar
 * angles on an ellipse of mean radius `radius`, flattened by `flattening` along `axis`,
 * centred at the origin: how far the circle's centre lands from the origin, and the RMS
 * of the points' distances from that circle.
 */
function flattenedArcFit(
  angles: readonly number[],
  radius: number,
  axis: number,
  flattening: number,
): { shift: number; misfit: number } | null {
  const a = radius / Math.sqrt(1 - flattening);
  const b = radius * Math.sqrt(1 - flattening);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const t of angles) {
    const c = Math.cos(t - axis);
    const s = Math.sin(t - axis);
    const r = 1 / Math.sqrt((c * c) / (a * a) + (s * s) / (b * b));
    xs.push(r * Math.cos(t));
    ys.push(r * Math.sin(t));
  }
  // Normal equations of the 3-parameter linear fit.
  const m = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const v = [0, 0, 0];
  for (let i = 0; i < xs.length; i++) {
    const row = [xs[i]!, ys[i]!, 1];
    const rhs = -(xs[i]! ** 2 + ys[i]! ** 2);
    for (let p = 0; p < 3; p++) {
      v[p]! += row[p]! * rhs;
      for (let q = 0; q < 3; q++) m[3 * p + q]! += row[p]! * row[q]!;
    }
  }
  const solved = solve3(m, v);
  if (!solved) return null;
  const [d, e, f] = solved;
  const cx = -d / 2;
  const cy = -e / 2;
  const r2 = cx * cx + cy * cy - f;
  if (!(r2 > 0)) return null;
  const fitted = Math.sqrt(r2);
  let sq = 0;
  for (let i = 0; i < xs.length; i++) sq += (Math.hypot(xs[i]! - cx, ys[i]! - cy) - fitted) ** 2;
  return { shift: Math.hypot(cx, cy), misfit: Math.sqrt(sq / xs.length) };
}

/** Solve a 3×3 system (row-major) by Cramer's rule; null when it is singular. */
function solve3(m: number[], v: number[]): [number, number, number] | null {
  const det = (a: number[]) =>
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  const d = det(m);
  if (!(Math.abs(d) > 1e-12 * Math.max(1, Math.abs(m[0]! * m[4]! * m[8]!)))) return null;
  const out: number[] = [];
  for (let col = 0; col < 3; col++) {
    const c = m.slice();
    for (let row = 0; row < 3; row++) c[3 * row + col] = v[row]!;
    out.push(det(c) / d);
  }
  return [out[0]!, out[1]!, out[2]!];
}
