// The bundle (.strainseer): a zip holding the project file and the photos under
// photos/<file name>, so a project reopens anywhere exactly as it was. Written in
// slices so the page stays responsive; read with every size checked first.
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import type { ProjectDocument } from '../model/document';
import { quoted } from './fileProblems';
import { parseProjectFile, serializeProject } from './projectFile';
import type { SaveOptions } from './projectFile';
import { BUNDLE_PHOTO_DIR, BUNDLE_PROJECT_ENTRY, LIMITS, fail } from './projectFormat';
import type { FileProblem } from './projectFormat';
import { extractEntry, listZip, looksLikeZip, nextTick, zipSource } from './zipReader';
import type { ZipEntry, ZipSource } from './zipReader';

export { zipSource } from './zipReader';

const SLICE = 4 * 1024 * 1024;

export type BundlePhoto = Blob | Uint8Array;

export interface BundleProgress {
  done: number;
  total: number;
}

export type CreatedBundle = { ok: true; blob: Blob } | { ok: false; problems: FileProblem[] };

export type ReadBundle =
  | { ok: true; document: ProjectDocument; photos: File[]; notes: string[] }
  | { ok: false; problems: FileProblem[] };

/** Why a file name cannot be a photo entry (it would read as a path), or null when it can. */
export function unsafeEntryName(name: string): string | null {
  if (name === '' || name === '.' || name === '..') return 'is not a file name';
  if (name.includes('/') || name.includes('\\')) return 'contains a slash';
  if (/\p{Cc}/u.test(name)) return 'contains control characters';
  return null;
}

/** An entry name that would escape the folder it is unpacked into, or is not a plain path. */
function hostileEntryName(name: string): boolean {
  return (
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    /\p{Cc}/u.test(name) ||
    name.split('/').some((part) => part === '..' || part === '.')
  );
}

const PHOTO_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  avif: 'image/avif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

function typeOf(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return PHOTO_TYPES[extension] ?? '';
}

async function bytesOf(photo: BundlePhoto): Promise<Uint8Array> {
  return photo instanceof Uint8Array ? photo : new Uint8Array(await photo.arrayBuffer());
}

/**
 * A bundle of the project file and every image's photo (`photos` maps file name
 * to bytes). Photos are stored as they are (already compressed); the project is deflated.
 */
export async function createBundle(
  doc: ProjectDocument,
  photos: ReadonlyMap<string, BundlePhoto>,
  options: SaveOptions & { onProgress?: (progress: BundleProgress) => void } = {},
): Promise<CreatedBundle> {
  const problems: FileProblem[] = [];
  doc.images.forEach((image, i) => {
    const unsafe = unsafeEntryName(image.name);
    if (unsafe) {
      problems.push({
        path: `project.images[${i}].name`,
        message: `Image ${i + 1} (${quoted(image.name)}): the file name ${unsafe}; rename the photo and add it again.`,
      });
    } else if (!photos.has(image.name)) {
      problems.push({
        path: `project.images[${i}]`,
        message: `Image ${i + 1} (${quoted(image.name)}) has no photo to put in the bundle; add the photo first.`,
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const parts: BlobPart[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else parts.push(chunk as Uint8Array<ArrayBuffer>);
  });
  const project = new ZipDeflate(BUNDLE_PROJECT_ENTRY, { level: 6 });
  zip.add(project);
  project.push(strToU8(serializeProject(doc, options)), true);
  for (const [i, image] of doc.images.entries()) {
    const bytes = await bytesOf(photos.get(image.name) as BundlePhoto);
    const entry = new ZipPassThrough(BUNDLE_PHOTO_DIR + image.name);
    zip.add(entry);
    for (let at = 0; at < bytes.length || at === 0; at += SLICE) {
      entry.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
      if (at + SLICE >= bytes.length) break;
      await nextTick();
    }
    options.onProgress?.({ done: i + 1, total: doc.images.length });
    await nextTick();
  }
  zip.end();
  if (failure) return fail(`The bundle could not be made (${(failure as Error).message}).`);
  return { ok: true, blob: new Blob(parts, { type: 'application/zip' }) };
}

function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What a bundle holds once its index and project file are read: its photos not unpacked yet. */
export type BundleIndex =
  | { ok: true; document: ProjectDocument; photos: ZipEntry[]; notes: string[] }
  | { ok: false; problems: FileProblem[] };

export type UnpackedPhoto = { ok: true; file: File } | { ok: false; message: string };

/** Reads a bundle (its bytes, or its file) back into the document and its photos; never throws. */
export async function readBundle(data: Uint8Array | Blob): Promise<ReadBundle> {
  const source = zipSource(data);
  const index = await readBundleIndex(source);
  if (!index.ok) return index;
  const photos: File[] = [];
  for (const entry of index.photos) {
    const photo = await unpackPhoto(source, entry);
    if (!photo.ok) return fail(photo.message, entry.name);
    photos.push(photo.file);
  }
  return { ok: true, document: index.document, photos, notes: index.notes };
}

/**
 * A bundle's document, and the entries of its photos in the document's order, every entry
 * checked against the caps (names, sizes, compression ratio, total) and the project file
 * read; the photos are left packed, to be unpacked and checked one at a time. Never throws.
 */
export async function readBundleIndex(source: ZipSource): Promise<BundleIndex> {
  try {
    return await readIndex(source);
  } catch (error) {
    return fail(
      `The bundle could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/** One photo of the bundle unpacked as a file, or why it cannot be. Never throws. */
export async function unpackPhoto(source: ZipSource, entry: ZipEntry): Promise<UnpackedPhoto> {
  try {
    const data = await extractEntry(source, entry, LIMITS.photoBytes);
    if (!data.ok) return data;
    const name = entry.name.slice(BUNDLE_PHOTO_DIR.length);
    return {
      ok: true,
      file: new File([data.data as Uint8Array<ArrayBuffer>], name, { type: typeOf(name) }),
    };
  } catch (error) {
    return {
      ok: false,
      message: `The bundle could not be read (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
}

/** Why an entry may not be unpacked, by what its directory record declares; null when it may. */
function entryProblem(entry: ZipEntry): string | null {
  const limit = entry.name === BUNDLE_PROJECT_ENTRY ? LIMITS.jsonBytes : LIMITS.photoBytes;
  if (entry.size > limit) {
    return `${quoted(entry.name)} in the bundle unpacks to ${sizeText(entry.size)}; at most ${sizeText(limit)} is allowed.`;
  }
  const ratio = entry.size / Math.max(1, entry.compressedSize);
  if (entry.size > LIMITS.ratioFrom && ratio > LIMITS.compressionRatio) {
    return `${quoted(entry.name)} in the bundle unpacks to ${sizeText(entry.size)} from ${sizeText(entry.compressedSize)}, ${Math.round(ratio)} times its packed size: no photo or project compresses so far, so the bundle was refused as made to exhaust memory.`;
  }
  return null;
}

async function readIndex(source: ZipSource): Promise<BundleIndex> {
  if (!looksLikeZip(await source.read(0, 4))) {
    return fail('This is not a Strain Seer bundle: it is not a zip file.');
  }
  if (source.size > LIMITS.bundleBytes) {
    return fail(
      `The bundle is ${sizeText(source.size)}; Strain Seer opens at most ${sizeText(LIMITS.bundleBytes)}.`,
    );
  }
  const listing = await listZip(source, LIMITS.bundleEntries);
  if (!listing.ok) return fail(listing.message);

  // Names and declared sizes are all checked before anything is unpacked.
  const byName = new Map<string, ZipEntry>();
  let declared = 0;
  for (const entry of listing.entries) {
    if (hostileEntryName(entry.name)) {
      return fail(
        `The bundle holds a file named ${quoted(entry.name)}, a path outside the bundle's own folders. It was refused: bundles made by Strain Seer never hold such names.`,
        entry.name,
      );
    }
    if (byName.has(entry.name)) {
      return fail(
        `The bundle holds two files named ${quoted(entry.name)}; it is damaged.`,
        entry.name,
      );
    }
    byName.set(entry.name, entry);
    const problem = entryProblem(entry);
    if (problem) return fail(problem, entry.name);
    declared += entry.size;
  }
  if (declared > LIMITS.bundleContentBytes) {
    return fail(
      `The bundle unpacks to ${sizeText(declared)}; Strain Seer opens at most ${sizeText(LIMITS.bundleContentBytes)}.`,
    );
  }

  const projectEntry = byName.get(BUNDLE_PROJECT_ENTRY);
  if (!projectEntry) {
    return fail(
      `The zip has no ${BUNDLE_PROJECT_ENTRY}: it is not a Strain Seer bundle, or it is damaged.`,
    );
  }
  const projectBytes = await extractEntry(source, projectEntry, LIMITS.jsonBytes);
  if (!projectBytes.ok) return fail(projectBytes.message, BUNDLE_PROJECT_ENTRY);
  const parsed = parseProjectFile(new TextDecoder('utf-8').decode(projectBytes.data));
  if (!parsed.ok) {
    return {
      ok: false,
      problems: parsed.problems.map((p) => ({
        path: `${BUNDLE_PROJECT_ENTRY}${p.path ? `: ${p.path}` : ''}`,
        message: p.message,
      })),
    };
  }

  const problems: FileProblem[] = [];
  const wanted: ZipEntry[] = [];
  parsed.document.images.forEach((image, i) => {
    const entry = byName.get(BUNDLE_PHOTO_DIR + image.name);
    if (entry && unsafeEntryName(image.name) === null) wanted.push(entry);
    else {
      problems.push({
        path: `project.images[${i}]`,
        message: `The photo of image ${i + 1} (${quoted(image.name)}) is missing from the bundle.`,
      });
    }
  });
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, LIMITS.problems) };

  const used = new Set([projectEntry, ...wanted]);
  const extra = listing.entries.filter((e) => !used.has(e) && !e.name.endsWith('/')).length;
  const notes = [...parsed.notes];
  if (extra > 0) {
    notes.push(
      `The bundle held ${extra} other file${extra === 1 ? '' : 's'}, which ${extra === 1 ? 'was' : 'were'} left out.`,
    );
  }
  return { ok: true, document: parsed.document, photos: wanted, notes };
}
