// Decodes the first image of a TIFF file into upright RGBA pixels. Browsers cannot decode
// TIFF, yet lab and scientific cameras write it, so the worker decodes it here (loaded only
// when a TIFF arrives). Written from the TIFF 6.0 specification: strips and tiles, chunky
// and planar samples, no compression, PackBits, LZW and Deflate, horizontal differencing,
// grey, RGB and palette images of 1 to 16 bits or 32-bit float, alpha, and the Orientation
// tag. Plain bytes in, no DOM: only DecompressionStream, which Node has as well.
//
// Every offset and count in the file is checked before it is used, the size is checked
// against PHOTO_LIMIT before the pixels are allocated, the work its strips or tiles ask for
// is held to a budget proportional to its pixels, and every loop is bounded by the bytes it
// reads, so a damaged or hostile file ends in a TiffError whose message says what to do,
// never in a hang or a crash; a decode can be cancelled between two strips.
import { isTiffFile } from '../imageHeader';
import { decompress, undoPredictor } from './codecs';
import { damaged } from './errors';
import { Fields, TiffBytes, readFirstIfd } from './file';
import { COMPRESSION, bytesIn, checkChunks, checkWorkBudget, chunkCount, layoutOf } from './layout';
import { placeChunk, placementOf, rowReaderOf, unpremultiply } from './pixels';

export { TiffError } from './errors';
export { lzw } from './codecs';

export interface DecodedTiff {
  /** Upright size: after the Orientation tag is applied. */
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row from the upright top-left corner, not premultiplied. */
  data: Uint8ClampedArray<ArrayBuffer>;
  /** The Orientation tag (1 to 8; 1 when absent or invalid), already applied to `data`. */
  orientation: number;
}

/** How long the decoder works before it lets the worker read its messages (a cancel), ms. */
const SLICE_MS = 50;

/**
 * A pause between strips: every SLICE_MS the decoder yields a task, so a cancel sent by the
 * page is heard, and stops with an AbortError once `signal` has aborted.
 */
function pauser(signal: AbortSignal | undefined): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since >= SLICE_MS) {
      await new Promise((resume) => setTimeout(resume, 0));
      since = performance.now();
    }
    if (signal?.aborted) throw new DOMException('The decode was cancelled.', 'AbortError');
  };
}

/**
 * The first image of a TIFF file, upright, as RGBA. Throws a TiffError, whose message is
 * meant for the user, for anything it cannot or will not read.
 */
export async function decodeTiff(
  input: ArrayBuffer | Uint8Array<ArrayBuffer>,
  { signal }: { signal?: AbortSignal | undefined } = {},
): Promise<DecodedTiff> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!isTiffFile(bytes)) throw damaged('its header is not that of a TIFF file');
  const file = new TiffBytes(bytes, bytes[0] === 0x49);
  const layout = layoutOf(new Fields(file, readFirstIfd(file)));
  checkChunks(layout, file);
  checkWorkBudget(layout);
  const pause = pauser(signal);

  const place = placementOf(layout.orientation, layout.width, layout.height);
  const rgba = new Uint8ClampedArray(layout.width * layout.height * 4).fill(255);
  const read = rowReaderOf(layout, file.little);
  const { chunks } = layout;
  for (let i = 0; i < chunkCount(layout); i++) {
    await pause();
    const expected = bytesIn(layout, i);
    const offset = chunks.offsets[i] as number;
    const stored = bytes.subarray(offset, offset + (chunks.byteCounts?.[i] ?? expected));
    let chunk = await decompress(layout.compression, stored, expected);
    if (chunk.length < expected) {
      throw damaged('one of its strips or tiles holds less image data than the image needs');
    }
    if (layout.predictor === 2) {
      // Uncompressed data is a view of the file itself: work on a copy.
      if (layout.compression === COMPRESSION.none) chunk = chunk.slice();
      undoPredictor(chunk, layout, file.little);
    }
    placeChunk(chunk, i, layout, read, place, rgba);
  }
  if (layout.associatedAlpha) unpremultiply(rgba);
  return { width: place.width, height: place.height, data: rgba, orientation: layout.orientation };
}
