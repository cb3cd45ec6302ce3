// What following a patch from photo to photo works with: the grey windows kept of the
// previous photo around a point, and where the patch was found in the new one.
import type { Vec2 } from '../../types';
import type { GreyLevel } from '../raster/levels';
import type { Alignment } from '../raster/warp';

/** Half the width and height of a matched rectangle, previous-photo pixels. */
export type HalfSize = readonly [number, number];

/** What a tracking keeps of the previous photo: grey windows around one point. */
export interface PointPatch {
  /** The point in the previous photo, image pixels. */
  point: Vec2;
  /** Windows around the point, coarsest first, the last at full resolution. */
  levels: GreyLevel[];
  /** The matched rectangle on each level: larger on the coarse levels, where a ruler's
   * numbers and ends tell one centimetre from the next. */
  halves: HalfSize[];
}

/** Where the patch was found: its centre in the new photo and how it was warped. */
export interface PatchMatch extends Alignment {
  /** ZNCC of the patch at the match, -1 to 1 (1: identical up to brightness and contrast). */
  score: number;
  /** The best other alignment's score over the match's, 0-1: near 1, another place (the
   * neighbouring tick of a ruler) looks as alike, and the match is a guess. */
  ambiguity: number;
  /** The match lies on the border of a search window: the point may be further out. */
  atEdge: boolean;
  /** The sub-pixel position comes from the Gauss-Newton fit (else from the score parabola). */
  refined: boolean;
}
