// What the first image is made of (size, samples, compression, strips or tiles), read from
// its fields and checked in full before a single pixel is allocated.
import { PHOTO_LIMIT, tooLargeMessage } from '../imageHeader';
import { TiffError, damaged, unsupported } from './errors';
import { TAG } from './file';
import type { Fields, TiffBytes } from './file';

export const COMPRESSION = {
  none: 1,
  lzw: 5,
  deflate: 8,
  deflateOld: 32946,
  packBits: 32773,
} as const;

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

type SampleFormat = 'uint' | 'float';

/** Where a sample goes in the RGBA output. */
export const Role = {
  Ignored: 0,
  Grey: 1,
  GreyInverted: 2,
  Red: 3,
  Green: 4,
  Blue: 5,
  Alpha: 6,
  Palette: 7,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Everything needed to decode the image, checked before any pixel is allocated. */
export interface Layout {
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
export function to8(value: number): number {
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

export function layoutOf(fields: Fields): Layout {
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
export function samplesPerChunk(layout: Layout): number {
  return layout.planar ? 1 : layout.samplesPerPixel;
}

export function rowBytesOf(layout: Layout): number {
  return Math.ceil((layout.chunks.width * samplesPerChunk(layout) * layout.bits) / 8);
}

export function chunkCount(layout: Layout): number {
  const { across, down } = layout.chunks;
  return across * down * (layout.planar ? layout.samplesPerPixel : 1);
}

/** The chunk's first sample (its plane) and its top-left corner in the stored image. */
export function chunkOrigin(
  layout: Layout,
  index: number,
): { sample: number; x: number; y: number } {
  const { across, down, width, height } = layout.chunks;
  const inPlane = index % (across * down);
  return {
    sample: layout.planar ? Math.floor(index / (across * down)) : 0,
    x: (inPlane % across) * width,
    y: Math.floor(inPlane / across) * height,
  };
}

/** Bytes of image data in a chunk: tiles are always whole; the last strip may be short. */
export function bytesIn(layout: Layout, index: number): number {
  const { chunks } = layout;
  const rows = chunks.tiled
    ? chunks.height
    : Math.min(chunks.height, layout.height - chunkOrigin(layout, index).y);
  return rows * rowBytesOf(layout);
}

/** Refuses a file whose chunks are missing or lie outside it, before anything is allocated. */
export function checkChunks(layout: Layout, file: TiffBytes): void {
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

/**
 * What decoding one strip or tile costs beside its pixels, in pixels' worth of work: each is
 * a decompression started and finished (about a millisecond for a stream of Deflate), so an
 * image cut into very many tiny tiles costs far more than its pixels say.
 */
const CHUNK_COST = 1024;
/** The work any image may ask for, in pixels, on top of twice its own pixels per plane. */
const BUDGET_ALLOWANCE = 4_000_000;

/**
 * Refuses a file whose strips or tiles would cost far more work than the pixels they make:
 * 250,000 tiles of 16 × 16 for 64 MP (minutes of decompression for a file of 2 MB), or one
 * tile of 100 MP for a 1 × 1 image. The budget is twice the image's pixels, per plane, plus
 * an allowance; each strip or tile costs its whole area (padding included) and CHUNK_COST.
 * An image of ordinary strips (a row each, even) or tiles (16 × 16 at small sizes, 256 × 256
 * at large ones) stays well inside it.
 */
export function checkWorkBudget(layout: Layout): void {
  const { chunks } = layout;
  const planes = layout.planar ? layout.samplesPerPixel : 1;
  const budget = 2 * layout.width * layout.height * planes + BUDGET_ALLOWANCE;
  const work = chunkCount(layout) * (chunks.width * chunks.height + CHUNK_COST);
  if (work > budget) {
    const kind = chunks.tiled ? 'tiles' : 'strips';
    throw damaged(
      `its ${chunkCount(layout)} ${kind} of ${chunks.width} × ${chunks.height} pixels would take far more work to decode than its ${layout.width} × ${layout.height} pixels need, as only a file made to stall a reader does`,
    );
  }
}
