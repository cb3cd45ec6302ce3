// The five-dot marker pattern the tests draw, mark and analyse, built in one place: the
// README's marker order (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left, 4 centre),
// with image axes (x to the right, y downwards).
import type { Mat2, Vec2 } from '../../src/core';

const IDENTITY: Mat2 = [
  [1, 0],
  [0, 1],
];

/** The five fiducials on a square of half-side `half` about the origin, in marker order. */
export function markerSquare(half = 1): Vec2[] {
  return [
    [-half, -half],
    [half, -half],
    [half, half],
    [-half, half],
    [0, 0],
  ];
}

/**
 * Where the five dots of a specimen deformed homogeneously by F lie: the unit square's
 * fiducials mapped by F, scaled by `half` and placed about `centre`.
 */
export function markerPattern(centre: Vec2, half: number, F: Mat2 = IDENTITY): Vec2[] {
  return markerSquare().map(([u, v]): Vec2 => [
    centre[0] + half * (F[0][0] * u + F[0][1] * v),
    centre[1] + half * (F[1][0] * u + F[1][1] * v),
  ]);
}
