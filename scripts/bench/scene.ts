// The bench's synthetic press sequence: where the five dots and the ruler are in each 12 MP
// photo, computed here in Node so that the page that paints the photos, the project file that
// carries their marks and the accuracy checks all share one truth.
import type { Mat2, Vec2 } from '../../src/core/index';
import { markerPattern } from '../../tests/support/markers';

export const PHOTO_WIDTH = 4000;
export const PHOTO_HEIGHT = 3000;
/** Dot diameter before deformation, px: about what a 5 mm dot is in a phone photo. */
export const DOT_DIAMETER = 50;
/** Half the side of the square the four corner dots sit on, before deformation, px. */
export const PATTERN_HALF = 600;

/** A vertical ruler: an edge at `edgeX`, one tick every `spacing` px from `y0`, `ticks` + 1 of them. */
export const RULER = { edgeX: 3300, y0: 300, spacing: 30, ticks: 80 } as const;
/** The ruler marks a user would click as S1 and S2 (first and last tick), and their distance. */
export const SCALE_POINTS: [Vec2, Vec2] = [
  [RULER.edgeX + 40, RULER.y0],
  [RULER.edgeX + 40, RULER.y0 + RULER.spacing * RULER.ticks],
];
export const SCALE_LENGTH_MM = 80;

export interface Step {
  /** File name; its "NNmm" is what the app offers as the press travel. */
  name: string;
  travel: number;
  /** Homogeneous deformation of the specimen at this step (row-major). */
  F: Mat2;
  centre: Vec2;
  /** True dot centres, px, in fiducial order. */
  fiducials: Vec2[];
}

/**
 * `count` photos of a specimen pressed 1 mm further each time: it widens, shortens and shears a
 * little, and drifts as a hand-held camera would. Tracking from one photo to the next then has
 * real but small motion to follow.
 */
export function pressSequence(count: number): Step[] {
  return Array.from({ length: count }, (_, k): Step => {
    const travel = k;
    const F: Mat2 = [
      [1 + 0.004 * travel, 0.001 * travel],
      [0, 1 - 0.005 * travel],
    ];
    const centre: Vec2 = [1800.3 + 2.1 * k, 1500.6 - 1.3 * k];
    const fiducials = markerPattern(centre, PATTERN_HALF, F);
    return { name: `step-${String(k).padStart(2, '0')}mm.jpg`, travel, F, centre, fiducials };
  });
}
