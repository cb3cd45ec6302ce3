// The worker's photo store: decodes each file once (EXIF orientation applied),
// keeps the file for later full-size opening, and returns a small thumbnail.
// Only the photo being marked is ever decoded at full size on demand.
import { transfer } from 'comlink';
import { thumbnailUrl } from './thumbnailUrls';
import { keepPhoto } from './vault';
import { HEADER_BYTES, isTiffFile, readImageSize, tooLargeMessage } from '../io/imageHeader';

export interface IngestedPhoto {
  ok: true;
  id: string;
  name: string;
  /** Size after EXIF orientation, in pixels. */
  width: number;
  height: number;
  /** An object URL of its thumbnail, made in the worker (see thumbnailUrls.ts). */
  thumbnailUrl: string;
}

export interface RejectedPhoto {
  ok: false;
  name: string;
  message: string;
}

export type IngestOutcome = IngestedPhoto | RejectedPhoto;

export interface IngestProgress {
  done: number;
  total: number;
  name: string;
  /** What became of this file: sent as soon as it is known, so the UI can show it at once. */
  outcome: IngestOutcome;
}

const THUMBNAIL_EDGE = 192;
const SUPPORTED = /\.(png|jpe?g|gif|bmp|webp|avif|tiff?)$/i;
const SUPPORTED_TYPES = /^image\/(png|jpeg|gif|bmp|x-ms-bmp|webp|avif|tiff)$/;

const files = new Map<string, File>();

function reject(name: string, message: string): RejectedPhoto {
  return { ok: false, name, message };
}

/** The photo shrunk to `edge` pixels on its long side (never enlarged), as a JPEG. */
export async function shrunkJpeg(bitmap: ImageBitmap, edge: number): Promise<Blob> {
  const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  // Shrunk by createImageBitmap, not by drawing onto a canvas with high-quality
  // smoothing: the same quality at about a fifth of the cost (10 ms against 40 ms for
  // 12 MP here), which is most of what ingest adds to the bare decode.
  const small = await createImageBitmap(bitmap, {
    resizeWidth: width,
    resizeHeight: height,
    resizeQuality: 'high',
  });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in the worker');
    context.drawImage(small, 0, 0);
    // JPEG: as small as WebP at thumbnail size (7.4 against 7.6 KB for a 12 MP photo's 192 px
    // thumbnail) and encoded in a quarter of the time (1.2 against 4.4 ms).
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  } finally {
    small.close();
  }
}

const thumbnailOf = (bitmap: ImageBitmap) => shrunkJpeg(bitmap, THUMBNAIL_EDGE);

/**
 * The full-size decode of the first photo of the latest batch, kept for a short while: the
 * page opens that photo as soon as it is listed, and handing over this bitmap spares a
 * second full decode (a quarter of a second for 12 MP) in the middle of the ingest.
 */
let warm: { id: string; bitmap: ImageBitmap; timer: ReturnType<typeof setTimeout> } | null = null;
const WARM_MS = 10_000;

function keepWarm(id: string, bitmap: ImageBitmap): void {
  dropWarm();
  warm = { id, bitmap, timer: setTimeout(dropWarm, WARM_MS) };
}

function dropWarm(): void {
  if (!warm) return;
  clearTimeout(warm.timer);
  warm.bitmap.close();
  warm = null;
}

/** The kept decode of this photo, if there is one; the caller owns it from now on. */
function takeWarm(id: string): ImageBitmap | null {
  if (warm?.id !== id) return null;
  const { bitmap, timer } = warm;
  clearTimeout(timer);
  warm = null;
  return bitmap;
}

/** The start of a file, where its type and pixel size are stated; empty if it cannot be read. */
async function headerOf(file: File): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  } catch {
    // An unreadable file fails again, with its usual message, when it is decoded.
    return new Uint8Array(0);
  }
}

/**
 * Why the photo must not be decoded, when the start of its file says it is too large; null
 * when it is within the limit or its size cannot be read there (then the decode decides).
 */
function sizeProblem(header: Uint8Array): string | null {
  const size = readImageSize(header);
  return size && tooLargeMessage(size);
}

/** Decode options everywhere: the photo as its EXIF orientation says it was taken. */
const ORIENTED: ImageBitmapOptions = { imageOrientation: 'from-image' };

/**
 * The file decoded at full size, upright. Browsers cannot decode TIFF, which lab cameras
 * write, so a file whose header is a TIFF's is decoded by src/io/tiff, loaded only then.
 */
async function decodePhoto(file: File, header: Uint8Array): Promise<ImageBitmap> {
  if (!isTiffFile(header)) return createImageBitmap(file, ORIENTED);
  const { decodeTiff } = await import('../io/tiff');
  const { width, height, data } = await decodeTiff(await file.arrayBuffer());
  return createImageBitmap(new ImageData(data, width, height));
}

/** The message of a decode failure that was written for the user (the TIFF decoder's). */
function decodeProblem(error: unknown): string | null {
  // By name: the decoder's module, and so its error class, is loaded only for TIFF files.
  return error instanceof Error && error.name === 'TiffError' ? error.message : null;
}

/**
 * The file decoded at full size, refused first when its header says it is too large: for a
 * photo restored from storage, which was never checked on its way in (or was saved before
 * the limit existed).
 */
export async function decodeChecked(file: File): Promise<ImageBitmap> {
  const header = await headerOf(file);
  const tooLarge = sizeProblem(header);
  if (tooLarge) throw new Error(tooLarge);
  return decodePhoto(file, header);
}

async function ingestOne(file: File, keepDecode = false): Promise<IngestOutcome> {
  if (file.size === 0) return reject(file.name, 'The file is empty (0 bytes).');
  if (!SUPPORTED.test(file.name) && !SUPPORTED_TYPES.test(file.type)) {
    return reject(
      file.name,
      'This is not a supported image type. Use PNG, JPEG, GIF, BMP, WebP or TIFF.',
    );
  }
  // Refused before the decode: a photo this large could exhaust the worker's memory.
  const header = await headerOf(file);
  const tooLarge = sizeProblem(header);
  if (tooLarge) return reject(file.name, tooLarge);
  const undecodable =
    'The file could not be decoded as an image: it may be damaged, or not the type its name says.';
  let bitmap: ImageBitmap;
  try {
    // A RangeError or an out-of-memory error from the decode lands here too, as a rejection.
    bitmap = await decodeInTurn(file, header);
  } catch (error) {
    return reject(file.name, decodeProblem(error) ?? undecodable);
  }
  let kept = false;
  try {
    let thumbnail: Blob;
    try {
      thumbnail = await thumbnailOf(bitmap);
    } catch {
      // The decode may succeed where shrinking it runs out of memory: this file is refused,
      // and the rest of the batch carries on.
      return reject(file.name, undecodable);
    }
    const id = crypto.randomUUID();
    files.set(id, file);
    // Autosave: the original goes to IndexedDB from here, in the background.
    keepPhoto(id, file, thumbnail);
    const { width, height } = bitmap;
    if (keepDecode) {
      keepWarm(id, bitmap);
      kept = true;
    }
    return { ok: true, id, name: file.name, width, height, thumbnailUrl: thumbnailUrl(thumbnail) };
  } finally {
    if (!kept) bitmap.close();
  }
}

/** How many files are in flight at once: the next one decodes while this one finishes. */
const IN_FLIGHT = 2;

/**
 * How many full-size decodes run at once. Two keep two cores busy: on a two-core machine the
 * page's own thread then waits its turn, and rendering the rows as they arrive stretched
 * past 50 ms (measured: 3 long tasks in 8 ingests of 30 photos of 12 MP under a background
 * load, against none with one decode at a time). So one core is always left to the page;
 * the thumbnail, storage and message of one file still overlap the next file's decode.
 */
const DECODES_AT_ONCE = Math.max(
  1,
  Math.min(2, (globalThis.navigator?.hardwareConcurrency ?? 2) - 1),
);
let decoding = 0;
const waitingToDecode: (() => void)[] = [];

/** The file decoded at full size with its orientation applied, in its turn. */
async function decodeInTurn(file: File, header: Uint8Array): Promise<ImageBitmap> {
  // A finished decode hands its slot straight to the next in line, so none slips in between.
  if (decoding < DECODES_AT_ONCE) decoding++;
  else await new Promise<void>((resume) => waitingToDecode.push(resume));
  try {
    return await decodePhoto(file, header);
  } finally {
    const next = waitingToDecode.shift();
    if (next) next();
    else decoding--;
  }
}

/**
 * Decodes the files, IN_FLIGHT at a time so that one file's decode overlaps the thumbnail,
 * the storage write and the message of the one before, and reports each outcome in the
 * files' order as soon as it is known.
 */
export async function ingest(
  batch: File[],
  onProgress?: (progress: IngestProgress) => void,
): Promise<IngestOutcome[]> {
  const pending: Promise<IngestOutcome>[] = [];
  const start = (i: number) => {
    const file = batch[i];
    if (file && pending[i] === undefined) pending[i] = ingestOne(file, i === 0);
  };
  const outcomes: IngestOutcome[] = [];
  for (const [i, file] of batch.entries()) {
    for (let k = i; k < Math.min(batch.length, i + IN_FLIGHT); k++) start(k);
    const outcome = await (pending[i] as Promise<IngestOutcome>);
    outcomes.push(outcome);
    onProgress?.({ done: i + 1, total: batch.length, name: file.name, outcome });
  }
  return outcomes;
}

/** A photo ready to draw: full size, and smaller copies for zoomed-out views. */
export interface OpenedPhoto {
  full: ImageBitmap;
  /** Each half the size of the one before (the first half of `full`), down to PREVIEW_EDGE. */
  previews: ImageBitmap[];
}

/** The smallest preview's long edge: below this the full-size drawing cost no longer matters. */
const PREVIEW_EDGE = 640;

/**
 * Halvings of the photo, made here rather than by the canvas: a canvas that draws a large
 * photo shrunk with smoothing builds a mipmap of it on the main thread at every frame
 * (about 25 ms for 1.5 MP in software rendering, ten times that at 12 MP). Drawing from
 * the preview nearest the screen's resolution needs only bilinear filtering.
 */
async function previewsOf(full: ImageBitmap): Promise<ImageBitmap[]> {
  const previews: ImageBitmap[] = [];
  let source = full;
  while (Math.max(source.width, source.height) > PREVIEW_EDGE * 2) {
    source = await createImageBitmap(source, {
      resizeWidth: Math.max(1, Math.round(source.width / 2)),
      resizeHeight: Math.max(1, Math.round(source.height / 2)),
      resizeQuality: 'medium',
    });
    previews.push(source);
  }
  return previews;
}

/** The photo decoded now and handed over with its previews (transferred, not copied). */
export async function openPhoto(id: string): Promise<OpenedPhoto> {
  const file = files.get(id);
  if (!file) throw new Error('This photo is no longer available; add it again.');
  const full = takeWarm(id) ?? (await decodeChecked(file));
  let previews: ImageBitmap[];
  try {
    previews = await previewsOf(full);
  } catch (error) {
    full.close(); // its pixels are not garbage-collected
    throw error;
  }
  return transfer({ full, previews }, [full, ...previews]);
}

/** Lets the worker drop a removed photo's file. */
export function forgetPhoto(id: string): void {
  files.delete(id);
  if (warm?.id === id) dropWarm();
}

/** Puts back a photo restored from storage; like any other, it is decoded only when opened. */
export function adoptFile(id: string, file: File): void {
  files.set(id, file);
}

/** The photo's original file, as it was added (for a bundle: the bytes go in unchanged). */
export function photoFile(id: string): File {
  const file = files.get(id);
  if (!file) throw new Error('This photo is no longer available; add it again.');
  return file;
}
