// Reading an overlay's grid the way the tests check it: its four corners, in the order of the
// corner markers they stand for (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left), and
// how far each lies from where F carries the reference photo's corner marker.
import { mapReferencePoint } from '../../src/core';
import type { ImageMarks, Mat2, Vec2 } from '../../src/core';
import { squareMarkers } from '../unit/core/helpers';

export function gridCorners(grid: readonly (readonly Vec2[])[]): Vec2[] {
  const last = grid.length - 1;
  const corner = (row: number, column: number) => grid[row]?.[column] as Vec2;
  return [corner(0, 0), corner(0, last), corner(last, last), corner(last, 0)];
}

/** Distance (px) of each grid corner from F applied to its reference corner marker. */
export function cornerMisplacements(
  grid: readonly (readonly Vec2[])[],
  marks: { reference: ImageMarks; current: ImageMarks; scaleLength: number; F: Mat2 },
): number[] {
  const { reference, current, scaleLength, F } = marks;
  return gridCorners(grid).map((corner, k) => {
    const [x, y] = mapReferencePoint(
      reference,
      current,
      scaleLength,
      F,
      reference.fiducials[k] as Vec2,
    );
    return Math.hypot(corner[0] - x, corner[1] - y);
  });
}

/** A 12 MP photo (4000 × 3000) with a marker square 2000 px across: centre to corner 1414 px. */
export const CAREFUL_PHOTO = {
  width: 4000,
  height: 3000,
  half: 1000,
  centre: [2000, 1500] as Vec2,
};
/** The scale points of every careful photo: 1000 px apart, 100 mm on the ruler. */
export const CAREFUL_SCALE: { points: [Vec2, Vec2]; lengthMm: number } = {
  points: [
    [500, 2800],
    [1500, 2800],
  ],
  lengthMm: 100,
};

/**
 * The five markers of step `step` of a specimen deforming homogeneously (widening 3 % and
 * shortening 5 % a step) on a 12 MP photo, clicked with a careful hand (within ±0.4 px).
 */
export function carefulFiducials(step: number): Vec2[] {
  const { half, centre } = CAREFUL_PHOTO;
  return squareMarkers(0, 0, half).map(([x, y], k): Vec2 => {
    const seed = 5 * step + k;
    return [
      centre[0] + x * (1 + 0.03 * step) + 0.4 * Math.sin(1.7 * seed),
      centre[1] + y * (1 - 0.05 * step) + 0.4 * Math.cos(2.3 * seed),
    ];
  });
}
