// Principal values and direction of a 2D strain tensor (docs/science.md, "Derived quantities").
import { InvalidInputError } from './errors';
import { isFiniteMat, symmetricEigen } from './mat2';
import type { Mat2 } from './types';

export interface PrincipalStrains {
  /** Larger principal strain. */
  e1: number;
  /** Smaller principal strain. */
  e2: number;
  /** Direction of e1 in degrees from +x towards +y (clockwise on screen), in (-90, 90]. */
  angle: number;
  /** Maximum in-plane shear strain (e1 - e2) / 2, in the tensor's own convention. */
  maxShear: number;
}

export function principalStrains(E: Mat2): PrincipalStrains {
  if (!isFiniteMat(E)) {
    throw new InvalidInputError('The strain tensor has a value that is not a finite number.');
  }
  const { l1, l2, theta } = symmetricEigen(E);
  return { e1: l1, e2: l2, angle: (theta * 180) / Math.PI, maxShear: (l1 - l2) / 2 };
}
