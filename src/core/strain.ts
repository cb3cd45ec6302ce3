// The four strain measures of a deformation gradient (docs/science.md, "Strain measures").
import { InvalidInputError, InvertedConfigurationError } from './errors';
import { det, inverse, isFiniteMat, mat2, multiply, symmetricFunction, transpose } from './mat2';
import type { Mat2, StrainMeasure } from './types';
import { isStrainMeasure } from './types';

/** Throws unless F is finite with det F > 0 (an orientation-preserving deformation). */
export function assertAdmissible(F: Mat2): void {
  if (!isFiniteMat(F)) {
    throw new InvalidInputError(
      'The deformation gradient has a value that is not a finite number.',
    );
  }
  if (!(det(F) > 0)) {
    throw new InvertedConfigurationError(
      'The markers are mirrored relative to the reference (det F <= 0); check that the fiducials follow the order 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left, 4 centre in both images.',
    );
  }
}

/** Right Cauchy-Green tensor C = F^T F. */
export function rightCauchyGreen(F: Mat2): Mat2 {
  return multiply(transpose(F), F);
}

/**
 * The strain tensor of F in the chosen measure, in image axes (x right, y down):
 * - small:            (F + F^T)/2 - I
 * - green_lagrangian: (F^T F - I)/2
 * - almansi:          (I - F^-T F^-1)/2
 * - hencky:           ln U = (1/2) ln(F^T F)
 */
export function strainTensor(F: Mat2, measure: StrainMeasure): Mat2 {
  if (!isStrainMeasure(measure)) {
    throw new InvalidInputError(
      `Unknown strain measure "${String(measure)}"; use small, green_lagrangian, almansi or hencky.`,
    );
  }
  assertAdmissible(F);
  switch (measure) {
    case 'small': {
      const shear = (F[0][1] + F[1][0]) / 2;
      return mat2(F[0][0] - 1, shear, shear, F[1][1] - 1);
    }
    case 'green_lagrangian': {
      const C = rightCauchyGreen(F);
      const shear = (C[0][1] + C[1][0]) / 4;
      return mat2((C[0][0] - 1) / 2, shear, shear, (C[1][1] - 1) / 2);
    }
    case 'almansi': {
      const Finv = inverse(F);
      const Binv = multiply(transpose(Finv), Finv);
      const shear = -(Binv[0][1] + Binv[1][0]) / 4;
      return mat2((1 - Binv[0][0]) / 2, shear, shear, (1 - Binv[1][1]) / 2);
    }
    case 'hencky':
      return symmetricFunction(rightCauchyGreen(F), (lambda) => Math.log(lambda) / 2);
  }
}
