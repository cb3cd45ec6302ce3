// A decoded video frame as pictures: the whole frame upright as a lossless PNG (what the
// project keeps and marks), and a small JPEG for the scrubber's preview. Both are drawn by
// mediabunny, which applies the rotation the file asks for.
import type { VideoSample } from 'mediabunny';

function canvasOf(width: number, height: number): OffscreenCanvasRenderingContext2D {
  const context = new OffscreenCanvas(width, height).getContext('2d');
  if (!context) throw new Error('no 2D canvas in the worker');
  return context;
}

/**
 * The frame upright at its full size as PNG: lossless, so a dot's centre located on it is
 * where the decoded frame has it (the decoded pixels are 8-bit RGB after the decoder's
 * colour conversion, as any player shows them); and the same drawing as a bitmap, which the
 * caller owns, so the PNG need not be decoded again for its size and thumbnail.
 */
export async function losslessFrame(
  frame: VideoSample,
): Promise<{ png: Blob; picture: ImageBitmap }> {
  const context = canvasOf(frame.displayWidth, frame.displayHeight);
  frame.draw(context, 0, 0);
  const png = await context.canvas.convertToBlob({ type: 'image/png' });
  return { png, picture: context.canvas.transferToImageBitmap() };
}

/** The frame upright, shrunk to `edge` pixels on its long side (never enlarged), as JPEG. */
export async function previewOfFrame(frame: VideoSample, edge: number): Promise<Blob> {
  const scale = Math.min(1, edge / Math.max(frame.displayWidth, frame.displayHeight));
  const width = Math.max(1, Math.round(frame.displayWidth * scale));
  const height = Math.max(1, Math.round(frame.displayHeight * scale));
  const context = canvasOf(width, height);
  context.imageSmoothingQuality = 'high';
  frame.draw(context, 0, 0, width, height);
  return context.canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

/**
 * The frame upright at its full size as RGBA pixels, drawn as its lossless PNG is (so a dot
 * found on one is where the other has it), for tracking the dots through it.
 */
export function framePixels(frame: VideoSample): {
  width: number;
  height: number;
  data: Uint8ClampedArray;
} {
  const context = new OffscreenCanvas(frame.displayWidth, frame.displayHeight).getContext('2d', {
    willReadFrequently: true,
  });
  if (!context) throw new Error('no 2D canvas in the worker');
  frame.draw(context, 0, 0);
  return context.getImageData(0, 0, frame.displayWidth, frame.displayHeight);
}
