// Smaller copies of the open photo, for drawing it zoomed out. The worker makes them with
// the full-size photo (see worker/photos.ts); they are filed here against that photo, so
// everything that passes the photo around (ownership checks, magnifier, assistance) keeps
// handling one object and only the drawing asks for a preview.
import type { Photo } from './draw';

const previews = new WeakMap<object, readonly Photo[]>();

/** Files `levels` (each half the size of the one before) as the previews of `photo`. */
export function attachPreviews(photo: object, levels: readonly Photo[]): void {
  previews.set(photo, levels);
}

/** The previews filed for `photo`, largest first (none when it has no previews). */
export function previewsOf(photo: object): readonly Photo[] {
  return previews.get(photo) ?? [];
}

/**
 * What to draw `photo` from when each of its full-size pixels covers `devicePixelsPerPixel`
 * device pixels: the smallest preview that still has at least one pixel per device pixel,
 * so bilinear filtering never skips source pixels and nothing looks aliased or soft.
 */
export function drawingSource(photo: Photo, devicePixelsPerPixel: number): Photo {
  let source = photo;
  for (const level of previewsOf(photo)) {
    if (level.width < photo.width * devicePixelsPerPixel) break;
    source = level;
  }
  return source;
}
