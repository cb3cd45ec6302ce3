// Reads a photo's pixel size from the first bytes of its file, without decoding it, so a
// photo too large to decode safely can be refused with a clear message before it is tried.
// Plain bytes in, no DOM and no worker APIs: the worker hands it the start of each file.

/** A photo's size in pixels as its file states it (before any EXIF orientation). */
export interface ImageSize {
  width: number;
  height: number;
}

/**
 * How many bytes of a file to read first for its size. A PNG, GIF, BMP or WebP states one
 * in the first 30 bytes; a JPEG states it after its APPn segments (EXIF, ICC profile,
 * thumbnail), which almost always fit in 64 KB, and a TIFF in its first IFD, which may come
 * before or after the pixels. Where a JPEG's frame header or a GIF's images lie further in
 * (`sizeLiesFurther`), the whole file is read: the size a decoder will allocate for must be
 * known before it decodes.
 */
export const HEADER_BYTES = 65_536;

/**
 * The largest photo Strain Seer takes. Decoded, a photo is 4 bytes per pixel (RGBA): at
 * 100 MP that is 400 MB in the worker once detection reads its pixels, on top of the
 * bitmap itself, which is as much as a browser tab can be trusted with on an ordinary
 * machine; a photo larger than that can exhaust the tab's memory and crash it. Canvases
 * (the thumbnail and the pixel reads draw on one) refuse a side over 32767 px, so a
 * longer photo could not be measured even when its area is small.
 */
export const PHOTO_LIMIT = { pixels: 100_000_000, side: 32_767 } as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, expected: readonly number[], at = 0): boolean {
  if (bytes.length < at + expected.length) return false;
  return expected.every((value, i) => bytes[at + i] === value);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

// Callers check the length first; `?? 0` only satisfies the index type.
function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u16le(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u24le(bytes: Uint8Array, at: number): number {
  return u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16);
}

// Multiplications rather than shifts keep values of 2^31 and over positive.
function u32be(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) * 0x1000000 + u24be(bytes, at + 1);
}

function u24be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 16) | u16be(bytes, at + 1);
}

function u32le(bytes: Uint8Array, at: number): number {
  return u24le(bytes, at) + (bytes[at + 3] ?? 0) * 0x1000000;
}

function i32le(bytes: Uint8Array, at: number): number {
  const value = u32le(bytes, at);
  return value >= 0x80000000 ? value - 0x100000000 : value;
}

/** A size only when both sides are real: a zero side means the header was not understood. */
function sized(width: number, height: number): ImageSize | null {
  return width > 0 && height > 0 ? { width, height } : null;
}

function pngSize(bytes: Uint8Array): ImageSize | null {
  // The IHDR chunk must come first, right after the 8-byte signature and its own length.
  if (bytes.length < 24 || !startsWith(bytes, ascii('IHDR'), 12)) return null;
  return sized(u32be(bytes, 16), u32be(bytes, 20));
}

/** Start-of-frame markers C0-CF carry the size, except C4 (DHT), C8 (JPG) and CC (DAC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** The scan reached the end of the bytes it was given before finding its answer. */
const CUT = 'cut';
type Scan = ImageSize | null | typeof CUT;

/**
 * The frame header of a JPEG, wherever it is: every segment before it is skipped by its
 * length, however many there are (70 KB of comments put it past any fixed-size read), and
 * bytes between segments are skipped up to the next marker as the common decoder does, so
 * the size found here is the one the decoder will use.
 */
function jpegScan(bytes: Uint8Array): Scan {
  let at = 2;
  for (;;) {
    // Anything up to the next 0xFF is stray data, then any number of 0xFF fill bytes; an
    // 0xFF followed by 0x00 is not a marker either.
    while (at < bytes.length && bytes[at] !== 0xff) at++;
    while (at < bytes.length && bytes[at] === 0xff) at++;
    if (at >= bytes.length) return CUT;
    const marker = bytes[at] as number;
    at++;
    // Markers without a length: a stray SOI, TEM and the restart markers.
    if (marker === 0x00 || marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7))
      continue;
    // The image data or its end came before any frame header: the decoder refuses it too.
    if (marker === 0xd9 || marker === 0xda) return null;
    if (at + 2 > bytes.length) return CUT;
    const length = u16be(bytes, at);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      // Length, sample precision, then the number of lines and of samples per line.
      if (length < 7) return null;
      if (at + 7 > bytes.length) return CUT;
      return sized(u16be(bytes, at + 5), u16be(bytes, at + 3));
    }
    // Any other segment (APPn with EXIF or an ICC profile, tables, comments) is skipped whole.
    at += length;
  }
}

/** Skips a GIF's chain of data sub-blocks (each a length byte, then that many bytes). */
function skipSubBlocks(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at < bytes.length && bytes[at] !== 0) at += (bytes[at] as number) + 1;
  return at + 1;
}

/**
 * The extent of a GIF: its logical screen, grown to hold every image it contains. A frame
 * may be far larger than the screen the first bytes state (20000 × 20000 pixels on a 1 × 1
 * screen), and the decoder allocates for the frame, so every image descriptor is read.
 */
function gifScan(bytes: Uint8Array, whole: boolean): Scan {
  if (bytes.length < 13) return CUT;
  let width = u16le(bytes, 6);
  let height = u16le(bytes, 8);
  const screenFlags = bytes[10] as number;
  let at = 13;
  if (screenFlags & 0x80) at += 3 * 2 ** ((screenFlags & 7) + 1);
  // A whole file that ends before its trailer is shown as far as it goes by decoders: its
  // extent is that of the images read by then.
  let images = 0;
  const ended = () => (!whole ? CUT : images > 0 ? sized(width, height) : null);
  for (;;) {
    if (at >= bytes.length) return ended();
    const block = bytes[at] as number;
    if (block === 0x3b) break; // the trailer
    if (block === 0x21) {
      // An extension: its label, then its data as sub-blocks.
      at = skipSubBlocks(bytes, at + 2);
    } else if (block === 0x2c) {
      if (at + 10 > bytes.length) return ended();
      images++;
      width = Math.max(width, u16le(bytes, at + 1) + u16le(bytes, at + 5));
      height = Math.max(height, u16le(bytes, at + 3) + u16le(bytes, at + 7));
      const flags = bytes[at + 9] as number;
      at += 10;
      if (flags & 0x80) at += 3 * 2 ** ((flags & 7) + 1);
      // The LZW code size, then the image data as sub-blocks.
      at = skipSubBlocks(bytes, at + 1);
    } else {
      // Anything else ends what a decoder reads.
      break;
    }
  }
  return sized(width, height);
}

function bmpSize(bytes: Uint8Array): ImageSize | null {
  if (bytes.length < 18) return null;
  const headerSize = u32le(bytes, 14);
  // The OS/2 core header keeps unsigned 16-bit sides.
  if (headerSize === 12)
    return bytes.length < 22 ? null : sized(u16le(bytes, 18), u16le(bytes, 20));
  // BITMAPINFOHEADER and its longer versions (V2 to V5): signed 32-bit sides, and a
  // negative height only says that the rows are stored top to bottom.
  if (headerSize < 40 || bytes.length < 26) return null;
  return sized(i32le(bytes, 18), Math.abs(i32le(bytes, 22)));
}

function webpSize(bytes: Uint8Array): ImageSize | null {
  // The first chunk says which kind of WebP this is; its data starts at byte 20.
  if (startsWith(bytes, ascii('VP8L'), 12)) {
    // Lossless: a 0x2F signature byte, then 14 bits each of width and height, minus one.
    if (bytes.length < 25 || bytes[20] !== 0x2f) return null;
    const bits = u32le(bytes, 21);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (bytes.length < 30) return null;
  if (startsWith(bytes, ascii('VP8X'), 12)) {
    // Extended: the canvas size, each side stored as 24 bits minus one.
    return sized(u24le(bytes, 24) + 1, u24le(bytes, 27) + 1);
  }
  if (startsWith(bytes, ascii('VP8 '), 12)) {
    // Lossy: a 3-byte frame tag, the key frame's start code, then 14-bit sides (the top
    // two bits of each are an upscaling hint, not part of the size).
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return null;
    return sized(u16le(bytes, 26) & 0x3fff, u16le(bytes, 28) & 0x3fff);
  }
  return null;
}

/** Whether the bytes start like a TIFF file: classic (42) or BigTIFF (43), in either byte order. */
export function isTiffFile(bytes: Uint8Array): boolean {
  if (startsWith(bytes, ascii('II')))
    return [42, 43].includes(u16le(bytes, 2)) && bytes.length >= 4;
  if (startsWith(bytes, ascii('MM')))
    return [42, 43].includes(u16be(bytes, 2)) && bytes.length >= 4;
  return false;
}

const TIFF_WIDTH = 256;
const TIFF_HEIGHT = 257;

/**
 * ImageWidth and ImageLength from the first IFD of a classic TIFF. Writers often put the IFD
 * after the pixels, beyond the bytes read: then the size is unknown here and the decoder,
 * which checks it too, decides.
 */
function tiffSize(bytes: Uint8Array): ImageSize | null {
  const little = bytes[0] === 0x49;
  const u16 = little ? u16le : u16be;
  const u32 = little ? u32le : u32be;
  if (bytes.length < 8 || u16(bytes, 2) !== 42) return null;
  const ifd = u32(bytes, 4);
  if (ifd + 2 > bytes.length) return null;
  let width = 0;
  let height = 0;
  for (let i = 0; i < u16(bytes, ifd) && !(width && height); i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > bytes.length) return null;
    const tag = u16(bytes, entry);
    if (tag !== TIFF_WIDTH && tag !== TIFF_HEIGHT) continue;
    // SHORT (3) or LONG (4), stored in the entry itself.
    const type = u16(bytes, entry + 2);
    const value = type === 3 ? u16(bytes, entry + 8) : type === 4 ? u32(bytes, entry + 8) : 0;
    if (tag === TIFF_WIDTH) width = value;
    else height = value;
  }
  return sized(width, height);
}

const isJpeg = (bytes: Uint8Array) => startsWith(bytes, [0xff, 0xd8]);
const isGif = (bytes: Uint8Array) =>
  startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'));

/**
 * The scan of a JPEG or a GIF, whose size may lie anywhere in the file; undefined for others.
 * `whole`: the bytes are the whole file, so where they end the file ends.
 */
function scanned(bytes: Uint8Array, whole = false): Scan | undefined {
  if (isJpeg(bytes)) return jpegScan(bytes);
  if (isGif(bytes)) return gifScan(bytes, whole);
  return undefined;
}

/**
 * Whether these first bytes of a file end before its size could be read, where the size may
 * lie further in (a JPEG's frame header, a GIF's images): then read the whole file and ask
 * again.
 */
export function sizeLiesFurther(bytes: Uint8Array): boolean {
  return scanned(bytes) === CUT;
}

/**
 * Whether a decoder takes the file's size from where it is scanned here (a JPEG, a GIF):
 * when none is found there in the whole file, the decoder finds none either, and a size
 * read another way would not be the one it allocates for. Such a file is refused unread.
 */
export function sizeMustBeFound(bytes: Uint8Array): boolean {
  return isJpeg(bytes) || isGif(bytes);
}

/**
 * The pixel size stated at the start of a PNG, JPEG, GIF, BMP, WebP or TIFF file, or null
 * when the bytes are not one of those, are cut short or make no sense. `whole` says the bytes
 * are the whole file (a GIF ending before its trailer is then as large as its images so far).
 * Never throws.
 */
export function readImageSize(bytes: Uint8Array, whole = false): ImageSize | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return pngSize(bytes);
  const scan = scanned(bytes, whole);
  if (scan !== undefined) return scan === CUT ? null : scan;
  if (startsWith(bytes, ascii('BM'))) return bmpSize(bytes);
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return webpSize(bytes);
  if (isTiffFile(bytes)) return tiffSize(bytes);
  return null;
}

/** Megapixels rounded up to one decimal, so a photo just over the limit never reads as "100 MP". */
function megapixels(pixels: number): string {
  return `${Math.ceil(pixels / 100_000) / 10} MP`;
}

/**
 * What to tell the user about a photo over PHOTO_LIMIT, or null when it is within it:
 * what the photo is, what Strain Seer takes, and what to do about it.
 */
export function tooLargeMessage({ width, height }: ImageSize): string | null {
  const pixels = width * height;
  const what = `This photo is ${width} × ${height} pixels (${megapixels(pixels)})`;
  const remedy =
    "Save a smaller copy (a phone's or camera's full resolution is fine) and add that.";
  if (pixels > PHOTO_LIMIT.pixels) {
    return `${what}; Strain Seer takes photos up to ${megapixels(PHOTO_LIMIT.pixels)}. ${remedy}`;
  }
  if (Math.max(width, height) > PHOTO_LIMIT.side) {
    return `${what}; Strain Seer takes photos up to ${PHOTO_LIMIT.side} pixels on a side. ${remedy}`;
  }
  return null;
}

/** Why a photo was not added: the user cancelled the intake before it was decoded or kept. */
export const INTAKE_CANCELLED =
  'Not added: the intake was cancelled. Add the photo again to add it.';
