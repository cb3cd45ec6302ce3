import { describe, expect, it } from 'vitest';
import type { Bitmap, Photo } from '../../../src/state/openPhoto.svelte';
import { drawingSource } from '../../../src/ui/annotate/photoPreviews';

/** A stand-in for an ImageBitmap: drawing picks sources by size only. */
const photo = (width: number, height: number) => ({ width, height }) as unknown as Bitmap;
/** The photo object the view is handed: a full-size bitmap and its previews. */
const opened = (full: Bitmap, previews: Bitmap[] = []): Photo => ({
  imageId: 'photo-1',
  full,
  previews,
});

describe('drawing a zoomed-out photo from its previews', () => {
  const full = photo(4000, 3000);
  const half = photo(2000, 1500);
  const quarter = photo(1000, 750);
  const withPreviews = opened(full, [half, quarter]);

  it('draws at or above one source pixel per device pixel', () => {
    expect(drawingSource(withPreviews, 1)).toBe(full);
    expect(drawingSource(withPreviews, 0.6)).toBe(full);
    expect(drawingSource(withPreviews, 0.5)).toBe(half);
    expect(drawingSource(withPreviews, 0.3)).toBe(half);
    expect(drawingSource(withPreviews, 0.25)).toBe(quarter);
    expect(drawingSource(withPreviews, 0.05)).toBe(quarter);
  });

  it('keeps full size when zoomed in, and for photos without previews', () => {
    expect(drawingSource(withPreviews, 3)).toBe(full);
    const plain = photo(800, 600);
    expect(opened(plain).previews).toEqual([]);
    expect(drawingSource(opened(plain), 0.1)).toBe(plain);
  });

  it('counts device pixels, so a high-density screen keeps the sharper source', () => {
    // Fit-to-view at zoom 0.3 on a 2x screen is 0.6 device pixels per photo pixel.
    expect(drawingSource(withPreviews, 0.3 * 2)).toBe(full);
  });
});
