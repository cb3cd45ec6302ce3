// The reference for marker detection and tracking in the worker: the same core code run in
// Node on the same photo's pixels. The photo is decoded in the bench's Chromium page, as the
// worker decodes it (createImageBitmap, then a canvas's getImageData), and its bytes are
// carried to Node. A synthetic render is a different, easier picture (fewer, cleaner edges),
// so only the same pixels tell the worker's own cost apart from the photo's.
import type { Page } from 'playwright-core';
import { findCandidates, findFiducials, trackFiducials } from '../../src/core/index';
import type { RgbaImage, Vec2 } from '../../src/core/index';

/** Base64 pieces of at most this many bytes cross from the page (a 12 MP photo is 48 MB). */
const PIECE = 6 * 1024 * 1024;

declare global {
  interface Window {
    benchPixels?: Uint8ClampedArray;
  }
}

/** The photo at `path` decoded in `page` to RGBA with its orientation applied, in Node. */
export async function decodedInPage(page: Page, path: string): Promise<RgbaImage> {
  await page.evaluate(() => {
    if (document.getElementById('bench-node-photo')) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-node-photo';
    document.body.append(input);
  });
  await page.locator('#bench-node-photo').setInputFiles(path);
  const [width, height] = await page.evaluate(async () => {
    const input = document.getElementById('bench-node-photo') as HTMLInputElement;
    const bitmap = await createImageBitmap(input.files![0]!, { imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(bitmap, 0, 0);
    window.benchPixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    bitmap.close();
    return [canvas.width, canvas.height];
  });
  const data = new Uint8ClampedArray(width * height * 4);
  for (let offset = 0; offset < data.length; offset += PIECE) {
    const piece = await page.evaluate(
      ([from, size]) => {
        const bytes = window.benchPixels!.subarray(from, from + size);
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      },
      [offset, PIECE] as const,
    );
    data.set(Buffer.from(piece, 'base64'), offset);
  }
  await page.evaluate(() => delete window.benchPixels);
  return { width, height, data };
}

/**
 * Milliseconds per run of what the worker times for one photo: the dot search once, tracking
 * `previous` onto the photo, then detection. Each run gets a fresh image object, so no run
 * reuses the located dots of the one before. The first runs warm the code up, untimed.
 */
export function coreOnPhoto(image: RgbaImage, previous: Vec2[], runs: number): number[] {
  const once = () => {
    const fresh: RgbaImage = { width: image.width, height: image.height, data: image.data };
    const started = performance.now();
    const search = findCandidates(fresh);
    trackFiducials(fresh, previous, { search });
    const detected = findFiducials(fresh, { search });
    if (!detected.ok)
      throw new Error(`the core found no markers on the bench photo: ${detected.message}`);
    return performance.now() - started;
  };
  for (let k = 0; k < 2; k++) once();
  return Array.from({ length: runs }, once);
}
