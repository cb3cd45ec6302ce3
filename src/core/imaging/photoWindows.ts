// Windows of the new photo around a point, for the point's refinement level by level.
import { cutLevel, halveLevel, levelAround } from './levels';
import type { GreyLevel } from './levels';
import { SKEW } from './patchSampling';
import type { PointPatch } from './patchTrack';
import type { RgbaImage } from './raster';
import { warpZoom } from './warp';
import type { Alignment } from './warp';

/**
 * Windows of the new photo around a point, one per level, for the point's refinement. The
 * full-resolution window is cut once, large enough for the levels up to four-pixel blocks,
 * and halved for those (a window cut per level reads the same pixels three times); larger
 * blocks, and anything reaching outside, are cut on their own.
 */
/** Per point, levels up to this block size come from one full-resolution window. */
export const HALVED_UP_TO = 4;

export class PhotoWindows {
  #image: RgbaImage;
  #fine: GreyLevel[] = [];

  /** `slack`: how far beyond the patch's reach around `start` the levels are read, px. */
  constructor(image: RgbaImage, patch: PointPatch, start: Alignment, slack: number) {
    this.#image = image;
    const last = patch.levels.length - 1;
    const zoom = warpZoom(start.warp) * 1.1;
    const [hx, hy] = patch.halves[Math.max(0, last - 2)]!;
    let level = levelAround(
      image,
      1,
      start.centre,
      (hx + SKEW * hy) * zoom + slack,
      (hy + SKEW * hx) * zoom + slack,
    );
    for (let f = 1; f <= HALVED_UP_TO; f *= 2) {
      this.#fine.push(level);
      level = halveLevel(level);
    }
  }

  /** The level of block size f covering [x0, x1) x [y0, y1) of the photo. */
  over(f: number, x0: number, y0: number, x1: number, y1: number): GreyLevel {
    const kept = this.#fine.find((l) => l.factor === f);
    // What lies outside the photo cannot be read anyway: only the rest must be covered.
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(Math.floor(this.#image.width / f) * f, x1);
    y1 = Math.min(Math.floor(this.#image.height / f) * f, y1);
    if (
      kept &&
      x0 >= kept.x0 * f &&
      y0 >= kept.y0 * f &&
      x1 <= (kept.x0 + kept.width) * f &&
      y1 <= (kept.y0 + kept.height) * f
    )
      return kept;
    return cutLevel(this.#image, f, x0, y0, x1, y1);
  }
}
