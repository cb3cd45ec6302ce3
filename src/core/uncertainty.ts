// Standard uncertainties of the strains from the standard uncertainties of the
// marked points (docs/science.md, "Uncertainty").
import type { ImageMarks } from './sequence';

/**
 * Standard uncertainty (px, per axis) given to a point placed by hand, without
 * a located dot behind it: half a pixel, the rounding of a careful click.
 */
export const HAND_PLACED_UNCERTAINTY_PX = 0.5;

/** 1-sigma uncertainty of each small-strain component between two photos of an unchanged specimen. */
export interface StrainResolution {
  xx: number;
  yy: number;
  xy: number;
  /** The largest of the three. */
  max: number;
}

/**
 * The smallest strain the set-up can tell from zero: the standard uncertainty
 * of the small-strain components when the same specimen is photographed twice
 * with the reference's marker spacing and point uncertainties. Null when the
 * marks carry no uncertainties or are incomplete.
 */
export function strainResolution(
  reference: ImageMarks,
  scaleLength: number,
): StrainResolution | null {
  // Filled in with the propagation; until then the set-up reports nothing.
  void reference;
  void scaleLength;
  return null;
}
