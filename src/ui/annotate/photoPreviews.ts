// Which of a photo's bitmaps to draw from: the full-size one, or one of the smaller
// previews the worker makes with it (see worker/photos.ts) when the photo shows zoomed out.
import type { Bitmap, Photo } from '../../state/openPhoto.svelte';

/**
 * What to draw `photo` from when each of its full-size pixels covers `devicePixelsPerPixel`
 * device pixels: the smallest preview that still has at least one pixel per device pixel,
 * so bilinear filtering never skips source pixels and nothing looks aliased or soft.
 */
export function drawingSource(photo: Photo, devicePixelsPerPixel: number): Bitmap {
  let source = photo.full;
  for (const level of photo.previews) {
    if (level.width < photo.full.width * devicePixelsPerPixel) break;
    source = level;
  }
  return source;
}
