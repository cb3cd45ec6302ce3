// The file's structure: its byte order, the first IFD and the values of its fields, every
// offset and count checked against the file's length before it is read.
import { CUT_SHORT, damaged, unsupported } from './errors';

// Tag numbers, from the TIFF 6.0 specification.
export const TAG = {
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

/** A field of the IFD: its type, how many values, and where they start in the file. */
interface Field {
  type: number;
  count: number;
  at: number;
}

/** The file's bytes read in its own byte order, every read bounds-checked. */
export class TiffBytes {
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
export function readFirstIfd(file: TiffBytes): Map<number, Field> {
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
export class Fields {
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
