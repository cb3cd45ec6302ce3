// The TIFF decoder against two encoders it shares nothing with: files written by libtiff's
// own tools (tests/fixtures/tiff, made by make_tiffs.py) and files written here by
// tiffWriter.ts from known pixels, in every supported variant; the Orientation tag against
// the specification's own words; and damaged or hostile files, which must end quickly in a
// TiffError whose message says what to do.
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tooLargeMessage } from '../../../src/io/imageHeader';
import { decodeTiff, lzw, TiffError } from '../../../src/io/tiff';
import { encodeLzw, rgbLzwTiff, writeTiff } from './tiffWriter';
import type { Compression, TiffSpec } from './tiffWriter';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/tiff/${name}`, import.meta.url)));

const BLACK_IS_ZERO = 1;
const WHITE_IS_ZERO = 0;
const RGB = 2;
const PALETTE = 3;

/** Deterministic samples in 0..max, different for every test that asks. */
function randomSamples(count: number, max: number, seed = 7): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % (max + 1);
  });
}

/** The first pixel where two RGBA buffers differ, or null when they are equal. */
function firstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string | null {
  if (actual.length !== expected.length) {
    return `length ${actual.length}, expected ${expected.length}`;
  }
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) {
      const pixel = Math.floor(i / 4);
      return `pixel ${pixel} channel ${i % 4}: ${actual[i]}, expected ${expected[i]}`;
    }
  }
  return null;
}

/** RGBA from per-pixel [r, g, b, a] computed by the test. */
function rgbaFrom(pixels: number, pixel: (i: number) => number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < pixels; i++) out.push(...pixel(i));
  return out;
}

/** Overwrites the value (or offset) of a field of a little-endian file's first IFD. */
function setEntryValue(file: Uint8Array<ArrayBuffer>, tag: number, value: number): void {
  const view = new DataView(file.buffer);
  const ifd = view.getUint32(4, true);
  for (let i = 0; i < view.getUint16(ifd, true); i++) {
    const entry = ifd + 2 + i * 12;
    if (view.getUint16(entry, true) === tag) view.setUint32(entry + 8, value, true);
  }
}

/** The error a promise rejects with (a failure if it resolves). */
async function refusal(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the decode to fail');
}

describe('TIFF files written by libtiff', () => {
  const W = 90;
  const H = 60;

  /** The same pixels as make_tiffs.py makes. */
  function pattern(channels: number, maxval: number): number[] {
    let state = 1;
    const out: number[] = [];
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < channels; c++) {
          state = (state * 75 + 74) % 65537;
          if (x < 30) {
            const value = (x * 8 + y * 4 + c * 85) % 256;
            out.push(maxval > 255 ? value * 257 : value);
          } else out.push(state % (maxval + 1));
        }
      }
    }
    return out;
  }

  const rgb8 = pattern(3, 255);
  const expectedRgb8 = rgbaFrom(W * H, (i) => [...rgb8.slice(i * 3, i * 3 + 3), 255]);
  const rgb16 = pattern(3, 65535);
  const expectedRgb16 = rgbaFrom(W * H, (i) => [
    ...rgb16.slice(i * 3, i * 3 + 3).map((v) => Math.round((v * 255) / 65535)),
    255,
  ]);

  it.each([
    ['rgb8-lzw-strips.tif', expectedRgb8],
    ['rgb8-lzw-predictor-planar-mm.tif', expectedRgb8],
    ['rgb8-deflate-predictor-tiles.tif', expectedRgb8],
    ['rgb8-packbits-mm.tif', expectedRgb8],
    ['rgb16-lzw-predictor-mm.tif', expectedRgb16],
    ['rgb16-deflate-tiles.tif', expectedRgb16],
  ])('%s decodes to its pixels', async (name, expected) => {
    const image = await decodeTiff(fixture(name));
    expect([image.width, image.height, image.orientation]).toEqual([W, H, 1]);
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  it('grey8-lzw.tif: grey levels on all three channels', async () => {
    const grey = pattern(1, 255);
    const image = await decodeTiff(fixture('grey8-lzw.tif'));
    const expected = rgbaFrom(W * H, (i) => [grey[i]!, grey[i]!, grey[i]!, 255]);
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  it('bilevel-packbits.tif: 1-bit WhiteIsZero, rows padded to whole bytes', async () => {
    const image = await decodeTiff(fixture('bilevel-packbits.tif'));
    // The PBM it came from: a 1 (black) where the 3 × 2 checks' parities differ.
    const expected = rgbaFrom(W * H, (i) => {
      const x = i % W;
      const y = Math.floor(i / W);
      const v = ((Math.floor(x / 3) ^ Math.floor(y / 2)) & 1) === 1 ? 0 : 255;
      return [v, v, v, 255];
    });
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  it('rotated-o6.tif: stored 32 × 48 with Orientation 6, comes out 48 × 32 with the dot on the left', async () => {
    const image = await decodeTiff(fixture('rotated-o6.tif'));
    expect([image.width, image.height, image.orientation]).toEqual([48, 32, 6]);
    const red = (x: number, y: number) => image.data[(y * image.width + x) * 4]!;
    expect(red(14, 16)).toBeLessThan(100);
    expect(red(34, 16)).toBeGreaterThan(200);
  });

  it('rgb8-jpeg.tif: JPEG inside a TIFF is refused with what to do instead', async () => {
    const error = await refusal(decodeTiff(fixture('rgb8-jpeg.tif')));
    expect(error).toBeInstanceOf(TiffError);
    expect(error.message).toBe(
      'Strain Seer cannot read TIFF files with JPEG compression inside. Save the photo as an uncompressed or LZW TIFF, or as PNG, and add that.',
    );
  });
});

describe('TIFF files written here, every layout and compression', () => {
  const W = 37;
  const H = 21;
  const layouts: [string, Partial<TiffSpec>][] = [
    ['strips of 4 rows (a short last strip)', { rowsPerStrip: 4 }],
    ['one strip, IFD first', { ifdFirst: true }],
    ['16 × 16 tiles', { tile: [16, 16] }],
    ['planar strips of 5 rows', { planar: true, rowsPerStrip: 5 }],
    ['planar 16 × 32 tiles', { planar: true, tile: [16, 32] }],
  ];
  const compressions: Compression[] = ['none', 'packbits', 'lzw', 'deflate', 'deflate-old'];
  const cases = layouts.flatMap(([layout, options]) =>
    compressions.flatMap((compression) =>
      [false, true].flatMap((bigEndian) =>
        [false, true].map(
          (predictor) =>
            [layout, compression, bigEndian ? 'MM' : 'II', predictor, options] as const,
        ),
      ),
    ),
  );

  type Decoded = Awaited<ReturnType<typeof decodeTiff>>;
  type Pixels = Pick<TiffSpec, 'samplesPerPixel' | 'bits' | 'samples' | 'photometric'> &
    Partial<TiffSpec>;
  /** One kind of pixels written in every case of `cases` (layout and encoding), read back and checked. */
  const readsInEveryLayout = (kind: string, pixels: Pixels, check: (image: Decoded) => void) =>
    it.each(cases)(
      `${kind}, %s, %s, %s, predictor %s`,
      async (_layout, compression, order, predictor, options) => {
        const file = writeTiff({
          ...pixels,
          width: W,
          height: H,
          compression,
          bigEndian: order === 'MM',
          predictor,
          ...options,
        });
        check(await decodeTiff(file));
      },
    );

  const rgb = randomSamples(W * H * 3, 255, 11);
  readsInEveryLayout(
    'RGB 8-bit',
    { samplesPerPixel: 3, bits: 8, samples: rgb, photometric: RGB },
    (image) => {
      expect([image.width, image.height]).toEqual([W, H]);
      const expected = rgbaFrom(W * H, (i) => [...rgb.slice(i * 3, i * 3 + 3), 255]);
      expect(firstDifference(image.data, expected)).toBe(null);
    },
  );

  const grey16 = randomSamples(W * H * 2, 65535, 5);
  readsInEveryLayout(
    'grey 16-bit with alpha',
    {
      samplesPerPixel: 2,
      bits: 16,
      samples: grey16,
      photometric: BLACK_IS_ZERO,
      extraSamples: [2],
    },
    (image) => {
      // Rounded to nearest: 65535 maps to 255, 128 to 0, 129 to 1.
      const to8 = (v: number) => Math.round((v * 255) / 65535);
      const expected = rgbaFrom(W * H, (i) => {
        const grey = to8(grey16[i * 2]!);
        return [grey, grey, grey, to8(grey16[i * 2 + 1]!)];
      });
      expect(firstDifference(image.data, expected)).toBe(null);
    },
  );
});

describe('TIFF sample kinds', () => {
  const W = 13; // not a whole number of bytes at 1, 2 or 4 bits
  const H = 6;
  const base = { width: W, height: H, compression: 'lzw' as const };

  it.each([1, 2, 4])(
    '%i-bit grey, BlackIsZero and WhiteIsZero, stretched to 0..255',
    async (bits) => {
      const max = 2 ** bits - 1;
      const samples = randomSamples(W * H, max, bits);
      for (const photometric of [BLACK_IS_ZERO, WHITE_IS_ZERO]) {
        const file = writeTiff({ ...base, samplesPerPixel: 1, bits, samples, photometric });
        const image = await decodeTiff(file);
        const expected = rgbaFrom(W * H, (i) => {
          const level = Math.round((samples[i]! * 255) / max);
          const v = photometric === WHITE_IS_ZERO ? 255 - level : level;
          return [v, v, v, 255];
        });
        expect(firstDifference(image.data, expected)).toBe(null);
      }
    },
  );

  it('8-bit WhiteIsZero is inverted', async () => {
    const samples = randomSamples(W * H, 255, 3);
    const file = writeTiff({ ...base, samplesPerPixel: 1, bits: 8, samples, photometric: 0 });
    const image = await decodeTiff(file);
    const expected = rgbaFrom(W * H, (i) => [
      255 - samples[i]!,
      255 - samples[i]!,
      255 - samples[i]!,
      255,
    ]);
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  it.each([4, 8])('%i-bit palette through its 16-bit ColorMap', async (bits) => {
    const entries = 2 ** bits;
    const colorMap = randomSamples(entries * 3, 65535, 99);
    const samples = randomSamples(W * H, entries - 1, 17);
    const file = writeTiff({
      ...base,
      samplesPerPixel: 1,
      bits,
      samples,
      photometric: PALETTE,
      colorMap,
    });
    const image = await decodeTiff(file);
    // The ColorMap holds all reds, then all greens, then all blues.
    const expected = rgbaFrom(W * H, (i) => [
      ...[0, 1, 2].map((c) => Math.round((colorMap[c * entries + samples[i]!]! * 255) / 65535)),
      255,
    ]);
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  /** 8-bit RGB with a fourth sample of the given ExtraSamples kind (0 other, 1 associated alpha, 2 unassociated). */
  const rgbPlusOne = (samples: number[], extra: number) =>
    writeTiff({
      ...base,
      samplesPerPixel: 4,
      bits: 8,
      samples,
      photometric: RGB,
      extraSamples: [extra],
    });

  it('RGBA with unassociated alpha keeps colour and alpha as they are', async () => {
    const samples = randomSamples(W * H * 4, 255, 23);
    const file = rgbPlusOne(samples, 2);
    const image = await decodeTiff(file);
    expect(firstDifference(image.data, samples)).toBe(null);
  });

  it('RGBA with associated (premultiplied) alpha comes out un-premultiplied', async () => {
    const straight = randomSamples(W * H * 4, 255, 29);
    const premultiplied = straight.map((v, i) =>
      i % 4 === 3 ? v : Math.round((v * straight[i - (i % 4) + 3]!) / 255),
    );
    const file = rgbPlusOne(premultiplied, 1);
    const image = await decodeTiff(file);
    const expected = rgbaFrom(W * H, (i) => {
      const alpha = premultiplied[i * 4 + 3]!;
      const colour = premultiplied.slice(i * 4, i * 4 + 3);
      if (alpha === 0 || alpha === 255) return [...colour, alpha];
      return [...colour.map((c) => Math.min(255, Math.round((c * 255) / alpha))), alpha];
    });
    expect(firstDifference(image.data, expected)).toBe(null);
    // Far from rounding trouble, the straight colours come back.
    const opaque = straight.findIndex((v, i) => i % 4 === 3 && v > 200);
    expect(Math.abs(image.data[opaque - 3]! - straight[opaque - 3]!)).toBeLessThanOrEqual(1);
  });

  it('an extra sample that is not alpha is ignored, and the pixel stays opaque', async () => {
    const samples = randomSamples(W * H * 4, 255, 31);
    const file = rgbPlusOne(samples, 0);
    const image = await decodeTiff(file);
    const expected = rgbaFrom(W * H, (i) => [...samples.slice(i * 4, i * 4 + 3), 255]);
    expect(firstDifference(image.data, expected)).toBe(null);
  });

  it('32-bit float grey and RGB: 0..1 to 0..255, clamped, NaN as 0', async () => {
    const specials = [0, 1, 0.5019607843, -0.25, 1.7, Number.NaN, 1 / 255];
    const values = randomSamples(W * H * 3, 1_000_000, 41).map(
      (v, i) => specials[i] ?? v / 1_000_000,
    );
    const to8 = (f: number) =>
      Number.isNaN(f) ? 0 : Math.round(Math.min(1, Math.max(0, f)) * 255);
    for (const bigEndian of [false, true]) {
      const rgbFile = writeTiff({
        ...base,
        samplesPerPixel: 3,
        bits: 32,
        float: true,
        samples: values,
        photometric: RGB,
        bigEndian,
        compression: 'deflate',
      });
      const rgbImage = await decodeTiff(rgbFile);
      const f32 = Float32Array.from(values); // what the file holds
      const expected = rgbaFrom(W * H, (i) => [...[0, 1, 2].map((c) => to8(f32[i * 3 + c]!)), 255]);
      expect(firstDifference(rgbImage.data, expected)).toBe(null);

      const greyFile = writeTiff({
        ...base,
        samplesPerPixel: 1,
        bits: 32,
        float: true,
        samples: values.slice(0, W * H),
        photometric: BLACK_IS_ZERO,
        bigEndian,
      });
      const greyImage = await decodeTiff(greyFile);
      const grey = rgbaFrom(W * H, (i) => [to8(f32[i]!), to8(f32[i]!), to8(f32[i]!), 255]);
      expect(firstDifference(greyImage.data, grey)).toBe(null);
    }
  });
});

describe('the Orientation tag', () => {
  // TIFF 6.0 describes each value by the visual sides that the stored image's row 0 and
  // column 0 show: 6, for example, "The 0th row represents the visual right-hand side of
  // the image, and the 0th column represents the visual top."
  type Side = 'top' | 'bottom' | 'left' | 'right';
  const SIDES: Record<number, [row0: Side, column0: Side]> = {
    1: ['top', 'left'],
    2: ['top', 'right'],
    3: ['bottom', 'right'],
    4: ['bottom', 'left'],
    5: ['left', 'top'],
    6: ['right', 'top'],
    7: ['right', 'bottom'],
    8: ['left', 'bottom'],
  };
  const opposite: Record<Side, Side> = {
    top: 'bottom',
    bottom: 'top',
    left: 'right',
    right: 'left',
  };

  /** The upright corner pixel that lies on both sides. */
  function corner(a: Side, b: Side, width: number, height: number): [number, number] {
    const sides = [a, b];
    return [sides.includes('right') ? width - 1 : 0, sides.includes('bottom') ? height - 1 : 0];
  }

  const W = 5;
  const H = 3;
  const RED = [255, 0, 0];
  const GREEN = [0, 255, 0];
  const BLUE = [0, 0, 255];
  const GREY = [128, 128, 128];
  // Stored: red at the start of row 0, green at its end, blue at the start of the last row.
  const samples = Array.from({ length: W * H }, (_, i) => {
    const [x, y] = [i % W, Math.floor(i / W)];
    if (y === 0 && x === 0) return RED;
    if (y === 0 && x === W - 1) return GREEN;
    if (y === H - 1 && x === 0) return BLUE;
    return GREY;
  }).flat();

  const cornersWith = (orientation: number) =>
    writeTiff({
      width: W,
      height: H,
      samplesPerPixel: 3,
      bits: 8,
      samples,
      photometric: RGB,
      orientation,
    });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i', async (orientation) => {
    const file = cornersWith(orientation);
    const image = await decodeTiff(file);
    const [row0, column0] = SIDES[orientation]!;
    // Row 0 and column 0 run along the sides they show; turned to a side, rows become columns.
    const sideways = row0 === 'left' || row0 === 'right';
    const [width, height] = sideways ? [H, W] : [W, H];
    expect([image.width, image.height, image.orientation]).toEqual([width, height, orientation]);
    const at = ([x, y]: [number, number]) =>
      Array.from(image.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3));
    expect(at(corner(row0, column0, width, height))).toEqual(RED);
    expect(at(corner(row0, opposite[column0], width, height))).toEqual(GREEN);
    expect(at(corner(opposite[row0], column0, width, height))).toEqual(BLUE);
    const greys = Array.from({ length: width * height }, (_, i) =>
      at([i % width, Math.floor(i / width)]),
    ).filter((pixel) => pixel.join() === GREY.join());
    expect(greys).toHaveLength(W * H - 3);
  });

  it('an unknown value is read as 1', async () => {
    const file = cornersWith(9);
    const image = await decodeTiff(file);
    expect([image.width, image.height, image.orientation]).toEqual([W, H, 1]);
    expect(Array.from(image.data.subarray(0, 3))).toEqual(RED);
  });
});

describe('damaged and hostile TIFF files', () => {
  const W = 24;
  const H = 16;
  const samples = randomSamples(W * H * 3, 255, 3);
  const rgbLzw = rgbLzwTiff(W, H, samples);
  const good = (spec: Partial<TiffSpec> = {}) => rgbLzw({ rowsPerStrip: 4, ...spec });
  const SHORT = 3;
  const LONG = 4;
  const RESAVE = 'Save the photo as an uncompressed or LZW TIFF, or as PNG, and add that.';
  const AGAIN = 'Copy it from the camera again, or save it again as PNG.';

  async function messageOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
    const error = await refusal(decodeTiff(bytes));
    expect(error).toBeInstanceOf(TiffError);
    return error.message;
  }

  it('the good file decodes (so each refusal below is about its one change)', async () => {
    for (const ifdFirst of [false, true]) {
      const image = await decodeTiff(good({ ifdFirst }));
      expect(image.width).toBe(W);
    }
  });

  it('every cut-short copy is refused with a TiffError, IFD first or last', async () => {
    for (const ifdFirst of [false, true]) {
      const whole = good({ ifdFirst });
      for (let length = 0; length < whole.length; length += 3) {
        const message = await messageOf(whole.slice(0, length));
        expect(message).toMatch(/^This TIFF file is damaged: .*\. Copy it from the camera again/);
      }
    }
  });

  it('offsets beyond the end of the file', async () => {
    const cut = `This TIFF file is damaged: it ends before the data it points to (it may be cut short). ${AGAIN}`;
    expect(await messageOf(good({ fields: [[273, LONG, [8, 8, 8, 4_000_000_000]]] }))).toBe(cut);
    expect(await messageOf(good({ fields: [[279, LONG, [10, 10, 10, 1_000_000]]] }))).toBe(cut);
    const badIfd = good();
    new DataView(badIfd.buffer).setUint32(4, 0xfffffff0, true);
    expect(await messageOf(badIfd)).toBe(cut);
    // A ColorMap whose values lie far away.
    const palette = writeTiff({
      width: 4,
      height: 1,
      samplesPerPixel: 1,
      bits: 8,
      samples: [0, 1, 2, 3],
      photometric: PALETTE,
      colorMap: new Array<number>(768).fill(0),
    });
    expect((await decodeTiff(palette)).width).toBe(4);
    setEntryValue(palette, 320, 0x7ffffff0);
    expect(await messageOf(palette)).toBe(cut);
  });

  it('an IFD that points back at itself is read once: only the first image counts', async () => {
    const file = good({ ifdFirst: true });
    const view = new DataView(file.buffer);
    const ifd = view.getUint32(4, true);
    const entries = view.getUint16(ifd, true);
    view.setUint32(ifd + 2 + entries * 12, ifd, true);
    const image = await decodeTiff(file);
    expect([image.width, image.height]).toEqual([W, H]);
  });

  it('an IFD claiming 65535 entries in a small file', async () => {
    const file = good({ ifdFirst: true });
    const view = new DataView(file.buffer);
    view.setUint16(view.getUint32(4, true), 65535, true);
    expect(await messageOf(file)).toMatch(/cut short/);
  });

  it('a size over the limit is refused with the app’s own message, before any allocation', async () => {
    const started = performance.now();
    const message = await messageOf(
      good({
        fields: [
          [256, LONG, [50_000]],
          [257, LONG, [40_000]],
        ],
      }),
    );
    expect(message).toBe(tooLargeMessage({ width: 50_000, height: 40_000 }));
    expect(
      await messageOf(
        good({
          fields: [
            [256, LONG, [40_000]],
            [257, LONG, [10]],
          ],
        }),
      ),
    ).toBe(tooLargeMessage({ width: 40_000, height: 10 }));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('implausible tiles, missing strips, no size', async () => {
    const tiled = good({ tile: [16, 16] });
    const huge = good({
      tile: [16, 16],
      fields: [
        [322, LONG, [65_536]],
        [323, LONG, [65_536]],
      ],
    });
    expect((await decodeTiff(tiled)).width).toBe(W);
    expect(await messageOf(huge)).toBe(
      `This TIFF file is damaged: its tiles are implausibly large. ${AGAIN}`,
    );
    expect(
      await messageOf(
        good({
          fields: [
            [273, LONG, [8, 8]],
            [279, LONG, [1, 1]],
          ],
        }),
      ),
    ).toBe(
      `This TIFF file is damaged: it lists fewer strips or tiles than its image needs. ${AGAIN}`,
    );
    expect(await messageOf(good({ fields: [[256, LONG, [0]]] }))).toBe(
      `This TIFF file is damaged: it states no image size. ${AGAIN}`,
    );
    // A strip shorter than its rows need, uncompressed.
    const short = good({ compression: 'none', fields: [[279, LONG, [288, 288, 288, 100]]] });
    expect(await messageOf(short)).toBe(
      `This TIFF file is damaged: one of its strips or tiles holds less image data than the image needs. ${AGAIN}`,
    );
  });

  it.each([
    [[[259, SHORT, [6]]], 'TIFF files with JPEG compression inside'],
    [[[259, SHORT, [7]]], 'TIFF files with JPEG compression inside'],
    [[[259, SHORT, [4]]], 'TIFF files with CCITT fax compression'],
    [[[259, SHORT, [50000]]], 'TIFF files with Zstandard compression'],
    [[[259, SHORT, [12345]]], 'TIFF files with compression method 12345'],
    [[[262, SHORT, [5]]], 'CMYK TIFF files'],
    [[[262, SHORT, [6]]], 'YCbCr TIFF files'],
    [[[262, SHORT, [8]]], 'CIE L*a*b* TIFF files'],
    [[[258, SHORT, [12, 12, 12]]], '12-bit TIFF files'],
    [[[258, SHORT, [8, 8, 16]]], 'TIFF files whose samples differ in bit depth'],
    [[[339, SHORT, [2, 2, 2]]], 'TIFF files with signed integer samples'],
    [
      [
        [258, SHORT, [16, 16, 16]],
        [339, SHORT, [3, 3, 3]],
      ],
      '16-bit floating-point TIFF files',
    ],
    [[[317, SHORT, [3]]], 'TIFF files with the floating-point predictor'],
    [[[266, SHORT, [2]]], 'TIFF files with reversed bit order'],
  ] as [[number, number, number[]][], string][])(
    'refuses %j: "Strain Seer cannot read %s"',
    async (fields, what) => {
      expect(await messageOf(good({ fields }))).toBe(`Strain Seer cannot read ${what}. ${RESAVE}`);
    },
  );

  it('BigTIFF is refused by its header', async () => {
    const big = new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]);
    expect(await messageOf(big)).toBe(`Strain Seer cannot read BigTIFF files. ${RESAVE}`);
  });

  it('old-style LZW is refused; corrupt LZW codes are damage', async () => {
    expect(() => lzw(new Uint8Array([0x00, 0x01, 0x02]), 10)).toThrow(
      `Strain Seer cannot read TIFF files with old-style LZW compression. ${RESAVE}`,
    );
    // Clear, then 300: a code that is neither a byte nor in the table yet.
    const corrupt = new Uint8Array([0x80, 0x4b, 0x00, 0x00]);
    expect(() => lzw(corrupt, 10)).toThrow(
      `This TIFF file is damaged: its LZW-compressed data is corrupt. ${AGAIN}`,
    );
  });

  it('LZW made only of Clear codes, or of garbage, ends with the data', () => {
    const clears = new Uint8Array(9 * 10_000);
    // 256 in 9 bits, over and over: 1 followed by eight 0s.
    for (let bit = 0; bit < clears.length * 8; bit += 9) clears[bit >>> 3]! |= 0x80 >>> (bit & 7);
    const started = performance.now();
    expect(lzw(clears, 1000)).toHaveLength(0);
    const garbage = new Uint8Array(randomSamples(100_000, 255, 77));
    garbage[0] = 0x80;
    try {
      lzw(garbage, 1_000_000);
    } catch (error) {
      expect(error).toBeInstanceOf(TiffError);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('the LZW encoder of the tests and the decoder agree on long inputs (table clears)', () => {
    const data = new Uint8Array(
      randomSamples(50_000, 255, 13).map((v, i) => (i % 3 ? v : i & 255)),
    );
    expect(firstDifference(lzw(encodeLzw(data), data.length), data)).toBe(null);
  });

  it('corrupt Deflate data is damage; a bomb is read only as far as the image needs', async () => {
    const corrupt = good({ compression: 'deflate' });
    // The writer puts the first strip right after the 8-byte header.
    for (let i = 10; i < 30; i++) corrupt[i] = 0xff;
    expect(await messageOf(corrupt)).toBe(
      `This TIFF file is damaged: its Deflate-compressed data is corrupt. ${AGAIN}`,
    );

    // One strip whose data inflates to 64 MB of zeros, for an image that needs 1152 bytes.
    const bomb = new Uint8Array(deflateSync(new Uint8Array(64 * 1024 * 1024)));
    const file = writeTiff({
      width: W,
      height: H,
      samplesPerPixel: 3,
      bits: 8,
      samples,
      photometric: RGB,
      compression: 'deflate',
      fields: [[279, LONG, [bomb.length]]],
    });
    const withBomb = new Uint8Array(file.length + bomb.length);
    withBomb.set(file);
    withBomb.set(bomb, file.length);
    setEntryValue(withBomb, 273, file.length);
    const started = performance.now();
    const image = await decodeTiff(withBomb);
    expect(image.data.every((v, i) => v === (i % 4 === 3 ? 255 : 0))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('random damage to a good file ends in a picture or a TiffError, never anything else', async () => {
    const files = [
      good(),
      good({ compression: 'packbits', ifdFirst: true }),
      good({ tile: [16, 16], compression: 'deflate', predictor: true }),
    ];
    const noise = randomSamples(30_000, 1_000_000, 101);
    let n = 0;
    const started = performance.now();
    for (let trial = 0; trial < 1500; trial++) {
      const file = files[trial % files.length]!.slice();
      const changes = 1 + (noise[n++]! % 4);
      for (let k = 0; k < changes; k++) file[noise[n++]! % file.length] = noise[n++]! & 0xff;
      try {
        const image = await decodeTiff(file);
        expect(image.data.length).toBe(image.width * image.height * 4);
      } catch (error) {
        if (!(error instanceof TiffError)) throw error;
      }
    }
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('TIFF photos in the worker', () => {
  const W = 5;
  const H = 3;
  const samples = randomSamples(W * H * 3, 255, 57);
  const tiff = rgbLzwTiff(W, H, samples);

  /** Node has no ImageData or createImageBitmap: stand-ins that record what the worker hands them. */
  function stubBitmaps() {
    const made: { data: Uint8ClampedArray; width: number; height: number }[] = [];
    vi.stubGlobal(
      'ImageData',
      class {
        constructor(
          readonly data: Uint8ClampedArray,
          readonly width: number,
          readonly height: number,
        ) {}
      },
    );
    vi.stubGlobal('createImageBitmap', async (image: (typeof made)[number]) => {
      made.push(image);
      return { width: image.width, height: image.height, close() {} };
    });
    return made;
  }

  afterEach(() => vi.unstubAllGlobals());

  it('a photo reopened at full size is decoded by its bytes, upright, whatever its name', async () => {
    const made = stubBitmaps();
    const { adoptFile, forgetPhoto, openPhoto } = await import('../../../src/worker/photos');
    // Named .png and typed as PNG: the bytes say TIFF, and TIFF it is decoded as.
    adoptFile('tiff-o6', new File([tiff({ orientation: 6 })], 'step.png', { type: 'image/png' }));
    try {
      const { full } = await openPhoto('tiff-o6');
      expect([full.width, full.height]).toEqual([H, W]);
      expect(made).toHaveLength(1);
      const expected = await decodeTiff(tiff({ orientation: 6 }));
      expect(firstDifference(made[0]!.data, expected.data)).toBe(null);
    } finally {
      forgetPhoto('tiff-o6');
    }
  });

  it('on ingest, a damaged TIFF gets the decoder’s own message', async () => {
    stubBitmaps();
    const { ingest } = await import('../../../src/worker/photos');
    const damagedFile = tiff({ compression: 'deflate' });
    for (let i = 10; i < 20; i++) damagedFile[i] = 0xff;
    const [outcome] = await ingest([new File([damagedFile], 'step-3.tif')]);
    expect(outcome).toEqual({
      ok: false,
      name: 'step-3.tif',
      message:
        'This TIFF file is damaged: its Deflate-compressed data is corrupt. Copy it from the camera again, or save it again as PNG.',
    });
  });

  it('on ingest, a TIFF too large to decode whose IFD lies past the header bytes is refused by the decoder', async () => {
    stubBitmaps();
    const { ingest } = await import('../../../src/worker/photos');
    // The pixels (and so the IFD, written after them) go past the 64 KB that are read first.
    const big = randomSamples(200 * 120 * 3, 255, 61);
    const file = writeTiff({
      width: 200,
      height: 120,
      samplesPerPixel: 3,
      bits: 8,
      samples: big,
      photometric: RGB,
      fields: [
        [256, 4, [60_000]],
        [257, 4, [60_000]],
      ],
    });
    expect(new DataView(file.buffer).getUint32(4, true)).toBeGreaterThan(65_536);
    const [outcome] = await ingest([new File([file], 'mosaic.tiff')]);
    expect(outcome).toEqual({
      ok: false,
      name: 'mosaic.tiff',
      message: tooLargeMessage({ width: 60_000, height: 60_000 }),
    });
  });

  it('marker assistance reads a TIFF’s pixels, and shows its refusals', async () => {
    stubBitmaps();
    const { adoptFile, forgetPhoto } = await import('../../../src/worker/photos');
    const { detectPhotoFiducials } = await import('../../../src/worker/imaging');
    adoptFile('tiff-jpeg', new File([fixture('rgb8-jpeg.tif')], 'jpeg.tif'));
    try {
      const answer = await detectPhotoFiducials('tiff-jpeg');
      expect(answer).toMatchObject({
        ok: false,
        message:
          'Strain Seer cannot read TIFF files with JPEG compression inside. Save the photo as an uncompressed or LZW TIFF, or as PNG, and add that.',
      });
    } finally {
      forgetPhoto('tiff-jpeg');
    }
  });
});
