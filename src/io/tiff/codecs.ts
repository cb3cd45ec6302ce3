// Decompression of one strip or tile (LZW, PackBits, Deflate) and the horizontal-differencing
// predictor, each bounded by the bytes the image needs.
import { damaged, unsupported } from './errors';
import { COMPRESSION, rowBytesOf, samplesPerChunk } from './layout';
import type { Layout } from './layout';

/** Decompresses one chunk to at most `expected` bytes. */
export async function decompress(compression: number, data: Uint8Array, expected: number) {
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
export function undoPredictor(data: Uint8Array, layout: Layout, little: boolean): void {
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
