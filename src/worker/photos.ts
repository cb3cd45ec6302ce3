// The worker's photo store: decodes each file once (EXIF orientation applied),
// keeps the file for later full-size opening, and returns a small thumbnail.
// Only the photo being marked is ever decoded at full size on demand.
import { transfer } from 'comlink';
import { thumbnailUrl } from './thumbnailUrls';
import { keepPhoto } from './vault';
import { INTAKE_CANCELLED } from '../io/imageHeader';
import {
  UNDECODABLE,
  decodeChecked,
  decodeInTurn,
  decodeProblem,
  decodedSizeProblem,
  headerOf,
  sizeProblem,
} from './decode';

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

async function ingestOne(
  file: File,
  keepDecode: boolean,
  signal: AbortSignal,
): Promise<IngestOutcome> {
  if (signal.aborted) return reject(file.name, INTAKE_CANCELLED);
  if (file.size === 0) return reject(file.name, 'The file is empty (0 bytes).');
  if (!SUPPORTED.test(file.name) && !SUPPORTED_TYPES.test(file.type)) {
    return reject(
      file.name,
      'This is not a supported image type. Use PNG, JPEG, GIF, BMP, WebP or TIFF.',
    );
  }
  // Refused before the decode: a photo this large could exhaust the worker's memory.
  const header = await headerOf(file);
  const refused = sizeProblem(header, file.size);
  if (refused) return reject(file.name, refused);
  const made = await decodeAndShrink(file, header, signal);
  if (!made.ok) return made;
  const { bitmap, thumbnail } = made;
  const outcome = kept(file, bitmap, thumbnail);
  if (keepDecode) keepWarm(outcome.id, bitmap);
  else bitmap.close();
  return outcome;
}

/** Keeps `file` as a photo of `picture`'s size, with its thumbnail, under a new id. */
function kept(file: File, picture: ImageBitmap, thumbnail: Blob) {
  const id = crypto.randomUUID();
  files.set(id, file);
  // Autosave: the original goes to IndexedDB from here, in the background.
  keepPhoto(id, file, thumbnail);
  const { width, height } = picture;
  return {
    ok: true as const,
    id,
    name: file.name,
    width,
    height,
    thumbnailUrl: thumbnailUrl(thumbnail),
  };
}

/**
 * A picture the worker drew itself (a video frame, upright) kept as `file`, its encoding:
 * sized and shrunk from the drawing, so the file is not decoded again: a second 4K picture
 * per frame, which took a hundred frames past 1 GB resident and doubled the time a frame.
 * `drawn` is handed over and closed here.
 */
export async function ingestDrawn(file: File, drawn: ImageBitmap): Promise<IngestOutcome> {
  try {
    const tooLarge = decodedSizeProblem(drawn);
    if (tooLarge) return reject(file.name, tooLarge);
    return kept(file, drawn, await thumbnailOf(drawn));
  } catch {
    return reject(file.name, UNDECODABLE);
  } finally {
    drawn.close();
  }
}

/** A decoded photo and its thumbnail; the caller owns the bitmap and closes it. */
type Shrunk = { ok: true; bitmap: ImageBitmap; thumbnail: Blob } | RejectedPhoto;

/**
 * The file decoded in its turn, its real size checked, and its thumbnail, or why it is
 * refused at any of these steps (the caller has checked its header).
 */
export async function decodeAndShrink(
  file: File,
  header: Uint8Array,
  signal?: AbortSignal,
): Promise<Shrunk> {
  let bitmap: ImageBitmap;
  try {
    // A RangeError or an out-of-memory error from the decode lands here too, as a rejection.
    bitmap = await decodeInTurn(file, header, signal);
  } catch (error) {
    return reject(file.name, decodeProblem(error) ?? UNDECODABLE);
  }
  // What the file became, whatever its header said: checked before a thumbnail is made of
  // it, before it is stored and before anything detects dots on it.
  const tooLarge = decodedSizeProblem(bitmap);
  if (tooLarge) {
    bitmap.close();
    return reject(file.name, tooLarge);
  }
  try {
    return { ok: true, bitmap, thumbnail: await thumbnailOf(bitmap) };
  } catch {
    // The decode may succeed where shrinking it runs out of memory: this file is refused,
    // and the rest of the batch carries on.
    bitmap.close();
    return reject(file.name, UNDECODABLE);
  }
}

/** How many files are in flight at once: the next one decodes while this one finishes. */
const IN_FLIGHT = 2;

/** The intakes running now, so that the user can cancel them. */
const intakes = new Set<AbortController>();

/**
 * Cancels every intake running: the file being decoded is dropped as soon as its decode
 * returns (a TIFF's between two strips), and the files after it are not decoded. Each is
 * reported as not added, with why.
 */
export function cancelIngest(): void {
  for (const intake of intakes) intake.abort();
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
  const intake = new AbortController();
  intakes.add(intake);
  const pending: Promise<IngestOutcome>[] = [];
  const start = (i: number) => {
    const file = batch[i];
    if (file && pending[i] === undefined) pending[i] = ingestOne(file, i === 0, intake.signal);
  };
  const outcomes: IngestOutcome[] = [];
  try {
    for (const [i, file] of batch.entries()) {
      for (let k = i; k < Math.min(batch.length, i + IN_FLIGHT); k++) start(k);
      let outcome = await (pending[i] as Promise<IngestOutcome>);
      // A small file after a slow one may be ready before the cancel, yet not reported: it
      // is after the photo being decoded, so it is not added either.
      if (outcome.ok && intake.signal.aborted) {
        forgetPhoto(outcome.id);
        outcome = reject(file.name, INTAKE_CANCELLED);
      }
      outcomes.push(outcome);
      onProgress?.({ done: i + 1, total: batch.length, name: file.name, outcome });
    }
  } finally {
    intakes.delete(intake);
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

/** Keeps a photo checked elsewhere (a bundle's, once accepted): in the store and, from here, in IndexedDB. */
export function adoptPhoto(id: string, file: File, thumbnail: Blob): void {
  files.set(id, file);
  keepPhoto(id, file, thumbnail);
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
