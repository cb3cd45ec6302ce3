// Quantities of F beyond the strain tensor: area change, rigid rotation, and
// the volume-constancy thickness and equivalent strains (docs/science.md, "Derived quantities").
import { det, symmetricEigen } from './mat2';
import { assertAdmissible, rightCauchyGreen } from './strain';
import type { Mat2 } from './types';

/** Relative change of area, det F - 1. */
export function areaChange(F: Mat2): number {
  return det(F) - 1;
}

/**
 * Angle (degrees, from +x towards +y) of the rotation R in the polar
 * decomposition F = R U. For 2x2 with det F > 0, R's angle is
 * atan2(F10 - F01, F00 + F11).
 */
export function rotationAngle(F: Mat2): number {
  assertAdmissible(F);
  return (Math.atan2(F[1][0] - F[0][1], F[0][0] + F[1][1]) * 180) / Math.PI;
}

export interface VolumeConstancyStrains {
  /** Hencky principal strains h1 >= h2 (in-plane). */
  h1: number;
  h2: number;
  /** Through-thickness Hencky strain h3 = -(h1 + h2), assuming constant volume. */
  thickness: number;
  /** von Mises equivalent strain sqrt(2/3 (h1^2 + h2^2 + h3^2)). */
  equivalent: number;
}

/**
 * Thickness and equivalent strain from the Hencky principal strains, assuming
 * the material keeps its volume (as in sheet-metal forming). Tools that take
 * h3 = 0 instead report smaller equivalent strains.
 */
export function volumeConstancyStrains(F: Mat2): VolumeConstancyStrains {
  assertAdmissible(F);
  // Hencky principal strains are half the logs of C's eigenvalues.
  const { l1, l2 } = symmetricEigen(rightCauchyGreen(F));
  const h1 = Math.log(l1) / 2;
  const h2 = Math.log(l2) / 2;
  // -(h1 + h2) = -ln det F; the log of the determinant avoids cancellation.
  const thickness = -Math.log(det(F));
  const equivalent = Math.sqrt((2 / 3) * (h1 * h1 + h2 * h2 + thickness * thickness));
  return { h1, h2, thickness, equivalent };
}
