// A small TIFF writer for the decoder's tests, written from the TIFF 6.0 specification
// independently of src/io/tiff: it lays out strips or tiles, chunky or planar samples,
// packs 1 to 32 bits in either byte order, applies horizontal differencing and compresses
// with PackBits, LZW (its own encoder below) or Deflate (node:zlib).
import { deflateSync } from 'node:zlib';

export type Compression = 'none' | 'packbits' | 'lzw' | 'deflate' | 'deflate-old';

export interface TiffSpec {
  width: number;
  height: number;
  samplesPerPixel: number;
  bits: number;
  /** Every sample in raster order, pixel by pixel: integers, or floats when `float`. */
  samples: ArrayLike<number>;
  float?: boolean;
  photometric: number;
  bigEndian?: boolean;
  compression?: Compression;
  predictor?: boolean;
  planar?: boolean;
  rowsPerStrip?: number;
  tile?: [width: number, height: number];
  orientation?: number;
  extraSamples?: number[];
  colorMap?: number[];
  /** Further fields, or fields that replace the writer's own: [tag, type, values]. */
  fields?: [tag: number, type: number, values: number[]][];
  /** Write the IFD straight after the header rather than after the pixels. */
  ifdFirst?: boolean;
}

const COMPRESSION_CODES: Record<Compression, number> = {
  none: 1,
  packbits: 32773,
  lzw: 5,
  deflate: 8,
  'deflate-old': 32946,
};

/** Growable byte buffer in one byte order. */
class Writer {
  private bytes: number[] = [];
  constructor(readonly bigEndian: boolean) {}
  get length() {
    return this.bytes.length;
  }
  u8(...values: number[]) {
    for (const v of values) this.bytes.push(v & 0xff);
  }
  u16(v: number) {
    if (this.bigEndian) this.u8(v >>> 8, v);
    else this.u8(v, v >>> 8);
  }
  u32(v: number) {
    if (this.bigEndian) this.u8(v >>> 24, v >>> 16, v >>> 8, v);
    else this.u8(v, v >>> 8, v >>> 16, v >>> 24);
  }
  f32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, !this.bigEndian);
    this.u8(...b);
  }
  append(data: Uint8Array) {
    for (const b of data) this.bytes.push(b);
  }
  pad() {
    if (this.length % 2) this.u8(0);
  }
  setU32(at: number, v: number) {
    const w = new Writer(this.bigEndian);
    w.u32(v);
    this.bytes.splice(at, 4, ...w.bytes);
  }
  done(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.bytes);
  }
}

/** Packs one row of samples: MSB-first bit fields below 8 bits, whole bytes from 8 up. */
function packRow(values: number[], bits: number, float: boolean, bigEndian: boolean): Uint8Array {
  const w = new Writer(bigEndian);
  if (bits < 8) {
    let acc = 0;
    let used = 0;
    for (const v of values) {
      acc = (acc << bits) | v;
      used += bits;
      if (used === 8) {
        w.u8(acc);
        acc = 0;
        used = 0;
      }
    }
    if (used > 0) w.u8(acc << (8 - used));
  } else {
    for (const v of values) {
      if (float) w.f32(v);
      else if (bits === 8) w.u8(v);
      else if (bits === 16) w.u16(v);
      else w.u32(v);
    }
  }
  return w.done();
}

/** Horizontal differencing of one row's integer samples, each against the same sample one pixel left. */
function difference(values: number[], stride: number, bits: number): number[] {
  const mod = 2 ** bits;
  return values.map((v, i) => (i < stride ? v : (v - (values[i - stride] as number) + mod) % mod));
}

/** PackBits: runs of 2 to 128 equal bytes as a repeat, everything else as literals. */
export function encodePackBits(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 2) {
      out.push(257 - run, data[i] as number);
      i += run;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(i + 1 < data.length && data[i + 1] === data[i]))
      i++;
    if (i === start) i++; // a lone byte before the end
    out.push(i - start - 1, ...data.subarray(start, i));
  }
  return new Uint8Array(out);
}

/**
 * LZW as TIFF 6.0 specifies it: 9- to 12-bit codes written most significant bit first, a
 * Clear code first and whenever the table is about to overflow, the End of Information
 * code last. The code width grows as soon as the next table entry needs more bits (the
 * writer's table runs one entry ahead of a reader's, hence TIFF's "early" change).
 */
export function encodeLzw(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let accBits = 0;
  let width = 9;
  const emit = (code: number) => {
    acc = (acc << width) | code;
    accBits += width;
    while (accBits >= 8) {
      out.push((acc >>> (accBits - 8)) & 0xff);
      accBits -= 8;
    }
    acc &= (1 << accBits) - 1;
  };
  let table = new Map<number, number>();
  let next = 258;
  const grow = () => {
    next++;
    if (next >= 1 << width && width < 12) width++;
  };
  emit(256);
  let w = -1;
  for (const byte of data) {
    if (w === -1) {
      w = byte;
      continue;
    }
    const found = table.get(w * 256 + byte);
    if (found !== undefined) {
      w = found;
      continue;
    }
    emit(w);
    table.set(w * 256 + byte, next);
    grow();
    if (next >= 4094) {
      emit(256);
      table = new Map();
      next = 258;
      width = 9;
    }
    w = byte;
  }
  if (w !== -1) {
    emit(w);
    // The reader adds an entry on this last code too, so the end code may be one bit wider.
    grow();
  }
  emit(257);
  if (accBits > 0) out.push((acc << (8 - accBits)) & 0xff);
  return new Uint8Array(out);
}

function compress(data: Uint8Array, compression: Compression): Uint8Array {
  switch (compression) {
    case 'none':
      return data;
    case 'packbits':
      return encodePackBits(data);
    case 'lzw':
      return encodeLzw(data);
    default:
      return new Uint8Array(deflateSync(data));
  }
}

/** The chunks (strips or tiles, plane by plane) as uncompressed bytes. */
function chunksOf(spec: TiffSpec): { data: Uint8Array[]; across: number; down: number } {
  const { width, height, samplesPerPixel: spp, bits } = spec;
  const [cw, ch] = spec.tile ?? [width, spec.rowsPerStrip ?? height];
  const across = Math.ceil(width / cw);
  const down = Math.ceil(height / ch);
  const planes = spec.planar ? spp : 1;
  const stride = spec.planar ? 1 : spp;
  const data: Uint8Array[] = [];
  for (let plane = 0; plane < planes; plane++) {
    for (let ty = 0; ty < down; ty++) {
      for (let tx = 0; tx < across; tx++) {
        const rows: Uint8Array[] = [];
        // Tiles are always whole, padded with zeros; the last strip holds only the rows left.
        const rowCount = spec.tile ? ch : Math.min(ch, height - ty * ch);
        for (let r = 0; r < rowCount; r++) {
          const y = ty * ch + r;
          let values: number[] = [];
          for (let c = 0; c < cw; c++) {
            const x = tx * cw + c;
            for (let s = 0; s < stride; s++) {
              const sample = spec.planar ? plane : s;
              const inside = x < width && y < height;
              values.push(inside ? (spec.samples[(y * width + x) * spp + sample] as number) : 0);
            }
          }
          if (spec.predictor) values = difference(values, stride, bits);
          rows.push(packRow(values, bits, spec.float ?? false, spec.bigEndian ?? false));
        }
        const joined = new Uint8Array(rows.reduce((n, r) => n + r.length, 0));
        let at = 0;
        for (const r of rows) {
          joined.set(r, at);
          at += r.length;
        }
        data.push(joined);
      }
    }
  }
  return { data, across, down };
}

const SHORT = 3;
const LONG = 4;

/** A whole TIFF file for the spec. */
export function writeTiff(spec: TiffSpec): Uint8Array<ArrayBuffer> {
  const bigEndian = spec.bigEndian ?? false;
  const compression = spec.compression ?? 'none';
  const { data } = chunksOf(spec);
  const compressed = data.map((chunk) => compress(chunk, compression));
  const spp = spec.samplesPerPixel;

  const fields = new Map<number, [number, number[]]>();
  fields.set(256, [LONG, [spec.width]]);
  fields.set(257, [LONG, [spec.height]]);
  fields.set(258, [SHORT, new Array<number>(spp).fill(spec.bits)]);
  fields.set(259, [SHORT, [COMPRESSION_CODES[compression]]]);
  fields.set(262, [SHORT, [spec.photometric]]);
  if (spec.orientation !== undefined) fields.set(274, [SHORT, [spec.orientation]]);
  fields.set(277, [SHORT, [spp]]);
  if (spec.planar) fields.set(284, [SHORT, [2]]);
  if (spec.predictor) fields.set(317, [SHORT, [2]]);
  if (spec.colorMap) fields.set(320, [SHORT, spec.colorMap]);
  if (spec.extraSamples) fields.set(338, [SHORT, spec.extraSamples]);
  if (spec.float) fields.set(339, [SHORT, new Array<number>(spp).fill(3)]);
  const offsetsTag = spec.tile ? 324 : 273;
  const countsTag = spec.tile ? 325 : 279;
  if (spec.tile) {
    fields.set(322, [LONG, [spec.tile[0]]]);
    fields.set(323, [LONG, [spec.tile[1]]]);
  } else {
    fields.set(278, [LONG, [spec.rowsPerStrip ?? spec.height]]);
  }
  fields.set(countsTag, [LONG, compressed.map((c) => c.length)]);
  fields.set(offsetsTag, [LONG, compressed.map(() => 0)]); // filled in below
  for (const [tag, type, values] of spec.fields ?? []) fields.set(tag, [type, values]);

  const w = new Writer(bigEndian);
  w.u8(...(bigEndian ? [0x4d, 0x4d] : [0x49, 0x49]));
  w.u16(42);
  w.u32(0); // the IFD's offset, filled in below
  const writeChunks = () => {
    const offsets: number[] = [];
    for (const chunk of compressed) {
      w.pad();
      offsets.push(w.length);
      w.append(chunk);
    }
    if (!spec.fields?.some(([tag]) => tag === offsetsTag)) fields.set(offsetsTag, [LONG, offsets]);
  };

  // Values too long for an entry go in a block after the IFD; its size is known up front.
  const size = (type: number) => (type === SHORT ? 2 : type === 1 ? 1 : 4);
  const tags = [...fields.keys()].sort((a, b) => a - b);
  const outOfLine = (tag: number) => {
    const [type, values] = fields.get(tag)!;
    return values.length * size(type) > 4 ? values.length * size(type) : 0;
  };
  const ifdSize = 2 + tags.length * 12 + 4;
  const blockSize = tags.reduce((n, t) => n + outOfLine(t) + (outOfLine(t) % 2), 0);
  if (!spec.ifdFirst) writeChunks();
  w.pad();
  const ifd = w.length;
  w.setU32(4, ifd);
  let block = ifd + ifdSize;
  const later: [number, number[]][] = [];
  w.u16(tags.length);
  for (const tag of tags) {
    const [type, values] = fields.get(tag)!;
    w.u16(tag);
    w.u16(type);
    w.u32(values.length);
    const put = (writer: Writer, v: number) =>
      type === SHORT ? writer.u16(v) : type === 1 ? writer.u8(v) : writer.u32(v);
    if (outOfLine(tag)) {
      w.u32(block);
      later.push([type, values]);
      block += outOfLine(tag) + (outOfLine(tag) % 2);
    } else {
      const start = w.length;
      for (const v of values) put(w, v);
      while (w.length < start + 4) w.u8(0);
    }
  }
  w.u32(0); // no next IFD
  for (const [type, values] of later) {
    for (const v of values) {
      if (type === SHORT) w.u16(v);
      else if (type === 1) w.u8(v);
      else w.u32(v);
    }
    w.pad();
  }
  if (w.length !== ifd + ifdSize + blockSize) throw new Error('writer: IFD block miscounted');
  if (spec.ifdFirst) {
    // The chunk offsets are only known now: rewrite the file with them in place.
    writeChunks();
    return relocate(w, fields, offsetsTag, ifd);
  }
  return w.done();
}

/** Patches the chunk offsets of an IFD-first file, whose chunks were appended after it. */
function relocate(
  w: Writer,
  fields: Map<number, [number, number[]]>,
  offsetsTag: number,
  ifd: number,
): Uint8Array<ArrayBuffer> {
  const bytes = w.done();
  const view = new DataView(bytes.buffer);
  const little = !w.bigEndian;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (view.getUint16(entry, little) !== offsetsTag) continue;
    const offsets = fields.get(offsetsTag)![1];
    const at = offsets.length > 1 ? view.getUint32(entry + 8, little) : entry + 8;
    offsets.forEach((o, k) => view.setUint32(at + k * 4, o, little));
  }
  return bytes;
}

/**
 * A maker of small 8-bit RGB LZW TIFFs of the given pixels, each call varying the spec: the
 * starting point of the tests that damage a file or pass one through the worker.
 */
export function rgbLzwTiff(
  width: number,
  height: number,
  samples: readonly number[],
): (spec?: Partial<TiffSpec>) => Uint8Array<ArrayBuffer> {
  return (spec = {}) =>
    writeTiff({
      width,
      height,
      samplesPerPixel: 3,
      bits: 8,
      samples,
      photometric: 2, // RGB
      compression: 'lzw',
      ...spec,
    });
}
