// Windows of the new photo around a point, for the point's refinement level by level.
import { cutLevel, halveLevel } from '../raster/levels';
import type { GreyLevel } from '../raster/levels';
import { SKEW } from './sampling';
import type { PointPatch } from './types';
import type { RgbaImage } from '../raster/image';
import { warpZoom } from '../raster/warp';
import type { Alignment } from '../raster/warp';

/**
 * Windows of the new photo around a point, one per level, for the point's refinement. The
 * full-resolution window is cut once, large enough for the levels up to four-pixel blocks,
 * and halved for those (a window cut per level reads the same pixels three times); larger
 * blocks, and anything reaching outside, are cut on their own.
 */
/** Per point, levels up to this block size come from one full-resolution cut of the photo. */
export const HALVED_UP_TO = 4;

/**
 * Buffers of windows released, for the next windows to use again: refinement runs point
 * after point, each reading windows of megabytes, and a reused buffer skips the fresh
 * pages' cost. Kept per level (full resolution, then each halving), largest kept.
 */
const spare: (Float32Array | undefined)[] = [];

export class PhotoWindows {
  #image: RgbaImage;
  #fine: GreyLevel[] = [];
  /** The buffers this holds, one per kept level, handed back by release(). */
  #buffers: Float32Array[] = [];

  /** `slack`: how far beyond the patch's reach around `start` the levels are read, px. */
  constructor(image: RgbaImage, patch: PointPatch, start: Alignment, slack: number) {
    this.#image = image;
    const last = patch.levels.length - 1;
    const zoom = warpZoom(start.warp) * 1.1;
    const [hx, hy] = patch.halves[Math.max(0, last - 2)]!;
    const rx = (hx + SKEW * hy) * zoom + slack;
    const ry = (hy + SKEW * hx) * zoom + slack;
    const [cx, cy] = start.centre;
    let level = cutLevel(image, 1, cx - rx, cy - ry, cx + rx, cy + ry, this.#take(0));
    for (let f = 1; ; f *= 2) {
      this.#fine.push(level);
      this.#buffers.push(level.data);
      if (f * 2 > HALVED_UP_TO) break;
      level = halveLevel(level, this.#take(this.#fine.length));
    }
  }

  /** The spare buffer for kept level k, if any (taken: no other windows share it). */
  #take(k: number): Float32Array | undefined {
    const buffer = spare[k];
    spare[k] = undefined;
    return buffer;
  }

  /**
   * Hands the buffers back for later windows: call once the levels are no longer read
   * (whatever over() returned from them is then overwritten by the next windows).
   */
  release(): void {
    this.#buffers.forEach((data, k) => {
      // The whole buffer (a level may be a view of its start), the larger of two kept.
      const whole = new Float32Array(data.buffer);
      if (whole.length > (spare[k]?.length ?? 0)) spare[k] = whole;
    });
    this.#buffers = [];
    this.#fine = [];
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
