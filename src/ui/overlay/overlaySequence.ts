// The whole sequence's overlays as one zip of PNGs, one per analysed photo in sequence
// order. The pictures of the photos come from the worker, one photo at a time (the same
// ones the printed report uses), so a long sequence of 12 MP photos never holds more than
// one decoded photo on the page.
import { zipSync } from 'fflate';
import type { ImageOverlay } from '../../core/index';
import type { Size } from '../../state/viewport';
import { frameFileName, loadPicture, overlayPng } from './overlayPicture';

/** Where the pictures of the photos come from: the worker's report pictures, one photo a call. */
export interface FramePictures {
  reportPictures(
    ids: string[],
    onProgress?: (done: number, total: number) => void,
    /** The pictures' longest edge, px (the report's size without it). */
    edge?: number,
  ): Promise<{ urls: Record<string, string> }>;
}

export interface OverlayFrame {
  id: string;
  name: string;
  image: Size;
  overlay: ImageOverlay;
  /** The picture's caption: its name and press travel. */
  title: string;
}

/** Makes every frame's PNG and zips them (stored: PNGs do not compress further). */
export async function overlaySequenceZip(
  doc: Document,
  pictures: FramePictures,
  frames: readonly OverlayFrame[],
  onProgress?: (done: number, total: number) => void,
): Promise<Blob> {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [i, frame] of frames.entries()) {
    const { urls } = await pictures.reportPictures([frame.id]);
    const url = urls[frame.id];
    if (!url) throw new Error(`The photo ${frame.name} could not be read again.`);
    try {
      const picture = await loadPicture(doc, url);
      const png = await overlayPng(doc, picture, frame.image, frame.overlay, frame.title);
      entries[frameFileName(i, frames.length, frame.name)] = [
        new Uint8Array(await png.arrayBuffer()),
        { level: 0 },
      ];
    } finally {
      URL.revokeObjectURL(url);
    }
    onProgress?.(i + 1, frames.length);
  }
  return new Blob([zipSync(entries)], { type: 'application/zip' });
}
