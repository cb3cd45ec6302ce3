// The bundle: the project and its photos round-trip byte for byte, and every
// hostile or broken zip is refused with a message, quickly, without unpacking
// more than it declares: path traversal, absolute paths, oversize entries,
// zip bombs, overlapping entries, missing parts and damage.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createBundle, readBundle } from '../../../src/io/bundle';
import { parseProjectFile } from '../../../src/io/projectFile';
import { LIMITS } from '../../../src/io/projectFormat';
import type { ProjectDocument as SavedDocument } from '../../../src/model/document';
import { crc32 } from '../../../src/io/zipReader';
import { paddedPhotoBundle } from '../../support/hostileFiles';

const demoDir = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
const projectText = readFileSync(
  fileURLToPath(new URL('../../fixtures/projects/v1-press-demo.strainseer.json', import.meta.url)),
  'utf8',
);

function demoDocument(): SavedDocument {
  const result = parseProjectFile(projectText);
  if (!result.ok) throw new Error('the demo project fixture does not open');
  return result.document;
}

const demoPhotos = () =>
  new Map(
    demoDocument().images.map((image) => [
      image.name,
      new Uint8Array(readFileSync(demoDir + image.name)),
    ]),
  );

async function bundleBytes(doc: SavedDocument, photos: Map<string, Uint8Array | Blob>) {
  const created = await createBundle(doc, photos);
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return new Uint8Array(await created.blob.arrayBuffer());
}

/** The problems a bundle is refused with, the same whether read from bytes or a file by slices. */
async function refused(bytes: Uint8Array) {
  const start = performance.now();
  const result = await readBundle(bytes);
  expect(performance.now() - start, 'refused within a second').toBeLessThan(1000);
  if (result.ok) throw new Error('expected the bundle to be refused');
  const fromFile = await readBundle(new SlicedOnly([bytes as Uint8Array<ArrayBuffer>]));
  expect(fromFile).toEqual(result);
  return result.problems;
}

/** A file that may be read only by slices: reading it whole fails, and each slice is noted. */
class SlicedOnly extends Blob {
  readonly reads: [number, number][] = [];
  override slice(start = 0, end = this.size): Blob {
    this.reads.push([start, end]);
    return super.slice(start, end);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    throw new Error('the whole file was read at once');
  }
}

/** A zip made by another tool from these entries, the project file included unless told. */
function zipOf(entries: Zippable, withProject = true): Uint8Array {
  return zipSync({
    ...(withProject ? { 'project.strainseer.json': strToU8(projectText) } : {}),
    ...entries,
  });
}

/** Rewrites one entry's record in the central directory (`at` is where the record starts). */
function patchEntry(zip: Uint8Array, name: string, patch: (view: DataView, at: number) => void) {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let p = out.length - 22; p >= 0; p--) {
    if (view.getUint32(p, true) !== 0x02014b50) continue;
    const length = view.getUint16(p + 28, true);
    if (new TextDecoder().decode(out.subarray(p + 46, p + 46 + length)) === name) {
      patch(view, p);
      return out;
    }
  }
  throw new Error(`${name} is not in the zip`);
}

/** Claims another uncompressed size for one entry. */
const declareSize = (zip: Uint8Array, name: string, size: number) =>
  patchEntry(zip, name, (view, at) => view.setUint32(at + 24, size, true));

/** Byte-for-byte equality without a deep comparison of millions of elements. */
const sameBytes = (a: Uint8Array, b: Uint8Array | undefined) =>
  b !== undefined && Buffer.from(a).equals(Buffer.from(b));

describe('bundle round trip', () => {
  it('reopens as the same document with the very same photo bytes', async () => {
    const doc = demoDocument();
    const photos = demoPhotos();
    const progress: number[] = [];
    const created = await createBundle(doc, photos, { onProgress: (p) => progress.push(p.done) });
    if (!created.ok) throw new Error('not created');
    expect(progress).toEqual([1, 2, 3]);
    const result = await readBundle(new Uint8Array(await created.blob.arrayBuffer()));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document).toEqual(doc);
    expect(result.notes).toEqual([]);
    expect(result.photos.map((file) => [file.name, file.type])).toEqual(
      doc.images.map((image) => [image.name, 'image/png']),
    );
    for (const file of result.photos) {
      expect(sameBytes(new Uint8Array(await file.arrayBuffer()), photos.get(file.name))).toBe(true);
    }
  });

  it('keeps each point’s uncertainty and the hand-placed setting, or opens an older bundle as hand-placed', async () => {
    const doc = demoDocument();
    // A bundle whose project file predates point uncertainties: all hand-placed, 0.5 px.
    const older = await readBundle(
      zipOf(
        Object.fromEntries([...demoPhotos()].map(([name, bytes]) => [`photos/${name}`, bytes])),
      ),
    );
    if (!older.ok) throw new Error(JSON.stringify(older.problems));
    expect(older.document.handPlacedUncertainty).toBe(0.5);
    expect(older.document.images.map((image) => image.fiducialUncertainty)).toEqual(
      doc.images.map(() => [null, null, null, null, null]),
    );
    // One with located points and another setting comes back as it was saved.
    const located: SavedDocument = {
      ...doc,
      handPlacedUncertainty: 0.35,
      images: doc.images.map((image, i) => ({
        ...image,
        fiducialUncertainty: [0.021 * (i + 1), null, 0.04, 0.05, 0.0125],
        scaleUncertainty: [null, i === 2 ? 0.2 : null],
      })),
    };
    const result = await readBundle(await bundleBytes(located, demoPhotos()));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document).toEqual(located);
  });

  it('reads a bundle file by slices: its directory, then each entry, never the whole file', async () => {
    const bytes = await bundleBytes(demoDocument(), demoPhotos());
    const file = new SlicedOnly([bytes]);
    const read = await readBundle(file);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.document).toEqual(demoDocument());
    const photos = demoPhotos();
    for (const photo of read.photos) {
      expect(sameBytes(new Uint8Array(await photo.arrayBuffer()), photos.get(photo.name))).toBe(
        true,
      );
    }
    const largest = Math.max(...[...photos.values()].map((photo) => photo.length));
    const longest = Math.max(...file.reads.map(([start, end]) => end - start));
    expect(longest).toBeLessThanOrEqual(Math.max(largest, 64 * 1024 + 22));
    expect(longest).toBeLessThan(bytes.length / 2);
  });

  it('takes photos as Blobs too, and keeps names with spaces, accents and formulas', async () => {
    const doc = demoDocument();
    doc.images = doc.images.slice(0, 2);
    doc.images[0]!.name = '=SUM(1) étape 1.png';
    doc.images[1]!.name = 'step two.JPG';
    const photos = new Map<string, Blob | Uint8Array>([
      [doc.images[0]!.name, new Blob([new Uint8Array([1, 2, 3])])],
      [doc.images[1]!.name, new Uint8Array([4, 5])],
    ]);
    const result = await readBundle(await bundleBytes(doc, photos));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.photos.map((f) => [f.name, f.type, f.size])).toEqual([
      ['=SUM(1) étape 1.png', 'image/png', 3],
      ['step two.JPG', 'image/jpeg', 2],
    ]);
  });

  it('opens a bundle another zip tool made, ignoring files it does not need', async () => {
    const photos = Object.fromEntries(
      [...demoPhotos()].map(([name, bytes]): [string, [Uint8Array, { level: 0 }]] => [
        `photos/${name}`,
        [bytes, { level: 0 }],
      ]),
    );
    const result = await readBundle(
      zipOf({ ...photos, '__MACOSX/': new Uint8Array(), 'notes.txt': strToU8('hi') }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.photos).toHaveLength(3);
    expect(result.notes.join(' ')).toMatch(/1 other file, which was left out/);
  });

  it('will not make a bundle without every photo, or with a name that reads as a path', async () => {
    const doc = demoDocument();
    const missing = await createBundle(doc, new Map());
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.problems[0]?.message).toMatch(/has no photo to put in the bundle/);
    doc.images = [{ ...doc.images[0]!, name: 'a\\b.png' }];
    const slashed = await createBundle(doc, new Map([['a\\b.png', new Uint8Array([1])]]));
    expect(!slashed.ok && slashed.problems[0]?.message).toMatch(/contains a slash/);
  });
});

describe('bundles that are refused', () => {
  it('refuses what is not a zip, or is a zip without a project', async () => {
    expect((await refused(strToU8('{"format": 1}')))[0]?.message).toMatch(/not a zip file/);
    expect((await refused(new Uint8Array()))[0]?.message).toMatch(/not a zip file/);
    expect(
      (await refused(zipOf({ 'photos/a.png': new Uint8Array([1]) }, false)))[0]?.message,
    ).toMatch(/has no project.strainseer.json/);
  });

  it('refuses a bundle missing a photo, naming the image', async () => {
    const problems = await refused(zipOf({}));
    expect(problems.map((p) => p.message)).toEqual(
      demoDocument().images.map(
        (image, i) => `The photo of image ${i + 1} (“${image.name}”) is missing from the bundle.`,
      ),
    );
  });

  it.each([
    ['photos/../../evil.png'],
    ['../project.strainseer.json'],
    ['/etc/passwd'],
    ['C:/Windows/evil.png'],
    ['photos\\evil.png'],
    ['photos/./a.png'],
  ])('refuses the whole bundle when an entry is named %s', async (name) => {
    const problems = await refused(zipOf({ [name]: new Uint8Array([1, 2, 3]) }));
    expect(problems[0]?.message).toMatch(/a path outside the bundle's own folders/);
    expect(problems[0]?.path).toBe(name);
  });

  it('refuses oversize entries from their declared size, before unpacking', async () => {
    const big = declareSize(
      zipOf({ 'photos/a.png': new Uint8Array(10) }, true),
      'photos/a.png',
      LIMITS.photoBytes + 1,
    );
    expect((await refused(big))[0]?.message).toMatch(/unpacks to 256.0 MB; at most 256.0 MB/);
    const bigProject = declareSize(zipOf({}), 'project.strainseer.json', LIMITS.jsonBytes + 1);
    expect((await refused(bigProject))[0]?.message).toMatch(/at most 16.0 MB/);
  });

  it('stops a zip bomb as soon as it unpacks past its declared size', async () => {
    // 16 MB of zeros deflate to about 16 KB; the directory claims 1000 bytes.
    const zeros = new Uint8Array(16 * 1024 * 1024);
    const bomb = zipSync({ 'project.strainseer.json': [zeros, { level: 1 }] });
    expect(bomb.length).toBeLessThan(100_000);
    const lying = declareSize(bomb, 'project.strainseer.json', 1000);
    expect((await refused(lying))[0]?.message).toMatch(
      /unpacks to more than its declared 1000 bytes/,
    );
  });

  it('refuses a photo that unpacks a thousandfold: a 1 × 1 PNG padded with zeros', async () => {
    const names = demoDocument().images.map((image) => image.name);
    const bomb = paddedPhotoBundle(projectText, names, 32 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const [problem] = await refused(bomb);
    expect(problem?.path).toBe('photos/deformation-00mm-force.png');
    expect(problem?.message).toMatch(
      /^“photos\/deformation-00mm-force.png” in the bundle unpacks to 32.0 MB from \d+ KB, \d+ times its packed size: no photo or project compresses so far/,
    );
    // The same padding a hundred times smaller is within the ratio, and the bundle opens.
    const mild = await readBundle(paddedPhotoBundle(projectText, names, 64 * 1024));
    expect(mild.ok).toBe(true);
  });

  it('refuses overlapping entries (the small-zip, huge-content trick)', async () => {
    const zip = zipOf({ 'photos/a.png': new Uint8Array(100) });
    const view = new DataView(zip.buffer);
    // Point the second directory entry at the first entry's data.
    const offsets: number[] = [];
    for (let p = 0; p + 4 <= zip.length; p++)
      if (view.getUint32(p, true) === 0x02014b50) offsets.push(p);
    view.setUint32(offsets[1]! + 42, view.getUint32(offsets[0]! + 42, true), true);
    const problems = await refused(zip);
    expect(problems[0]?.message).toMatch(/not a readable zip archive/);
  });

  it('refuses damaged data: a flipped byte fails the checksum, a cut file has no directory', async () => {
    const good = await bundleBytes(demoDocument(), demoPhotos());
    const flipped = good.slice();
    flipped[200_000] = (flipped[200_000] as number) ^ 0xff;
    expect((await refused(flipped))[0]?.message).toMatch(/fails its checksum/);
    expect((await refused(good.subarray(0, good.length - 100)))[0]?.message).toMatch(
      /no end of central directory/,
    );
  });

  it('refuses encrypted entries and unknown compression methods', async () => {
    const zip = zipOf({});
    const encrypted = patchEntry(zip, 'project.strainseer.json', (view, at) =>
      view.setUint16(at + 8, 1, true),
    );
    expect((await refused(encrypted))[0]?.message).toMatch(/is encrypted/);
    const lzma = patchEntry(zip, 'project.strainseer.json', (view, at) =>
      view.setUint16(at + 10, 14, true),
    );
    expect((await refused(lzma))[0]?.message).toMatch(/a method Strain Seer does not read \(14\)/);
  });

  it('refuses a project file inside the bundle with the same messages as on its own', async () => {
    const zip = zipSync({
      'project.strainseer.json': strToU8('{"format":"strain-seer-project","version":9}'),
    });
    const problems = await refused(zip);
    expect(problems[0]?.message).toMatch(/version 9/);
    expect(problems[0]?.path).toBe('project.strainseer.json: version');
  });
});

describe('crc32', () => {
  it('matches the standard check value and continues across slices', () => {
    const data = strToU8('123456789');
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32(data.subarray(4), crc32(data.subarray(0, 4)))).toBe(0xcbf43926);
  });
});
