// Hostile files, made by the tests themselves: small files that claim or become far more than
// they look (a JPEG whose frame header hides behind comments, a GIF whose frame dwarfs its
// screen, a TIFF of a quarter of a million tiny tiles, a PNG padded far beyond its pixels).
// Plain bytes, for the unit tests and for the browser tests alike.
import { deflateRawSync, deflateSync } from 'node:zlib';

const u16le = (value: number) => [value & 0xff, (value >>> 8) & 0xff];
const u16be = (value: number) => [(value >>> 8) & 0xff, value & 0xff];
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** A JPEG segment: marker, length (counting itself) and its data. */
function jpegSegment(marker: number, data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  out.set([0xff, marker, ...u16be(data.length + 2)]);
  out.set(data, 4);
  return out;
}

function joined(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A 71 KB JPEG whose frame header, stating `side` × `side` pixels, comes after 70 KB of
 * comment segments: past the first 64 KB a header reader looks at. Only the headers are
 * real; a decoder would allocate for the stated size before finding the data missing.
 */
export function jpegSizeBehindComments(side = 23_000): Uint8Array<ArrayBuffer> {
  const comment = jpegSegment(0xfe, new Uint8Array(35_000).fill(0x61));
  const frame = jpegSegment(0xc0, [8, ...u16be(side), ...u16be(side), 1, 1, 0x11, 0]);
  return joined([
    new Uint8Array([0xff, 0xd8]),
    comment,
    comment,
    frame,
    new Uint8Array([0xff, 0xd9]),
  ]);
}

/** A 62-byte GIF with a 1 × 1 screen whose only frame is `side` × `side` pixels. */
export function gifFrameLargerThanScreen(side = 20_000): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...ascii('GIF89a'),
    ...u16le(1),
    ...u16le(1),
    0,
    0,
    0,
    0x2c,
    0,
    0,
    0,
    0,
    ...u16le(side),
    ...u16le(side),
    0,
    // LZW code size 2, one sub-block of data, the block terminator, then the trailer.
    2,
    2,
    0x4c,
    0x01,
    0,
    0x3b,
  ]);
}

/**
 * A grey TIFF of `side` × `side` pixels cut into `tile` × `tile` tiles, every tile pointing at
 * the same few bytes of Deflate. With 16 × 16 tiles: 250,000 tiles and about 2 MB at 8000 px,
 * which a reader without a work budget decompresses one by one for minutes. With 256 × 256
 * tiles the same image is an honest one, small on disk and seconds to decode.
 */
export function tiledTiff(side = 8000, tile = 16): Uint8Array<ArrayBuffer> {
  const tiles = Math.ceil(side / tile) ** 2;
  const data = deflateSync(new Uint8Array(tile * tile).fill(128));
  const entries: [tag: number, type: number, count: number, value: number][] = [];
  const IFD_AT = 8;
  const fieldCount = 10;
  const ifdBytes = 2 + fieldCount * 12 + 4;
  const offsetsAt = IFD_AT + ifdBytes;
  const countsAt = offsetsAt + tiles * 4;
  const dataAt = countsAt + tiles * 4;
  entries.push(
    [256, 4, 1, side], // ImageWidth
    [257, 4, 1, side], // ImageLength
    [258, 3, 1, 8], // BitsPerSample
    [259, 3, 1, 8], // Compression: Deflate
    [262, 3, 1, 1], // PhotometricInterpretation: black is zero
    [277, 3, 1, 1], // SamplesPerPixel
    [322, 3, 1, tile], // TileWidth
    [323, 3, 1, tile], // TileLength
    [324, 4, tiles, offsetsAt], // TileOffsets
    [325, 4, tiles, countsAt], // TileByteCounts
  );
  const out = new Uint8Array(dataAt + data.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  view.setUint32(4, IFD_AT, true);
  view.setUint16(IFD_AT, fieldCount, true);
  entries.forEach(([tag, type, count, value], i) => {
    const at = IFD_AT + 2 + i * 12;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, type, true);
    view.setUint32(at + 4, count, true);
    if (type === 3 && count === 1) view.setUint16(at + 8, value, true);
    else view.setUint32(at + 8, value, true);
  });
  for (let i = 0; i < tiles; i++) {
    view.setUint32(offsetsAt + i * 4, dataAt, true);
    view.setUint32(countsAt + i * 4, data.length, true);
  }
  out.set(data, dataAt);
  return out;
}

/** A valid 1 × 1 grey PNG (its CRCs real), 67 bytes. */
export function onePixelPng(): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: number[]) => {
    const body = Buffer.from([...ascii(type), ...data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const idat = [...deflateSync(Buffer.from([0, 128]))];
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
      chunk('IDAT', idat),
      chunk('IEND', []),
    ]),
  );
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 as PNG and zip use it; pass the previous value to continue over several slices. */
function crc32(data: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < data.length; i++) {
    c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}

/** A field of a zip record: where, how many bytes (little-endian) and its value. */
type Field = [at: number, bytes: 2 | 4, value: number];

/** A zip record of `length` bytes: its signature, then the fields given, zeros elsewhere. */
function zipRecord(length: number, signature: number, fields: Field[]): Buffer {
  const record = Buffer.alloc(length);
  record.writeUInt32LE(signature, 0);
  for (const [at, bytes, value] of fields) {
    if (bytes === 2) record.writeUInt16LE(value, at);
    else record.writeUInt32LE(value, at);
  }
  return record;
}

/**
 * A bundle (a zip in the layout Strain Seer writes) of `project` and photos each made of a
 * 1 × 1 PNG followed by `padding` zero bytes, deflated: 255 MB of padding packs into about
 * 250 KB, so seven such photos make a bundle under 2 MB that unpacks to 1.8 GB.
 */
export function paddedPhotoBundle(
  project: string,
  names: readonly string[],
  padding: number,
): Uint8Array<ArrayBuffer> {
  const png = onePixelPng();
  const zeros = new Uint8Array(Math.min(padding, 16 * 1024 * 1024));
  // The CRC of the PNG and its padding, a slice of zeros at a time.
  let crc = crc32(png);
  for (let left = padding; left > 0; left -= zeros.length) {
    crc = crc32(zeros.subarray(0, Math.min(left, zeros.length)), crc);
  }
  const padded = deflateRawSync(Buffer.concat([png, Buffer.alloc(padding)]), { level: 9 });
  const entries = [
    {
      name: 'project.strainseer.json',
      data: deflateRawSync(Buffer.from(project)),
      crc: crc32(Buffer.from(project)),
      size: Buffer.byteLength(project),
    },
    ...names.map((name) => ({
      name: `photos/${name}`,
      data: padded,
      crc,
      size: png.length + padding,
    })),
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    // Version 2.0, deflated, the CRC and both sizes, the name's length: the fields the two
    // records share, each at its own place.
    const sizes = (at: number): Field[] => [
      [at, 4, entry.crc],
      [at + 4, 4, entry.data.length],
      [at + 8, 4, entry.size],
      [at + 12, 2, name.length],
    ];
    const local = zipRecord(30, 0x04034b50, [[4, 2, 20], [8, 2, 8], ...sizes(14)]);
    const central = zipRecord(46, 0x02014b50, [
      [4, 2, 20],
      [6, 2, 20],
      [10, 2, 8],
      ...sizes(16),
      [42, 4, offset],
    ]);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = zipRecord(22, 0x06054b50, [
    [8, 2, entries.length],
    [10, 2, entries.length],
    [12, 4, directory.length],
    [16, 4, offset],
  ]);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
