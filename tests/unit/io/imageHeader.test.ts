// The pixel size read from the start of a photo file, before any decode: right for every
// format the app takes (the small real fixtures of the ingest tests and headers written
// here by hand), null and never a throw for anything cut short or made up, and the
// too-large message that names the photo's size, given by the worker before any decode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HEADER_BYTES,
  PHOTO_LIMIT,
  readImageSize,
  sizeLiesFurther,
  tooLargeMessage,
} from '../../../src/io/imageHeader';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));
const u16le = (value: number) => [value & 0xff, (value >>> 8) & 0xff];
const u16be = (value: number) => [(value >>> 8) & 0xff, value & 0xff];
const u24le = (value: number) => [...u16le(value), (value >>> 16) & 0xff];
const u32le = (value: number) => [...u16le(value), ...u16le(value >>> 16)];
const u32be = (value: number) => [...u16be(value >>> 16), ...u16be(value)];
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG's signature and IHDR chunk (the CRC is not checked, so zeros stand in for it). */
function pngHeader(width: number, height: number) {
  return bytes(
    PNG_SIGNATURE,
    u32be(13),
    ascii('IHDR'),
    u32be(width),
    u32be(height),
    [8, 6, 0, 0, 0, 0, 0, 0, 0],
  );
}

/** A JPEG segment: marker, length (counting itself) and its data. */
function segment(marker: number, data: number[]): number[] {
  return [0xff, marker, ...u16be(data.length + 2), ...data];
}

/** A frame header: 8-bit samples, then height, width and one component. */
function startOfFrame(marker: number, width: number, height: number): number[] {
  return segment(marker, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]);
}

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];

/** A GIF's screen descriptor (no colour table), then the blocks given, then its trailer. */
function gifBody(width: number, height: number, blocks: number[][]): number[][] {
  return [u16le(width), u16le(height), [0, 0, 0], ...blocks, [0x3b]];
}

/** An image descriptor without a colour table, then a minimal LZW stream (one sub-block). */
function gifImage(left: number, top: number, width: number, height: number): number[] {
  return [
    0x2c,
    ...u16le(left),
    ...u16le(top),
    ...u16le(width),
    ...u16le(height),
    0,
    2,
    2,
    0x4c,
    0x01,
    0,
  ];
}

function webp(chunk: string, data: number[]) {
  const body = [...ascii('WEBP'), ...ascii(chunk), ...u32le(data.length), ...data];
  return bytes(ascii('RIFF'), u32le(body.length), body);
}

/** A BMP file header followed by a DIB header of the given size with these sides. */
function bmpInfo(width: number, height: number, headerSize = 40) {
  const info = [...u32le(headerSize), ...u32le(width >>> 0), ...u32le(height >>> 0), 1, 0, 24, 0];
  while (info.length < headerSize) info.push(0);
  return bytes(ascii('BM'), u32le(14 + headerSize), [0, 0, 0, 0], u32le(14 + headerSize), info);
}

/**
 * A TIFF header and first IFD, in either byte order, with the sides as SHORT (3) or LONG (4)
 * values, after `gap` bytes of something else (where the pixels often are).
 */
function tiffHeader(order: 'II' | 'MM', width: number, height: number, type = 4, gap = 0) {
  const u16 = order === 'II' ? u16le : u16be;
  const u32 = order === 'II' ? u32le : u32be;
  const value = (v: number) => (type === 3 ? [...u16(v), 0, 0] : u32(v));
  const entry = (tag: number, entryType: number, v: number[]) => [
    ...u16(tag),
    ...u16(entryType),
    ...u32(1),
    ...v,
  ];
  return bytes(ascii(order), u16(42), u32(8 + gap), new Array<number>(gap).fill(0x5a), u16(4), [
    ...entry(254, 4, u32(0)), // NewSubfileType comes first
    ...entry(256, type, value(width)),
    ...entry(257, type, value(height)),
    ...entry(258, 3, [...u16(8), 0, 0]),
    ...u32(0),
  ]);
}

describe('readImageSize on the ingest fixtures', () => {
  it.each([
    ['formats/tiny.png', 48, 32],
    ['formats/tiny.jpg', 48, 32],
    ['formats/tiny.gif', 48, 32],
    ['formats/tiny.bmp', 48, 32],
    ['formats/tiny.webp', 48, 32],
    // Stored on its side with an EXIF orientation of 6: the file's own size is 32 × 48.
    ['formats/rotated-exif6.jpg', 32, 48],
    // Likewise stored on its side, with a TIFF Orientation of 6.
    ['tiff/rotated-o6.tif', 32, 48],
    ['tiff/rgb16-lzw-predictor-mm.tif', 90, 60],
    ['demo/deformation-00mm-force.png', 1476, 1144],
    ['demo/deformation-15mm-force.png', 1192, 712],
  ])('%s is %i × %i', (path, width, height) => {
    expect(readImageSize(fixture(path))).toEqual({ width, height });
  });

  it('reads them from the slice the worker reads, and from the first bytes alone', () => {
    const demo = fixture('demo/deformation-30mm-force.png');
    expect(demo.length).toBeGreaterThan(HEADER_BYTES);
    expect(readImageSize(demo.subarray(0, HEADER_BYTES))).toEqual({ width: 1176, height: 868 });
    expect(readImageSize(fixture('formats/tiny.png').subarray(0, 24))).toEqual({
      width: 48,
      height: 32,
    });
  });
});

describe('readImageSize on headers written by hand', () => {
  it('PNG: the IHDR sides, even far beyond what a browser decodes', () => {
    expect(readImageSize(pngHeader(50_000, 40_000))).toEqual({ width: 50_000, height: 40_000 });
    expect(readImageSize(pngHeader(0x80000000, 1))).toEqual({ width: 0x80000000, height: 1 });
  });

  it('JPEG: the frame header after a large EXIF APP1 segment', () => {
    const exif = [...ascii('Exif'), 0, 0, ...new Array<number>(40_000).fill(0xab)];
    const file = bytes(SOI, segment(0xe1, exif), startOfFrame(0xc0, 6000, 4000), EOI);
    expect(readImageSize(file)).toEqual({ width: 6000, height: 4000 });
  });

  it.each(['c1', 'c2', 'c3', 'c5', 'c6', 'c7', 'c9', 'ca', 'cb', 'cd', 'ce', 'cf'])(
    'JPEG: start-of-frame marker 0x%s carries the size',
    (hex) => {
      const file = bytes(SOI, startOfFrame(parseInt(hex, 16), 4032, 3024), EOI);
      expect(readImageSize(file)).toEqual({ width: 4032, height: 3024 });
    },
  );

  it('JPEG: DHT, JPG and DAC segments (C4, C8, CC) are skipped, not read as frames', () => {
    const file = bytes(
      SOI,
      segment(0xc4, [0, ...u16be(7777), ...u16be(9999), 0, 0]),
      segment(0xc8, [0, ...u16be(7777), ...u16be(9999)]),
      segment(0xcc, [0, ...u16be(7777), ...u16be(9999)]),
      segment(0xdb, new Array<number>(65).fill(1)),
      segment(0xfe, ascii('a comment')),
      [0xff, 0xff, 0xff], // fill bytes before the next marker
      startOfFrame(0xc2, 1600, 1200),
    );
    expect(readImageSize(file)).toEqual({ width: 1600, height: 1200 });
  });

  it('JPEG: scan data or the end before any frame header gives null', () => {
    expect(readImageSize(bytes(SOI, segment(0xda, [1, 2, 3]), startOfFrame(0xc0, 9, 9)))).toBe(
      null,
    );
    expect(readImageSize(bytes(SOI, EOI))).toBe(null);
    // A frame header whose size lies beyond the bytes read: unknown, not a guess.
    const far = bytes(SOI, segment(0xe1, new Array<number>(65_000).fill(0)));
    expect(readImageSize(bytes([...far, ...startOfFrame(0xc0, 8, 8)]).subarray(0, 64))).toBe(null);
  });

  it('GIF: the logical screen of GIF87a and GIF89a, read to the trailer', () => {
    const gif = (version: string) =>
      bytes(ascii(version), ...gifBody(640, 480, [gifImage(0, 0, 640, 480)]));
    expect(readImageSize(gif('GIF89a'))).toEqual({ width: 640, height: 480 });
    expect(readImageSize(gif('GIF87a'))).toEqual({ width: 640, height: 480 });
  });

  it('GIF: every image counts, however much larger than the screen it is', () => {
    // 62 bytes: a 1 × 1 screen whose first frame is 20000 × 20000 pixels.
    const bomb = bytes(ascii('GIF89a'), ...gifBody(1, 1, [gifImage(0, 0, 20_000, 20_000)]));
    expect(bomb.length).toBeLessThan(100);
    expect(readImageSize(bomb)).toEqual({ width: 20_000, height: 20_000 });
    // A later frame, placed away from the corner, after an extension block.
    const later = bytes(
      ascii('GIF89a'),
      ...gifBody(100, 100, [
        gifImage(0, 0, 100, 100),
        [0x21, 0xf9, 4, 0, 0, 0, 0, 0],
        gifImage(30_000, 10, 100, 50),
      ]),
    );
    expect(readImageSize(later)).toEqual({ width: 30_100, height: 100 });
    // Cut before its trailer, a GIF's size is not known: more of the file is needed.
    expect(readImageSize(later.subarray(0, 40))).toBe(null);
    expect(sizeLiesFurther(later.subarray(0, 40))).toBe(true);
    // Unless those bytes are the whole file: decoders show a GIF without its trailer as far
    // as it goes, so its extent is that of the images it has.
    const firstImageOnly = later.subarray(0, later.length - 23);
    expect(readImageSize(firstImageOnly, true)).toEqual({ width: 100, height: 100 });
    expect(readImageSize(later.subarray(0, 20), true)).toBe(null);
  });

  it('JPEG: the frame header after 70 KB of comments, wherever the first bytes end', () => {
    const comment = segment(0xfe, new Array<number>(35_000).fill(0x61));
    const file = bytes(SOI, comment, comment, startOfFrame(0xc0, 23_000, 23_000), EOI);
    expect(file.length).toBeGreaterThan(HEADER_BYTES);
    const start = file.subarray(0, HEADER_BYTES);
    expect(readImageSize(start)).toBe(null);
    expect(sizeLiesFurther(start)).toBe(true);
    expect(readImageSize(file)).toEqual({ width: 23_000, height: 23_000 });
    expect(sizeLiesFurther(file)).toBe(false);
  });

  it('JPEG: stray bytes between segments are skipped to the next marker, as decoders do', () => {
    const file = bytes(
      SOI,
      segment(0xe0, [1, 2]),
      [0x12, 0x34, 0xff, 0x00],
      startOfFrame(0xc0, 40_000, 40_000),
    );
    expect(readImageSize(file)).toEqual({ width: 40_000, height: 40_000 });
  });

  it('BMP: BITMAPINFOHEADER and its V4/V5 forms, a top-down (negative) height read as positive', () => {
    expect(readImageSize(bmpInfo(3000, 2000))).toEqual({ width: 3000, height: 2000 });
    expect(readImageSize(bmpInfo(3000, -2000))).toEqual({ width: 3000, height: 2000 });
    expect(readImageSize(bmpInfo(40_000, -30_000, 124))).toEqual({ width: 40_000, height: 30_000 });
    expect(readImageSize(bmpInfo(800, 600, 108))).toEqual({ width: 800, height: 600 });
  });

  it('BMP: the OS/2 core header with 16-bit sides', () => {
    const core = bytes(ascii('BM'), u32le(26), [0, 0, 0, 0], u32le(26), u32le(12), u16le(1024), [
      ...u16le(768),
      1,
      0,
      24,
      0,
    ]);
    expect(readImageSize(core)).toEqual({ width: 1024, height: 768 });
  });

  it('BMP: a negative width or an unknown header size gives null', () => {
    expect(readImageSize(bmpInfo(-3000, 2000))).toBe(null);
    expect(readImageSize(bmpInfo(3000, 2000, 20))).toBe(null);
  });

  it('WebP: lossy VP8, lossless VP8L and extended VP8X', () => {
    const lossy = webp('VP8 ', [
      0x50,
      0x06,
      0x00,
      0x9d,
      0x01,
      0x2a,
      ...u16le(5000),
      ...u16le(3000),
    ]);
    expect(readImageSize(lossy)).toEqual({ width: 5000, height: 3000 });
    // The top two bits of each side are a scaling hint, not part of the size.
    const scaled = webp('VP8 ', [
      0,
      0,
      0,
      0x9d,
      0x01,
      0x2a,
      ...u16le(0xc000 | 640),
      ...u16le(0x4000 | 480),
    ]);
    expect(readImageSize(scaled)).toEqual({ width: 640, height: 480 });

    const width = 16_383;
    const height = 9000;
    const bits = (width - 1) | ((height - 1) << 14) | (1 << 28);
    const lossless = webp('VP8L', [0x2f, ...u32le(bits >>> 0), 0, 0, 0]);
    expect(readImageSize(lossless)).toEqual({ width, height });

    const extended = webp('VP8X', [0x10, 0, 0, 0, ...u24le(50_000 - 1), ...u24le(40_000 - 1)]);
    expect(readImageSize(extended)).toEqual({ width: 50_000, height: 40_000 });
  });

  it('WebP: a lossy chunk without its start code, or a lossless one without its signature, gives null', () => {
    expect(readImageSize(webp('VP8 ', [0, 0, 0, 1, 2, 3, ...u16le(64), ...u16le(64)]))).toBe(null);
    expect(readImageSize(webp('VP8L', [0x2e, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe(null);
    expect(readImageSize(webp('ALPH', new Array<number>(12).fill(0)))).toBe(null);
  });

  it('TIFF: ImageWidth and ImageLength of the first IFD, in both byte orders, SHORT or LONG', () => {
    for (const order of ['II', 'MM'] as const) {
      expect(readImageSize(tiffHeader(order, 6000, 4000))).toEqual({ width: 6000, height: 4000 });
      expect(readImageSize(tiffHeader(order, 4000, 3000, 3))).toEqual({
        width: 4000,
        height: 3000,
      });
      expect(readImageSize(tiffHeader(order, 50_000, 40_000, 4, 1000))).toEqual({
        width: 50_000,
        height: 40_000,
      });
    }
  });

  it('TIFF: an IFD beyond the bytes read, BigTIFF or sides of another type give null', () => {
    const late = tiffHeader('II', 6000, 4000, 4, HEADER_BYTES);
    expect(readImageSize(late.subarray(0, HEADER_BYTES))).toBe(null);
    expect(readImageSize(late)).toEqual({ width: 6000, height: 4000 });
    const big = tiffHeader('MM', 6000, 4000);
    big[3] = 43;
    expect(readImageSize(big)).toBe(null);
    // RATIONAL (5) is no type for a side.
    expect(readImageSize(tiffHeader('II', 6000, 4000, 5))).toBe(null);
  });

  it('a side of zero is not a size', () => {
    expect(readImageSize(pngHeader(0, 100))).toBe(null);
    expect(readImageSize(bytes(SOI, startOfFrame(0xc0, 100, 0)))).toBe(null);
  });
});

describe('readImageSize on bad bytes', () => {
  const whole = [
    fixture('formats/tiny.png'),
    fixture('formats/tiny.jpg'),
    fixture('formats/tiny.gif'),
    fixture('formats/tiny.bmp'),
    fixture('formats/tiny.webp'),
    fixture('formats/rotated-exif6.jpg'),
    bmpInfo(300, 200, 12 + 28),
    webp('VP8X', [0, 0, 0, 0, ...u24le(99), ...u24le(99)]),
    webp('VP8L', [0x2f, 0xff, 0xff, 0xff, 0xff, 0]),
    bytes(SOI, segment(0xe1, [1, 2, 3]), startOfFrame(0xc0, 8, 8)),
    tiffHeader('II', 640, 480),
    tiffHeader('MM', 640, 480, 3, 20),
  ];

  it('every file cut short before its size gives null, never a throw', () => {
    for (const file of whole) {
      const full = readImageSize(file);
      expect(full).not.toBe(null);
      let first = -1;
      for (let length = 0; length <= Math.min(file.length, 400); length++) {
        const size = readImageSize(file.subarray(0, length));
        if (size === null) expect(first).toBe(-1);
        else {
          if (first === -1) first = length;
          expect(size).toEqual(full);
        }
      }
    }
  });

  it('empty, text and random bytes give null or a size, never a throw', () => {
    expect(readImageSize(new Uint8Array())).toBe(null);
    expect(readImageSize(fixture('formats/not-an-image.png'))).toBe(null);
    expect(readImageSize(bytes(SOI, [0x00, 0x12, 0x34]))).toBe(null);
    expect(readImageSize(bytes(SOI, [0xff, 0xe1, 0, 1]))).toBe(null); // a length below 2
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const starts = [
      PNG_SIGNATURE,
      SOI,
      ascii('GIF89a'),
      ascii('BM'),
      ascii('RIFF'),
      [...ascii('II'), 42, 0, 8, 0, 0, 0],
      [...ascii('MM'), 0, 42, 0, 0, 0, 8],
    ];
    for (let trial = 0; trial < 2000; trial++) {
      const head = starts[trial % starts.length] ?? [];
      const tail = Array.from({ length: trial % 97 }, random);
      const file =
        trial % starts.length === 4
          ? bytes(head, tail.slice(0, 4), ascii('WEBP'), tail)
          : bytes(head, tail);
      const size = readImageSize(file);
      if (size !== null) {
        expect(size.width).toBeGreaterThan(0);
        expect(size.height).toBeGreaterThan(0);
      }
    }
  });
});

describe('tooLargeMessage', () => {
  it('lets photos up to the limit through', () => {
    expect(PHOTO_LIMIT).toEqual({ pixels: 100_000_000, side: 32_767 });
    expect(tooLargeMessage({ width: 10_000, height: 10_000 })).toBe(null);
    expect(tooLargeMessage({ width: 32_767, height: 3000 })).toBe(null);
    expect(tooLargeMessage({ width: 48, height: 32 })).toBe(null);
  });

  it('names the size of a photo over 100 MP and says what to do', () => {
    expect(tooLargeMessage({ width: 40_000, height: 30_000 })).toBe(
      "This photo is 40000 × 30000 pixels (1200 MP); Strain Seer takes photos up to 100 MP. Save a smaller copy (a phone's or camera's full resolution is fine) and add that.",
    );
    // Just over the limit never reads as "100 MP".
    expect(tooLargeMessage({ width: 10_001, height: 10_000 })).toContain('(100.1 MP)');
  });

  it('refuses a side over 32767 pixels even when the area is small', () => {
    expect(tooLargeMessage({ width: 40_000, height: 100 })).toBe(
      "This photo is 40000 × 100 pixels (4 MP); Strain Seer takes photos up to 32767 pixels on a side. Save a smaller copy (a phone's or camera's full resolution is fine) and add that.",
    );
  });
});

describe('the worker refuses a too-large photo before decoding it', () => {
  // Node has no createImageBitmap: reaching the decode would fail with the generic message,
  // so the size message proves the header check came first.
  const huge = () => new File([pngHeader(50_000, 40_000)], 'panorama.png', { type: 'image/png' });

  it('on ingest, with its own message', async () => {
    const { ingest } = await import('../../../src/worker/photos');
    const [outcome] = await ingest([huge()]);
    expect(outcome).toEqual({
      ok: false,
      name: 'panorama.png',
      message: tooLargeMessage({ width: 50_000, height: 40_000 }),
    });
  });

  it('on ingest, reading the whole file when the size lies past its first bytes', async () => {
    const { ingest } = await import('../../../src/worker/photos');
    const comment = segment(0xfe, new Array<number>(35_000).fill(0x61));
    const jpeg = bytes(SOI, comment, comment, startOfFrame(0xc0, 23_000, 23_000), EOI);
    const gif = bytes(ascii('GIF89a'), ...gifBody(1, 1, [gifImage(0, 0, 20_000, 20_000)]));
    const outcomes = await ingest([
      new File([jpeg], 'comments.jpg', { type: 'image/jpeg' }),
      new File([gif], 'frame.gif', { type: 'image/gif' }),
    ]);
    expect(outcomes).toEqual([
      {
        ok: false,
        name: 'comments.jpg',
        message: tooLargeMessage({ width: 23_000, height: 23_000 }),
      },
      { ok: false, name: 'frame.gif', message: tooLargeMessage({ width: 20_000, height: 20_000 }) },
    ]);
  });

  it('on ingest, a JPEG without a frame header is refused undecoded', async () => {
    const { ingest } = await import('../../../src/worker/photos');
    const { NO_SIZE } = await import('../../../src/worker/decode');
    const file = bytes(SOI, segment(0xfe, [1, 2, 3]), segment(0xda, [1, 2, 3]), EOI);
    const [outcome] = await ingest([new File([file], 'headless.jpg', { type: 'image/jpeg' })]);
    expect(outcome).toEqual({ ok: false, name: 'headless.jpg', message: NO_SIZE });
  });

  it('on opening a photo restored from storage, with the same message as an error', async () => {
    const { adoptFile, forgetPhoto, openPhoto } = await import('../../../src/worker/photos');
    adoptFile('restored-huge', huge());
    try {
      await expect(openPhoto('restored-huge')).rejects.toThrow('50000 × 40000 pixels (2000 MP)');
    } finally {
      forgetPhoto('restored-huge');
    }
  });

  it('on reading its pixels for detection, with the same message to show', async () => {
    const { adoptFile, forgetPhoto } = await import('../../../src/worker/photos');
    const { detectPhotoFiducials } = await import('../../../src/worker/imaging');
    adoptFile('restored-huge-detect', huge());
    try {
      const answer = await detectPhotoFiducials('restored-huge-detect');
      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.message).toBe(tooLargeMessage({ width: 50_000, height: 40_000 }));
    } finally {
      forgetPhoto('restored-huge-detect');
    }
  });
});
