// Argument checks shared by the core's entry points, so every function fails
// with the same clear message on the same bad input.
import { InvalidInputError } from './errors';
import type { Vec2 } from './types';

export function isFiniteVec(p: Vec2 | undefined): p is Vec2 {
  return p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

export function assertFinitePoints(points: readonly Vec2[], what: string): void {
  points.forEach((p, i) => {
    if (!isFiniteVec(p)) {
      throw new InvalidInputError(
        `${what} ${i} has a coordinate that is not a finite number; place it again.`,
      );
    }
  });
}
