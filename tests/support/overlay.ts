// Reading an overlay's grid the way the tests check it: its four corners, in the order of the
// corner markers they stand for (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left), and
// how far each lies from where F carries the reference photo's corner marker.
import { mapReferencePoint } from '../../src/core';
import type { ImageMarks, Mat2, Vec2 } from '../../src/core';

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
