// Opening a bundle, in the worker: the zip is read here, off the page's thread, held to its
// caps (entry sizes, compression ratio, total), and each photo is unpacked, its header and
// its decoded size checked and its thumbnail made, one at a time. The photos that pass are
// staged: kept nowhere the app or storage can see until the page accepts the whole bundle
// (`keepBundle`), so a bundle refused, or not confirmed, leaves the photo store and IndexedDB
// as they were (`dropBundle`). The file is read a slice at a time, never whole, and a read can
// be cancelled (`cancelBundleRead`): it stops at its next slice and keeps nothing.
import type { ZipEntry, ZipSource } from '../io/zipReader';
import type { FileProblem } from '../io/projectFormat';
import type { ProjectDocument } from '../model/document';
import { headerOf, sizeProblem } from './decode';
import { adoptPhoto, decodeAndShrink } from './photos';
import type { IngestOutcome } from './photos';
import { thumbnailUrl } from './thumbnailUrls';

export interface BundleProgress {
  done: number;
  total: number;
}

/** A bundle read and checked, its accepted photos staged under `staging`. */
export type StagedBundle =
  | {
      ok: true;
      document: ProjectDocument;
      notes: string[];
      /** Each photo of the document, in order: staged under its id, or refused with why. */
      outcomes: IngestOutcome[];
      staging: string;
    }
  | { ok: false; problems: FileProblem[] };

/** Why a read stopped when the page cancelled it. */
export const BUNDLE_READ_CANCELLED = 'The bundle was not opened: opening it was cancelled.';

interface Staged {
  id: string;
  file: File;
  thumbnail: Blob;
  thumbnailUrl: string;
}

const stagings = new Map<string, Staged[]>();
/** The reads under way, each stopped by its controller. */
const reads = new Set<AbortController>();

/**
 * The bundle reader (the zip reader, the project file's schema), loaded when a bundle is
 * first opened: the worker's own chunk, loaded with every page, stays without it.
 */
const bundleReader = () => import('../io/bundle');

/** One photo of the bundle: unpacked, checked as any added photo is, and shrunk. */
async function stagePhoto(
  source: ZipSource,
  entry: ZipEntry,
  name: string,
  staged: Staged[],
): Promise<IngestOutcome> {
  const { unpackPhoto } = await bundleReader();
  const unpacked = await unpackPhoto(source, entry);
  if (!unpacked.ok) return { ok: false, name, message: unpacked.message };
  const { file } = unpacked;
  if (file.size === 0) return { ok: false, name, message: 'The file is empty (0 bytes).' };
  const header = await headerOf(file);
  const refused = sizeProblem(header, file.size);
  if (refused) return { ok: false, name, message: refused };
  const made = await decodeAndShrink(file, header);
  if (!made.ok) return made;
  const { width, height } = made.bitmap;
  made.bitmap.close();
  const id = crypto.randomUUID();
  const url = thumbnailUrl(made.thumbnail);
  staged.push({ id, file, thumbnail: made.thumbnail, thumbnailUrl: url });
  return { ok: true, id, name, width, height, thumbnailUrl: url };
}

/** A file read by slices, each slice refused once the read is cancelled. */
function cancellableSource(source: ZipSource, signal: AbortSignal): ZipSource {
  return {
    size: source.size,
    read: (start, end) => {
      if (signal.aborted) return Promise.reject(new Error(BUNDLE_READ_CANCELLED));
      return source.read(start, end);
    },
  };
}

/**
 * Reads a bundle file: refused whole, with the problems, when its index, sizes or project
 * file fail; otherwise its document with every photo checked and the accepted ones staged.
 * Cancelled, it is refused with BUNDLE_READ_CANCELLED and nothing is staged.
 */
export async function readBundleFile(
  file: File,
  onProgress?: (progress: BundleProgress) => void,
): Promise<StagedBundle> {
  const controller = new AbortController();
  reads.add(controller);
  const staged: Staged[] = [];
  const { signal } = controller;
  const cancelled = (): StagedBundle => {
    dropStaged(staged);
    return { ok: false, problems: [{ path: '', message: BUNDLE_READ_CANCELLED }] };
  };
  try {
    const { readBundleIndex, zipSource } = await bundleReader();
    const source = cancellableSource(zipSource(file), signal);
    const index = await readBundleIndex(source);
    if (signal.aborted) return cancelled();
    if (!index.ok) return index;
    const outcomes: IngestOutcome[] = [];
    for (const [i, entry] of index.photos.entries()) {
      const name = index.document.images[i]?.name ?? entry.name;
      outcomes.push(await stagePhoto(source, entry, name, staged));
      if (signal.aborted) return cancelled();
      onProgress?.({ done: i + 1, total: index.photos.length });
    }
    const staging = crypto.randomUUID();
    stagings.set(staging, staged);
    return { ok: true, document: index.document, notes: index.notes, outcomes, staging };
  } finally {
    reads.delete(controller);
  }
}

/** Stops every bundle read under way; each keeps nothing and answers that it was cancelled. */
export function cancelBundleRead(): void {
  for (const read of reads) read.abort();
}

function dropStaged(staged: readonly Staged[]): void {
  for (const { thumbnailUrl: url } of staged) URL.revokeObjectURL(url);
}

/** The staged photos join the photo store, and go to IndexedDB from now on. */
export function keepBundle(staging: string): void {
  for (const { id, file, thumbnail } of stagings.get(staging) ?? []) {
    adoptPhoto(id, file, thumbnail);
  }
  stagings.delete(staging);
}

/** Forgets a staged bundle: its photos were never kept, and their thumbnails go. */
export function dropBundle(staging: string): void {
  dropStaged(stagings.get(staging) ?? []);
  stagings.delete(staging);
}
