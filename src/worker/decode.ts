// Decoding a photo file at full size, held to what the file becomes rather than to what its
// first bytes claim: the size is read wherever the file states it (the whole file when a
// JPEG's frame header or a GIF's images lie further in), a size that cannot be found where the
// decoder takes it is refused, the decoded bitmap's own size is checked again before anything
// is made of it, and decodes run one at a time, each cancellable while it waits or, for a
// TIFF, between its strips.
import {
  HEADER_BYTES,
  INTAKE_CANCELLED,
  isTiffFile,
  readImageSize,
  sizeLiesFurther,
  sizeMustBeFound,
  tooLargeMessage,
} from '../io/imageHeader';

/** Decode options everywhere: the photo as its EXIF orientation says it was taken. */
const ORIENTED: ImageBitmapOptions = { imageOrientation: 'from-image' };

export const UNDECODABLE =
  'The file could not be decoded as an image: it may be damaged, or not the type its name says.';

export const NO_SIZE =
  'The file states no image size where its format keeps it (it may be damaged, or made to mislead): it was not decoded. Save it again as PNG or JPEG and add that.';

/** Thrown when a decode is cancelled; its message is INTAKE_CANCELLED. */
export class DecodeCancelled extends Error {
  override readonly name = 'DecodeCancelled';
  constructor() {
    super(INTAKE_CANCELLED);
  }
}

/**
 * The bytes of the file where its type and pixel size are stated: its start, or all of it
 * when the size lies further in; empty if it cannot be read (an unreadable file fails again,
 * with its usual message, when it is decoded).
 */
export async function headerOf(file: File): Promise<Uint8Array> {
  try {
    const start = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
    if (file.size <= start.length || !sizeLiesFurther(start)) return start;
    return new Uint8Array(await file.arrayBuffer());
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * Why the photo must not be decoded, from its header: too large, or no size where the
 * decoder would take one. Null when it is within the limit, or its size is for the decoder
 * to find (then the decoded size is checked instead).
 */
export function sizeProblem(header: Uint8Array, fileSize: number): string | null {
  const size = readImageSize(header, header.length === fileSize);
  if (size) return tooLargeMessage(size);
  return sizeMustBeFound(header) ? NO_SIZE : null;
}

/** Why a decoded photo is refused after all: its real size is over the limit. */
export function decodedSizeProblem(bitmap: { width: number; height: number }): string | null {
  return tooLargeMessage({ width: bitmap.width, height: bitmap.height });
}

/**
 * The file decoded at full size, upright. Browsers cannot decode TIFF, which lab cameras
 * write, so a file whose header is a TIFF's is decoded by src/io/tiff, loaded only then.
 */
async function decodePhoto(
  file: File,
  header: Uint8Array,
  signal?: AbortSignal,
): Promise<ImageBitmap> {
  if (!isTiffFile(header)) return createImageBitmap(file, ORIENTED);
  const { decodeTiff } = await import('../io/tiff');
  const { width, height, data } = await decodeTiff(await file.arrayBuffer(), { signal });
  return createImageBitmap(new ImageData(data, width, height));
}

/** The message of a decode failure that was written for the user (the TIFF decoder's). */
export function decodeProblem(error: unknown): string | null {
  // By name: the decoder's module, and so its error class, is loaded only for TIFF files.
  if (!(error instanceof Error)) return null;
  if (error.name === 'DecodeCancelled') return INTAKE_CANCELLED;
  return error.name === 'TiffError' ? error.message : null;
}

/**
 * One full-size decode at a time. Each holds a whole photo's pixels (400 MB at the limit),
 * so one at a time bounds the worker's memory to one photo; it also leaves a core to the
 * page on a two-core machine, where two at once stretched the rendering of arriving rows
 * past 50 ms. The thumbnail, storage and message of one file still overlap the next decode.
 */
let decoding = false;
const waitingToDecode: (() => void)[] = [];

/** The file decoded at full size with its orientation applied, in its turn. */
export async function decodeInTurn(
  file: File,
  header: Uint8Array,
  signal?: AbortSignal,
): Promise<ImageBitmap> {
  // A finished decode hands its turn straight to the next in line, so none slips in between.
  if (!decoding) decoding = true;
  else await new Promise<void>((resume) => waitingToDecode.push(resume));
  try {
    if (signal?.aborted) throw new DecodeCancelled();
    let bitmap: ImageBitmap;
    try {
      bitmap = await decodePhoto(file, header, signal);
    } catch (error) {
      // A TIFF's decode stops between strips when cancelled, with an error of its own.
      throw signal?.aborted ? new DecodeCancelled() : error;
    }
    if (signal?.aborted) {
      bitmap.close();
      throw new DecodeCancelled();
    }
    return bitmap;
  } finally {
    const next = waitingToDecode.shift();
    if (next) next();
    else decoding = false;
  }
}

/**
 * The file decoded at full size, refused first when its header says it is too large and
 * after when its pixels are: for a photo restored from storage, which was never checked on
 * its way in (or was saved before the limit existed).
 */
export async function decodeChecked(file: File): Promise<ImageBitmap> {
  const header = await headerOf(file);
  const refused = sizeProblem(header, file.size);
  if (refused) throw new Error(refused);
  // Not in turn: the photo being opened is not kept waiting behind an intake.
  const bitmap = await decodePhoto(file, header);
  const tooLarge = decodedSizeProblem(bitmap);
  if (tooLarge) {
    bitmap.close();
    throw new Error(tooLarge);
  }
  return bitmap;
}
