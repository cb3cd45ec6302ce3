// How far a circle's centre, fitted to one short arc of a dot's outline, can be from the
// true centre if the dot is not round. On such an arc a slightly flattened dot fits a
// circle about as well as an ellipse, so the fit's own scatter says nothing of this: the
// doubt comes from the shape, and the arc's span and the residual noise bound it.
import { algebraicCircle } from './conic';

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
 * Fit a circle (Kasa's algebraic fit, conic.ts) to points at the given polar angles on an
 * ellipse of mean radius `radius`, flattened by `flattening` along `axis`, centred at the
 * origin: how far the circle's centre lands from the origin, and the RMS of the points'
 * distances from that circle.
 */
function flattenedArcFit(
  angles: readonly number[],
  radius: number,
  axis: number,
  flattening: number,
): { shift: number; misfit: number } | null {
  const a = radius / Math.sqrt(1 - flattening);
  const b = radius * Math.sqrt(1 - flattening);
  const count = angles.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const weight = new Float64Array(count).fill(1);
  angles.forEach((t, k) => {
    const c = Math.cos(t - axis);
    const s = Math.sin(t - axis);
    const r = 1 / Math.sqrt((c * c) / (a * a) + (s * s) / (b * b));
    x[k] = r * Math.cos(t);
    y[k] = r * Math.sin(t);
  });
  const circle = algebraicCircle({ x, y, weight, count }, weight);
  if (!circle) return null;
  let sq = 0;
  for (let k = 0; k < count; k++)
    sq += (Math.hypot(x[k]! - circle.cx, y[k]! - circle.cy) - circle.r) ** 2;
  return { shift: Math.hypot(circle.cx, circle.cy), misfit: Math.sqrt(sq / count) };
}
