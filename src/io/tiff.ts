// Decodes the first image of a TIFF file into upright RGBA pixels. Browsers cannot decode
// TIFF, yet lab and scientific cameras write it, so the worker decodes it here (loaded only
// when a TIFF arrives). Written from the TIFF 6.0 specification: strips and tiles, chunky
// and planar samples, no compression, PackBits, LZW and Deflate, horizontal differencing,
// grey, RGB and palette images of 1 to 16 bits or 32-bit float, alpha, and the Orientation
// tag. Plain bytes in, no DOM: only DecompressionStream, which Node has as well.
//
// Every offset and count in the file is checked before it is used, the size is checked
// against PHOTO_LIMIT before the pixels are allocated, and every loop is bounded by the
// bytes it reads, so a damaged or hostile file ends in a TiffError whose message says what
// to do, never in a hang or a crash.
import { isTiffFile, PHOTO_LIMIT, tooLargeMessage } from './imageHeader';

export interface DecodedTiff {
  /** Upright size: after the Orientation tag is applied. */
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row from the upright top-left corner, not premultiplied. */
  data: Uint8ClampedArray<ArrayBuffer>;
  /** The Orientation tag (1 to 8; 1 when absent or invalid), already applied to `data`. */
  orientation: number;
}

/** A refusal whose message is written for the user: what is wrong and what to do about it. */
export class TiffError extends Error {
  override readonly name = 'TiffError';
}

const RESAVE = 'Save the photo as an uncompressed or LZW TIFF, or as PNG, and add that.';

function unsupported(what: string): TiffError {
  return new TiffError(`Strain Seer cannot read ${what}. ${RESAVE}`);
}

function damaged(what: string): TiffError {
  return new TiffError(
    `This TIFF file is damaged: ${what}. Copy it from the camera again, or save it again as PNG.`,
  );
}

const CUT_SHORT = 'it ends before the data it points to (it may be cut short)';

// Tag numbers, from the TIFF 6.0 specification.
const TAG = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  fillOrder: 266,
  stripOffsets: 273,
  orientation: 274,
  samplesPerPixel: 277,
  rowsPerStrip: 278,
  stripByteCounts: 279,
  planarConfiguration: 284,
  predictor: 317,
  colorMap: 320,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  extraSamples: 338,
  sampleFormat: 339,
} as const;

/** Bytes per value of each field type (1 BYTE … 13 IFD); other types are skipped. */
const TYPE_SIZE: Readonly<Record<number, number>> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

const COMPRESSION = { none: 1, lzw: 5, deflate: 8, deflateOld: 32946, packBits: 32773 } as const;

const REFUSED_COMPRESSION: Readonly<Record<number, string>> = {
  2: 'TIFF files with CCITT fax compression',
  3: 'TIFF files with CCITT fax compression',
  4: 'TIFF files with CCITT fax compression',
  6: 'TIFF files with JPEG compression inside',
  7: 'TIFF files with JPEG compression inside',
  34712: 'TIFF files with JPEG 2000 compression inside',
  34892: 'TIFF files with lossy JPEG compression inside',
  34925: 'TIFF files with LZMA compression',
  50000: 'TIFF files with Zstandard compression',
  50001: 'TIFF files with WebP compression inside',
};

const PHOTOMETRIC = { whiteIsZero: 0, blackIsZero: 1, rgb: 2, palette: 3 } as const;

const REFUSED_PHOTOMETRIC: Readonly<Record<number, string>> = {
  4: 'TIFF transparency masks',
  5: 'CMYK TIFF files',
  6: 'YCbCr TIFF files',
  8: 'CIE L*a*b* TIFF files',
  9: 'CIE L*a*b* TIFF files',
  10: 'CIE L*a*b* TIFF files',
  32803: 'raw sensor (colour filter array) TIFF files',
  32844: 'LogLuv TIFF files',
  32845: 'LogLuv TIFF files',
  34892: 'raw sensor (linear raw) TIFF files',
};

/** A field of the IFD: its type, how many values, and where they start in the file. */
interface Field {
  type: number;
  count: number;
  at: number;
}

/** The file's bytes read in its own byte order, every read bounds-checked. */
class TiffBytes {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array<ArrayBuffer>,
    readonly little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless `length` bytes from `at` lie within the file. */
  need(at: number, length: number): void {
    if (at < 0 || length < 0 || at + length > this.bytes.length) throw damaged(CUT_SHORT);
  }

  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, this.little);
  }

  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, this.little);
  }
}

/** The first IFD's fields by tag (the first of duplicated tags wins). */
function readFirstIfd(file: TiffBytes): Map<number, Field> {
  const version = file.u16(2);
  if (version === 43) throw unsupported('BigTIFF files');
  if (version !== 42) throw damaged('its header is not that of a TIFF file');
  const offset = file.u32(4);
  const count = file.u16(offset);
  file.need(offset + 2, count * 12);
  const fields = new Map<number, Field>();
  for (let i = 0; i < count; i++) {
    const entry = offset + 2 + i * 12;
    const tag = file.u16(entry);
    const type = file.u16(entry + 2);
    const values = file.u32(entry + 4);
    const size = TYPE_SIZE[type];
    // Unknown field types are to be skipped, as the specification asks of readers.
    if (size === undefined || fields.has(tag)) continue;
    // Values that fit in four bytes are stored in the entry itself, left-justified.
    const at = size * values <= 4 ? entry + 8 : file.u32(entry + 8);
    fields.set(tag, { type, count: values, at });
  }
  return fields;
}

/** The IFD's unsigned integer fields, read whole. */
class Fields {
  constructor(
    private readonly file: TiffBytes,
    private readonly fields: Map<number, Field>,
  ) {}

  has(tag: number): boolean {
    return this.fields.has(tag);
  }

  /** All values of an unsigned BYTE, SHORT or LONG field; undefined when it is absent. */
  list(tag: number): number[] | undefined {
    const field = this.fields.get(tag);
    if (!field) return undefined;
    const { type, count, at } = field;
    if (type !== 1 && type !== 3 && type !== 4) throw damaged(`its tag ${tag} has the wrong type`);
    const size = TYPE_SIZE[type] as number;
    this.file.need(at, count * size);
    const values = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const p = at + i * size;
      values[i] =
        size === 1
          ? (this.file.bytes[p] as number)
          : size === 2
            ? this.file.u16(p)
            : this.file.u32(p);
    }
    return values;
  }

  /** The first value of the field, or the specification's default when it is absent. */
  one(tag: number, absent: number): number {
    return this.list(tag)?.[0] ?? absent;
  }

  /** The field's value for every sample, which must all be the same here. */
  perSample(tag: number, absent: number, what: string): number {
    const values = this.list(tag) ?? [absent];
    const first = values[0] ?? absent;
    if (values.some((value) => value !== first)) throw unsupported(what);
    return first;
  }
}

type SampleFormat = 'uint' | 'float';

/** Where a sample goes in the RGBA output. */
const Role = {
  Ignored: 0,
  Grey: 1,
  GreyInverted: 2,
  Red: 3,
  Green: 4,
  Blue: 5,
  Alpha: 6,
  Palette: 7,
} as const;
type Role = (typeof Role)[keyof typeof Role];

/** Everything needed to decode the image, checked before any pixel is allocated. */
interface Layout {
  width: number;
  height: number;
  samplesPerPixel: number;
  bits: number;
  format: SampleFormat;
  compression: number;
  predictor: number;
  planar: boolean;
  /** The role of each sample of a pixel. */
  roles: Role[];
  associatedAlpha: boolean;
  /** 256 × RGB, 8-bit, for palette images. */
  palette: Uint8Array | null;
  orientation: number;
  chunks: Chunks;
}

/** The strips or tiles: their size in pixels, their grid, and their bytes in the file. */
interface Chunks {
  tiled: boolean;
  width: number;
  height: number;
  across: number;
  down: number;
  offsets: number[];
  byteCounts: number[] | null;
}

function compressionOf(fields: Fields): number {
  const compression = fields.one(TAG.compression, COMPRESSION.none);
  const refused = REFUSED_COMPRESSION[compression];
  if (refused) throw unsupported(refused);
  if (!Object.values(COMPRESSION).some((known) => known === compression)) {
    throw unsupported(`TIFF files with compression method ${compression}`);
  }
  return compression;
}

function photometricOf(fields: Fields, samplesPerPixel: number): number {
  // Required, but some writers leave it out: guess from the number of samples.
  const absent = samplesPerPixel >= 3 ? PHOTOMETRIC.rgb : PHOTOMETRIC.blackIsZero;
  const photometric = fields.one(TAG.photometric, absent);
  const refused = REFUSED_PHOTOMETRIC[photometric];
  if (refused) throw unsupported(refused);
  if (photometric > PHOTOMETRIC.palette) {
    throw unsupported(`TIFF files with photometric interpretation ${photometric}`);
  }
  return photometric;
}

function sampleFormatOf(fields: Fields, bits: number): SampleFormat {
  const format = fields.perSample(TAG.sampleFormat, 1, 'TIFF files mixing sample formats');
  if (format === 2) throw unsupported('TIFF files with signed integer samples');
  if (format === 3) {
    if (bits !== 32) throw unsupported(`${bits}-bit floating-point TIFF files`);
    return 'float';
  }
  // 1 is unsigned integer; 4 ("undefined") is read as unsigned too.
  if (format !== 1 && format !== 4) throw unsupported(`TIFF files with sample format ${format}`);
  if (![1, 2, 4, 8, 16].includes(bits)) throw unsupported(`${bits}-bit TIFF files`);
  return 'uint';
}

/** The role of each sample: colour first, then the extra samples, of which one may be alpha. */
function rolesOf(
  photometric: number,
  samplesPerPixel: number,
  extraSamples: number[],
): { roles: Role[]; associatedAlpha: boolean } {
  const colour: Role[] =
    photometric === PHOTOMETRIC.rgb
      ? [Role.Red, Role.Green, Role.Blue]
      : photometric === PHOTOMETRIC.palette
        ? [Role.Palette]
        : [photometric === PHOTOMETRIC.whiteIsZero ? Role.GreyInverted : Role.Grey];
  if (samplesPerPixel < colour.length) {
    throw damaged(`it has ${samplesPerPixel} samples per pixel, too few for its colours`);
  }
  const roles = [...colour];
  let associatedAlpha = false;
  let alphaFound = false;
  for (let i = colour.length; i < samplesPerPixel; i++) {
    // 1 is associated (premultiplied) alpha, 2 unassociated; 0 is some other quantity.
    const kind = extraSamples[i - colour.length] ?? 0;
    const isAlpha = !alphaFound && (kind === 1 || kind === 2);
    if (isAlpha) {
      alphaFound = true;
      associatedAlpha = kind === 1;
    }
    roles.push(isAlpha ? Role.Alpha : Role.Ignored);
  }
  return { roles, associatedAlpha };
}

/** The ColorMap as 8-bit RGB triples: the file keeps all reds, then greens, then blues. */
function paletteOf(fields: Fields, bits: number): Uint8Array {
  if (bits > 8) throw unsupported(`${bits}-bit palette TIFF files`);
  const entries = 1 << bits;
  const map = fields.list(TAG.colorMap);
  if (!map || map.length < 3 * entries) throw damaged('its colour palette is missing or short');
  const palette = new Uint8Array(256 * 3);
  for (let i = 0; i < entries; i++) {
    for (let c = 0; c < 3; c++) palette[i * 3 + c] = to8(map[c * entries + i] as number);
  }
  return palette;
}

/** A 16-bit value to 8 bits, rounded to nearest (65535 / 257 = 255 exactly). */
function to8(value: number): number {
  return ((value + 128) / 257) | 0;
}

function chunksOf(fields: Fields, width: number, height: number, compression: number): Chunks {
  if (fields.has(TAG.tileWidth)) {
    const tileWidth = fields.one(TAG.tileWidth, 0);
    const tileHeight = fields.one(TAG.tileLength, 0);
    if (tileWidth === 0 || tileHeight === 0) throw damaged('its tiles have no size');
    if (tileWidth * tileHeight > PHOTO_LIMIT.pixels)
      throw damaged('its tiles are implausibly large');
    return {
      tiled: true,
      width: tileWidth,
      height: tileHeight,
      across: Math.ceil(width / tileWidth),
      down: Math.ceil(height / tileHeight),
      offsets: fields.list(TAG.tileOffsets) ?? [],
      byteCounts: fields.list(TAG.tileByteCounts) ?? null,
    };
  }
  const rowsPerStrip = Math.min(height, fields.one(TAG.rowsPerStrip, height) || height);
  const byteCounts = fields.list(TAG.stripByteCounts) ?? null;
  // Old writers may leave the byte counts out of an uncompressed file; they follow from the size.
  if (!byteCounts && compression !== COMPRESSION.none) throw damaged('its strip sizes are missing');
  return {
    tiled: false,
    width,
    height: rowsPerStrip,
    across: 1,
    down: Math.ceil(height / rowsPerStrip),
    offsets: fields.list(TAG.stripOffsets) ?? [],
    byteCounts,
  };
}

function layoutOf(fields: Fields): Layout {
  const width = fields.one(TAG.width, 0);
  const height = fields.one(TAG.height, 0);
  if (width === 0 || height === 0) throw damaged('it states no image size');
  const tooLarge = tooLargeMessage({ width, height });
  if (tooLarge) throw new TiffError(tooLarge);

  const compression = compressionOf(fields);
  const samplesPerPixel = fields.one(TAG.samplesPerPixel, 1);
  if (samplesPerPixel === 0) throw damaged('it has no samples per pixel');
  if (samplesPerPixel > 8)
    throw unsupported(`TIFF files with ${samplesPerPixel} samples per pixel`);
  const photometric = photometricOf(fields, samplesPerPixel);
  const bits = fields.perSample(
    TAG.bitsPerSample,
    1,
    'TIFF files whose samples differ in bit depth',
  );
  const format = sampleFormatOf(fields, bits);
  if (photometric === PHOTOMETRIC.palette && format === 'float') {
    throw damaged('its palette indices are floating-point numbers');
  }
  if (fields.one(TAG.fillOrder, 1) === 2) throw unsupported('TIFF files with reversed bit order');

  const predictor = fields.one(TAG.predictor, 1);
  if (predictor === 3) throw unsupported('TIFF files with the floating-point predictor');
  if (predictor === 2 && (format === 'float' || bits < 8)) {
    throw unsupported(`${bits}-bit TIFF files with horizontal differencing`);
  }
  if (predictor !== 1 && predictor !== 2) throw damaged(`its predictor ${predictor} is unknown`);

  const planarConfiguration = fields.one(TAG.planarConfiguration, 1);
  if (planarConfiguration !== 1 && planarConfiguration !== 2) {
    throw damaged(`its planar configuration ${planarConfiguration} is unknown`);
  }
  const { roles, associatedAlpha } = rolesOf(
    photometric,
    samplesPerPixel,
    fields.list(TAG.extraSamples) ?? [],
  );
  const orientation = fields.one(TAG.orientation, 1);
  return {
    width,
    height,
    samplesPerPixel,
    bits,
    format,
    compression,
    predictor,
    planar: planarConfiguration === 2 && samplesPerPixel > 1,
    roles,
    associatedAlpha,
    palette: photometric === PHOTOMETRIC.palette ? paletteOf(fields, bits) : null,
    orientation: orientation >= 1 && orientation <= 8 ? orientation : 1,
    chunks: chunksOf(fields, width, height, compression),
  };
}

/** Samples stored together in one chunk: all of a pixel's, or one plane's. */
function samplesPerChunk(layout: Layout): number {
  return layout.planar ? 1 : layout.samplesPerPixel;
}

function rowBytesOf(layout: Layout): number {
  return Math.ceil((layout.chunks.width * samplesPerChunk(layout) * layout.bits) / 8);
}

function chunkCount(layout: Layout): number {
  const { across, down } = layout.chunks;
  return across * down * (layout.planar ? layout.samplesPerPixel : 1);
}

/** The chunk's first sample (its plane) and its top-left corner in the stored image. */
function chunkOrigin(layout: Layout, index: number): { sample: number; x: number; y: number } {
  const { across, down, width, height } = layout.chunks;
  const inPlane = index % (across * down);
  return {
    sample: layout.planar ? Math.floor(index / (across * down)) : 0,
    x: (inPlane % across) * width,
    y: Math.floor(inPlane / across) * height,
  };
}

/** Bytes of image data in a chunk: tiles are always whole; the last strip may be short. */
function bytesIn(layout: Layout, index: number): number {
  const { chunks } = layout;
  const rows = chunks.tiled
    ? chunks.height
    : Math.min(chunks.height, layout.height - chunkOrigin(layout, index).y);
  return rows * rowBytesOf(layout);
}

/** Refuses a file whose chunks are missing or lie outside it, before anything is allocated. */
function checkChunks(layout: Layout, file: TiffBytes): void {
  const { chunks } = layout;
  const total = chunkCount(layout);
  if (chunks.offsets.length < total || (chunks.byteCounts && chunks.byteCounts.length < total)) {
    throw damaged('it lists fewer strips or tiles than its image needs');
  }
  if (rowBytesOf(layout) * chunks.height > 2 ** 30)
    throw damaged('its strips are implausibly large');
  for (let i = 0; i < total; i++) {
    file.need(chunks.offsets[i] as number, chunks.byteCounts?.[i] ?? bytesIn(layout, i));
  }
}

/** Decompresses one chunk to at most `expected` bytes. */
async function decompress(compression: number, data: Uint8Array, expected: number) {
  switch (compression) {
    case COMPRESSION.lzw:
      return lzw(data, expected);
    case COMPRESSION.packBits:
      return packBits(data, expected);
    case COMPRESSION.deflate:
    case COMPRESSION.deflateOld:
      return inflate(data, expected);
    default:
      return data.subarray(0, expected);
  }
}

/**
 * LZW as TIFF 6.0 defines it: codes MSB-first from 9 to 12 bits, 256 clears the table, 257
 * ends the data, and the code width grows one code early (at 511, 1023 and 2047 entries).
 */
export function lzw(data: Uint8Array, expected: number): Uint8Array {
  // Old-style LZW (LSB-first, from libtiff before 1993) starts with a clear code that reads so.
  if (data[0] === 0 && ((data[1] ?? 0) & 1) === 1) {
    throw unsupported('TIFF files with old-style LZW compression');
  }
  const out = new Uint8Array(expected);
  // Every string in the table has been written out whole before (an entry is the previous
  // code's string followed by the first byte of the next, which the output holds side by
  // side), so a code is decoded by copying from where its string was written: about three
  // times faster on a 12 MP photo than walking the entry's chain of prefixes byte by byte.
  const start = new Int32Array(4096);
  const length = new Uint16Array(4096);
  const totalBits = data.length * 8;
  let bit = 0;
  let width = 9;
  let next = 258;
  let previous = -1;
  let previousAt = 0;
  let filled = 0;
  // Each pass reads one code, so the loop ends with the data at the latest.
  while (filled < expected && bit + width <= totalBits) {
    const code = readCode(data, bit, width);
    bit += width;
    if (code === 257) break;
    if (code === 256) {
      width = 9;
      next = 258;
      previous = -1;
      continue;
    }
    const at = filled;
    if (previous === -1) {
      if (code > 255) throw damaged('its LZW-compressed data is corrupt');
      out[filled++] = code;
    } else if (code > next || (code === next && next === 4096)) {
      throw damaged('its LZW-compressed data is corrupt');
    } else {
      filled = writeCode(out, filled, code, next, start, length, previous, previousAt);
      if (next < 4096) {
        start[next] = previousAt;
        length[next] = stringLength(previous, length) + 1;
        next++;
        if (next >= (1 << width) - 1 && width < 12) width++;
      }
    }
    previous = code;
    previousAt = at;
  }
  return out.subarray(0, filled);
}

function stringLength(code: number, length: Uint16Array): number {
  return code < 256 ? 1 : (length[code] as number);
}

/** Writes a code's string at `filled`, as much of it as fits; returns the new end. */
function writeCode(
  out: Uint8Array,
  filled: number,
  code: number,
  next: number,
  start: Int32Array,
  length: Uint16Array,
  previous: number,
  previousAt: number,
): number {
  if (code < 256) {
    out[filled] = code;
    return filled + 1;
  }
  // The code being defined right now: the previous string and that string's first byte.
  const fresh = code === next;
  const from = fresh ? previousAt : (start[code] as number);
  const size = fresh ? stringLength(previous, length) + 1 : (length[code] as number);
  const end = Math.min(out.length, filled + size);
  const copied = Math.min(end, filled + (fresh ? size - 1 : size)) - filled;
  // Short strings are most of them; a loop beats copyWithin's call for those.
  if (copied < 16) for (let k = 0; k < copied; k++) out[filled + k] = out[from + k] as number;
  else out.copyWithin(filled, from, from + copied);
  if (fresh && filled + size - 1 < end) out[filled + size - 1] = out[previousAt] as number;
  return end;
}

function readCode(data: Uint8Array, bit: number, width: number): number {
  const at = bit >>> 3;
  const word = ((data[at] ?? 0) << 16) | ((data[at + 1] ?? 0) << 8) | (data[at + 2] ?? 0);
  return (word >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
}

/** PackBits: a byte n < 128 copies n + 1 bytes, n > 128 repeats the next byte 257 − n times. */
function packBits(data: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let filled = 0;
  let at = 0;
  while (filled < expected && at < data.length) {
    const n = data[at++] as number;
    if (n < 128) {
      const run = data.subarray(at, Math.min(at + n + 1, data.length, at + expected - filled));
      out.set(run, filled);
      filled += run.length;
      at += n + 1;
    } else if (n > 128) {
      const run = Math.min(257 - n, expected - filled);
      if (at < data.length) out.fill(data[at] as number, filled, filled + run);
      filled += at < data.length ? run : 0;
      at++;
    }
  }
  return out.subarray(0, filled);
}

/** zlib-wrapped Deflate, stopped once `expected` bytes are out (so a bomb inflates no further). */
async function inflate(data: Uint8Array, expected: number): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let filled = 0;
  const reader = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'))
    .getReader();
  try {
    while (filled < expected) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, expected - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch {
    // A stream that ends badly after all the pixels came out (a missing checksum, padding)
    // is accepted; one that fails before is not.
    if (filled < expected) throw damaged('its Deflate-compressed data is corrupt');
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}

/** Undoes horizontal differencing (Predictor 2) in place, row by row, modulo the sample size. */
function undoPredictor(data: Uint8Array, layout: Layout, little: boolean): void {
  const stride = samplesPerChunk(layout);
  const rowBytes = rowBytesOf(layout);
  const rows = data.length / rowBytes;
  const samples = layout.chunks.width * stride;
  for (let r = 0; r < rows; r++) {
    const start = r * rowBytes;
    if (layout.bits === 8) {
      for (let i = stride; i < samples; i++) {
        data[start + i] =
          ((data[start + i] as number) + (data[start + i - stride] as number)) & 255;
      }
      continue;
    }
    const hi = little ? 1 : 0;
    const lo = 1 - hi;
    for (let i = stride; i < samples; i++) {
      const p = start + i * 2;
      const q = p - stride * 2;
      const sum =
        (((data[p + hi] as number) << 8) | (data[p + lo] as number)) +
        (((data[q + hi] as number) << 8) | (data[q + lo] as number));
      data[p + hi] = (sum >>> 8) & 255;
      data[p + lo] = sum & 255;
    }
  }
}

/** Reads `count` samples of a row as 8-bit values (palette indices kept as they are). */
type RowReader = (chunk: Uint8Array, start: number, count: number, out: Uint8ClampedArray) => void;

function rowReaderOf(layout: Layout, little: boolean): RowReader {
  const { bits, format } = layout;
  if (format === 'float') {
    return (chunk, start, count, out) => {
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // The clamped array rounds, clamps to 0..255 and turns NaN into 0.
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + i * 4, little) * 255;
    };
  }
  if (bits === 16) {
    const hi = little ? 1 : 0;
    const lo = 1 - hi;
    return (chunk, start, count, out) => {
      for (let i = 0; i < count; i++) {
        const p = start + i * 2;
        out[i] = to8(((chunk[p + hi] as number) << 8) | (chunk[p + lo] as number));
      }
    };
  }
  if (bits === 8)
    return (chunk, start, count, out) => out.set(chunk.subarray(start, start + count));
  // 1, 2 or 4 bits, packed from the high bit down; grey levels stretched to 0..255.
  const mask = (1 << bits) - 1;
  const scale = layout.palette ? 1 : 255 / mask;
  return (chunk, start, count, out) => {
    for (let i = 0; i < count; i++) {
      const bit = i * bits;
      const byte = chunk[start + (bit >>> 3)] as number;
      out[i] = ((byte >>> (8 - bits - (bit & 7))) & mask) * scale;
    }
  };
}

/** Where stored pixel (x, y) lands in the upright RGBA, as pixel index origin + x·stepX + y·stepY. */
interface Placement {
  width: number;
  height: number;
  origin: number;
  stepX: number;
  stepY: number;
}

/**
 * The Orientation tag names which visual sides row 0 and column 0 of the stored image are
 * (1: top and left, 6: right and top, …); the upright position of a stored pixel is linear
 * in its coordinates, so one origin and two steps describe each case.
 */
function placementOf(orientation: number, width: number, height: number): Placement {
  const w = width - 1;
  const h = height - 1;
  // Upright u = u0 + ux·x + uy·y and v = v0 + vx·x + vy·y for stored (x, y).
  const [u0, ux, uy, v0, vx, vy] = (
    {
      1: [0, 1, 0, 0, 0, 1],
      2: [w, -1, 0, 0, 0, 1],
      3: [w, -1, 0, h, 0, -1],
      4: [0, 1, 0, h, 0, -1],
      5: [0, 0, 1, 0, 1, 0],
      6: [h, 0, -1, 0, 1, 0],
      7: [h, 0, -1, w, -1, 0],
      8: [0, 0, 1, w, -1, 0],
    } as Record<number, [number, number, number, number, number, number]>
  )[orientation] ?? [0, 1, 0, 0, 0, 1];
  const upright = orientation >= 5 ? { width: height, height: width } : { width, height };
  return {
    ...upright,
    origin: v0 * upright.width + u0,
    stepX: vx * upright.width + ux,
    stepY: vy * upright.width + uy,
  };
}

/**
 * Where each sample of a chunk goes in an RGBA pixel (0-3), when every sample is a colour
 * channel or alpha (or ignored: -1); null for grey and palette images, which fan out.
 */
function directChannels(roles: readonly Role[], first: number, count: number): Int8Array | null {
  const channels = new Int8Array(count);
  for (let s = 0; s < count; s++) {
    const role = roles[first + s];
    if (role === Role.Red) channels[s] = 0;
    else if (role === Role.Green) channels[s] = 1;
    else if (role === Role.Blue) channels[s] = 2;
    else if (role === Role.Alpha) channels[s] = 3;
    else if (role === Role.Ignored) channels[s] = -1;
    else return null;
  }
  return channels;
}

/** Writes one decoded chunk's samples into the RGBA image. */
function placeChunk(
  chunk: Uint8Array,
  index: number,
  layout: Layout,
  read: RowReader,
  place: Placement,
  rgba: Uint8ClampedArray,
): void {
  const { chunks, width, height, roles } = layout;
  const { sample: firstSample, x: x0, y: y0 } = chunkOrigin(layout, index);
  const stride = samplesPerChunk(layout);
  const columns = Math.min(chunks.width, width - x0);
  const rows = Math.min(chunks.height, height - y0);
  const rowBytes = rowBytesOf(layout);
  const row = new Uint8ClampedArray(columns * stride);
  const channels = directChannels(roles, firstSample, stride);
  const rgb = channels !== null && stride === 3 && channels.join() === '0,1,2';
  const step = place.stepX * 4;
  for (let r = 0; r < rows; r++) {
    read(chunk, r * rowBytes, columns * stride, row);
    const at = (place.origin + x0 * place.stepX + (y0 + r) * place.stepY) * 4;
    // Plain RGB, what most cameras write, goes straight across: a third of the time of the
    // general path for a 12 MP photo.
    if (rgb) placeRgbRow(row, columns, rgba, at, step);
    else if (channels) placeChannelsRow(row, columns, channels, rgba, at, step);
    else placeFannedRow(row, columns, stride, roles, firstSample, layout.palette, rgba, at, step);
  }
}

function placeRgbRow(
  row: Uint8ClampedArray,
  columns: number,
  rgba: Uint8ClampedArray,
  at: number,
  step: number,
): void {
  for (let c = 0, i = 0; c < columns; c++, i += 3, at += step) {
    rgba[at] = row[i] as number;
    rgba[at + 1] = row[i + 1] as number;
    rgba[at + 2] = row[i + 2] as number;
  }
}

function placeChannelsRow(
  row: Uint8ClampedArray,
  columns: number,
  channels: Int8Array,
  rgba: Uint8ClampedArray,
  at: number,
  step: number,
): void {
  const stride = channels.length;
  for (let c = 0, i = 0; c < columns; c++, at += step) {
    for (let s = 0; s < stride; s++, i++) {
      const channel = channels[s] as number;
      if (channel >= 0) rgba[at + channel] = row[i] as number;
    }
  }
}

/** Grey and palette samples, which set all three colour channels at once. */
function placeFannedRow(
  row: Uint8ClampedArray,
  columns: number,
  stride: number,
  roles: readonly Role[],
  firstSample: number,
  palette: Uint8Array | null,
  rgba: Uint8ClampedArray,
  at: number,
  step: number,
): void {
  for (let c = 0, i = 0; c < columns; c++, at += step) {
    for (let s = 0; s < stride; s++, i++) {
      const value = row[i] as number;
      switch (roles[firstSample + s]) {
        case Role.Grey:
          rgba[at] = rgba[at + 1] = rgba[at + 2] = value;
          break;
        case Role.GreyInverted:
          rgba[at] = rgba[at + 1] = rgba[at + 2] = 255 - value;
          break;
        case Role.Alpha:
          rgba[at + 3] = value;
          break;
        case Role.Palette:
          rgba[at] = (palette as Uint8Array)[value * 3] as number;
          rgba[at + 1] = (palette as Uint8Array)[value * 3 + 1] as number;
          rgba[at + 2] = (palette as Uint8Array)[value * 3 + 2] as number;
          break;
      }
    }
  }
}

/**
 * Associated alpha is divided out: ImageData, and so everything downstream, expects colours
 * that are not premultiplied.
 */
function unpremultiply(rgba: Uint8ClampedArray): void {
  for (let at = 0; at < rgba.length; at += 4) {
    const alpha = rgba[at + 3] as number;
    if (alpha === 0 || alpha === 255) continue;
    for (let c = at; c < at + 3; c++) rgba[c] = Math.round(((rgba[c] as number) * 255) / alpha);
  }
}

/**
 * The first image of a TIFF file, upright, as RGBA. Throws a TiffError, whose message is
 * meant for the user, for anything it cannot or will not read.
 */
export async function decodeTiff(
  input: ArrayBuffer | Uint8Array<ArrayBuffer>,
): Promise<DecodedTiff> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (!isTiffFile(bytes)) throw damaged('its header is not that of a TIFF file');
  const file = new TiffBytes(bytes, bytes[0] === 0x49);
  const layout = layoutOf(new Fields(file, readFirstIfd(file)));
  checkChunks(layout, file);

  const place = placementOf(layout.orientation, layout.width, layout.height);
  const rgba = new Uint8ClampedArray(layout.width * layout.height * 4).fill(255);
  const read = rowReaderOf(layout, file.little);
  const { chunks } = layout;
  for (let i = 0; i < chunkCount(layout); i++) {
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
