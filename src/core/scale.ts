// Pixels to millimetres: each image carries its own two scale points, because
// the camera may move between shots.
import { InvalidScaleError } from './errors';
import type { Vec2 } from './types';
import { assertFinitePoints } from './validate';

/** Checks the project's scale length (mm); throws InvalidScaleError when unusable. */
export function assertScaleLength(scaleLength: number): void {
  if (!Number.isFinite(scaleLength) || scaleLength <= 0) {
    throw new InvalidScaleError(
      `The scale length must be a positive number of millimetres (got ${String(scaleLength)}); enter the real distance between the two scale points.`,
    );
  }
}

/** Millimetres per pixel implied by two scale points and the scale length. */
export function millimetresPerPixel(scale: readonly [Vec2, Vec2], scaleLength: number): number {
  assertScaleLength(scaleLength);
  assertFinitePoints(scale, 'Scale point');
  const pixels = Math.hypot(scale[1][0] - scale[0][0], scale[1][1] - scale[0][1]);
  if (!(pixels > 0)) {
    throw new InvalidScaleError(
      'The two scale points are on top of each other, so the image has no scale; move one of them to the other ruler mark.',
    );
  }
  return scaleLength / pixels;
}

/**
 * p_mm = (p - s0) * L / |s1 - s0| for every point: pixel coordinates to
 * millimetres, with the first scale point as origin. Axes keep their image
 * orientation (x right, y down); no rotation is applied.
 */
export function normalizeByScale(
  fiducials: readonly Vec2[],
  scale: readonly [Vec2, Vec2],
  scaleLength: number,
): Vec2[] {
  const factor = millimetresPerPixel(scale, scaleLength);
  assertFinitePoints(fiducials, 'Fiducial');
  const [ox, oy] = scale[0];
  return fiducials.map((p): Vec2 => [(p[0] - ox) * factor, (p[1] - oy) * factor]);
}
