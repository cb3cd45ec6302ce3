// A careful reader of untrusted zip files: lists the central directory, refuses what
// it cannot trust (ZIP64, encryption, overlapping entries, lying sizes), and inflates
// in small steps that stop as soon as an entry grows past its declared size, so a
// zip bomb costs a few megabytes and milliseconds, not the tab. The archive is read a
// range at a time (the directory at its end, then each entry's header and data), so a
// bundle of a gigabyte of photos is never held in memory whole.
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where its packed data starts, past its local header. */
  dataOffset: number;
}

/** An archive's bytes, read a range at a time. */
export interface ZipSource {
  readonly size: number;
  /** The bytes from `start` up to `end` (not included). */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Reads a File or Blob by slices, or bytes already in memory. */
export function zipSource(data: Blob | Uint8Array): ZipSource {
  if (data instanceof Uint8Array) {
    return { size: data.length, read: async (start, end) => data.subarray(start, end) };
  }
  return {
    size: data.size,
    read: async (start, end) => new Uint8Array(await data.slice(start, end).arrayBuffer()),
  };
}

export type ZipListing = { ok: true; entries: ZipEntry[] } | { ok: false; message: string };
export type Extracted = { ok: true; data: Uint8Array } | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const INFLATE_STEP = 16 * 1024;
const CRC_STEP = 8 * 1024 * 1024;
/** How much packed data is read from the file at once. */
const READ_STEP = 4 * 1024 * 1024;

/** A zip starts with a local file header (or, when empty, the end record). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 as zip uses it; pass the previous value to continue over several slices. */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < data.length; i++) {
    c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}

/** Lets the page breathe between slices of long work. */
export const nextTick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const damaged = (detail: string): { ok: false; message: string } => ({
  ok: false,
  message: `The file is not a readable zip archive (${detail}). It may be damaged or incomplete.`,
});

const reader = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    u16: (at: number) => view.getUint16(at, true),
    u32: (at: number) => view.getUint32(at, true),
  };
};

/** The end record's place in the file, within the last 64 KB (its comment's most). */
async function findEnd(source: ZipSource): Promise<{ at: number; tail: Uint8Array } | null> {
  const from = Math.max(0, source.size - 22 - 0xffff);
  const tail = await source.read(from, source.size);
  const { u16, u32 } = reader(tail);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (u32(at) === EOCD && from + at + 22 + u16(at + 20) === source.size) {
      return { at, tail: tail.subarray(at) };
    }
  }
  return null;
}

/** The entries of the central directory, checked against the file's bounds; never throws. */
export async function listZip(source: ZipSource, maxEntries: number): Promise<ZipListing> {
  const found = await findEnd(source);
  if (!found) return damaged('no end of central directory');
  const end = source.size - found.tail.length;
  const { u16: e16, u32: e32 } = reader(found.tail);
  const count = e16(10);
  const cdSize = e32(12);
  const cdOffset = e32(16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    return {
      ok: false,
      message: 'The archive uses ZIP64 (over 4 GB or 65,535 files), which a bundle never needs.',
    };
  }
  if (e16(4) !== 0 || e16(6) !== 0 || e16(8) !== count) {
    return { ok: false, message: 'The archive is split over several disks; join it first.' };
  }
  if (count > maxEntries) {
    return {
      ok: false,
      message: `The archive holds ${count} files; a bundle holds at most ${maxEntries}.`,
    };
  }
  if (cdOffset + cdSize > end) return damaged('central directory out of bounds');
  const directory = await source.read(cdOffset, cdOffset + cdSize);
  const { u16, u32 } = reader(directory);
  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdSize || u32(p) !== CENTRAL) return damaged('bad directory entry');
    const nameLength = u16(p + 28);
    const next = p + 46 + nameLength + u16(p + 30) + u16(p + 32);
    if (next > cdSize) return damaged('directory entry out of bounds');
    const entry: ZipEntry = {
      name: decoder.decode(directory.subarray(p + 46, p + 46 + nameLength)),
      flags: u16(p + 8),
      method: u16(p + 10),
      crc: u32(p + 16),
      compressedSize: u32(p + 20),
      size: u32(p + 24),
      localOffset: u32(p + 42),
      dataOffset: 0,
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff) {
      return { ok: false, message: 'The archive uses ZIP64 sizes, which a bundle never needs.' };
    }
    entries.push(entry);
    p = next;
  }
  // Every entry's data must lie inside the file, before the directory, and apart from
  // the others: overlapping entries are how small archives claim enormous contents.
  const spans: [number, number][] = [];
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + 30 > cdOffset) return damaged(`bad header for ${entry.name}`);
    const local = reader(await source.read(at, at + 30));
    if (local.u32(0) !== LOCAL) return damaged(`bad header for ${entry.name}`);
    entry.dataOffset = at + 30 + local.u16(26) + local.u16(28);
    const stop = entry.dataOffset + entry.compressedSize;
    if (stop > cdOffset) return damaged(`${entry.name} runs past the end of its data`);
    spans.push([at, stop]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if ((spans[i] as [number, number])[0] < (spans[i - 1] as [number, number])[1]) {
      return damaged('entries overlap');
    }
  }
  return { ok: true, entries };
}

async function checkCrc(data: Uint8Array, entry: ZipEntry): Promise<Extracted> {
  let crc = 0;
  for (let at = 0; at < data.length; at += CRC_STEP) {
    crc = crc32(data.subarray(at, at + CRC_STEP), crc);
    if (at + CRC_STEP < data.length) await nextTick();
  }
  return crc === entry.crc ? { ok: true, data } : damaged(`${entry.name} fails its checksum`);
}

/**
 * One entry's bytes, refused when it would exceed `maxSize` or its declared size
 * (checked before inflating and again at every step), or fails its checksum.
 */
export async function extractEntry(
  source: ZipSource,
  entry: ZipEntry,
  maxSize: number,
): Promise<Extracted> {
  if (entry.flags & 1) {
    return { ok: false, message: `${entry.name} is encrypted; Strain Seer cannot open it.` };
  }
  if (entry.size > maxSize) {
    return { ok: false, message: `${entry.name} is too large (${entry.size} bytes).` };
  }
  const start = entry.dataOffset;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) return damaged(`${entry.name} has inconsistent sizes`);
    return checkCrc(await source.read(start, start + entry.compressedSize), entry);
  }
  if (entry.method !== 8) {
    return {
      ok: false,
      message: `${entry.name} is compressed with a method Strain Seer does not read (${entry.method}).`,
    };
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow || written + chunk.length > out.length) {
      overflow = true;
      return;
    }
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    // The packed data is read a slice at a time too, and inflated in small steps within it.
    const packed = entry.compressedSize;
    for (let slice = 0; slice < packed || slice === 0; slice += READ_STEP) {
      const raw = await source.read(start + slice, start + Math.min(packed, slice + READ_STEP));
      const lastSlice = slice + READ_STEP >= packed;
      for (let p = 0; p < raw.length || p === 0; p += INFLATE_STEP) {
        const last = lastSlice && p + INFLATE_STEP >= raw.length;
        inflater.push(raw.subarray(p, p + INFLATE_STEP), last);
        if (overflow) break;
        if (!last && (slice + p) % (64 * INFLATE_STEP) === 0) await nextTick();
        if (p + INFLATE_STEP >= raw.length) break;
      }
      if (overflow || lastSlice) break;
    }
  } catch (error) {
    return damaged(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (overflow) {
    return {
      ok: false,
      message: `${entry.name} unpacks to more than its declared ${entry.size} bytes: the archive is damaged or crafted to exhaust memory, so it was refused.`,
    };
  }
  if (written !== entry.size) return damaged(`${entry.name} is shorter than declared`);
  return checkCrc(out, entry);
}
