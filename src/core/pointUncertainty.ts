// The standard uncertainty every marked point carries into the analysis: the one a point
// placed by hand is given, and whether an image's uncertainties are there and usable.
import { InvalidInputError } from './errors';
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from './marks';
import type { ImageMarks } from './marks';

/**
 * Standard uncertainty (px, per axis) given to a point placed by hand, without
 * a located dot behind it: half a pixel, the rounding of a careful click.
 */
export const HAND_PLACED_UNCERTAINTY_PX = 0.5;

/** Whether a value is `count` standard uncertainties: finite, non-negative numbers. */
function isUncertaintyList(value: unknown, count: number): boolean {
  return (
    Array.isArray(value) &&
    value.length === count &&
    value.every((u) => typeof u === 'number' && Number.isFinite(u) && u >= 0)
  );
}

/** Whether an image carries point uncertainties (both the fiducials' and the scale points'). */
export function hasPointUncertainty(image: ImageMarks): boolean {
  return image.fiducialUncertainty !== undefined && image.scaleUncertainty !== undefined;
}

/** Throws InvalidInputError when an image's point uncertainties are given but unusable. */
export function assertPointUncertainty(image: ImageMarks): void {
  const { fiducialUncertainty: fiducial, scaleUncertainty: scale } = image;
  if (fiducial !== undefined && !isUncertaintyList(fiducial, FIDUCIAL_COUNT)) {
    throw new InvalidInputError(
      `${image.name}: the fiducial uncertainties must be five non-negative numbers of pixels.`,
    );
  }
  if (scale !== undefined && !isUncertaintyList(scale, SCALE_POINT_COUNT)) {
    throw new InvalidInputError(
      `${image.name}: the scale point uncertainties must be two non-negative numbers of pixels.`,
    );
  }
}
