// The worker's side of autosave: each ingested photo's original file and its
// thumbnail go to IndexedDB from here, so the main thread never carries their
// bytes. Restoring hands the files back without decoding any of them.
import { isQuotaError, openProjectDb } from '../io/projectDb';

export interface RestoredPhotos {
  /** Thumbnails of the photos found, by id. */
  thumbnails: Record<string, Blob>;
  /** Ids asked for whose file is not in storage. */
  missing: string[];
}

interface Held {
  file: File;
  thumbnail: Blob | undefined;
}

/** Every photo this worker has seen (file handles and small thumbnails, never pixels). */
const held = new Map<string, Held>();
/** Ingested here but not yet in a saved document: pruning must spare them. */
const unclaimed = new Set<string>();

let dbName: string | undefined;
let tasks: Promise<unknown> = Promise.resolve();
/** Why the last write at ingest failed; the next storePhotos retries it. */
let ingestWriteError: unknown = null;

/** Runs storage tasks one at a time, in the order they were asked for. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = tasks.then(task, task);
  tasks = run.catch(() => undefined);
  return run;
}

/** An error that keeps its name (QuotaExceededError) when comlink carries it to the page. */
function storageError(error: unknown): Error {
  const name = isQuotaError(error) ? 'QuotaExceededError' : 'StorageError';
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(message || name), { name });
}

const available = () => typeof indexedDB !== 'undefined';

/** Writes the held photos among `ids` that storage does not have yet, one transaction each. */
async function writeMissing(ids: readonly string[]): Promise<void> {
  if (!available()) return;
  const db = await openProjectDb(dbName);
  const stored = new Set(await db.getAllKeys('photos'));
  for (const id of ids) {
    const item = held.get(id);
    if (stored.has(id) || !item) continue;
    const tx = db.transaction(['photos', 'thumbnails'], 'readwrite');
    const writes: Promise<unknown>[] = [
      tx.objectStore('photos').put({ id, file: item.file, name: item.file.name }),
      tx.done,
    ];
    if (item.thumbnail) writes.push(tx.objectStore('thumbnails').put({ id, blob: item.thumbnail }));
    await Promise.all(writes);
  }
}

/** Called at ingest: keeps the file and starts writing it (ingest does not wait for the write). */
export function keepPhoto(id: string, file: File, thumbnail: Blob): void {
  held.set(id, { file, thumbnail });
  unclaimed.add(id);
  serial(() => writeMissing([id])).then(
    () => (ingestWriteError = null),
    (error: unknown) => (ingestWriteError = error),
  );
}

/**
 * Makes sure every photo of the saved document is in storage (writing those
 * that are not: a failed earlier write, or another tab's pruning). Rejects with
 * a QuotaExceededError-named error when storage is full.
 */
export function storePhotos(ids: string[]): Promise<void> {
  for (const id of ids) unclaimed.delete(id);
  return serial(async () => {
    try {
      await writeMissing(ids);
      ingestWriteError = null;
    } catch (error) {
      throw storageError(error);
    }
  });
}

/** Deletes stored photos that are neither in the saved document nor still being added. */
export function prunePhotos(keep: string[]): Promise<number> {
  if (!available()) return Promise.resolve(0);
  const wanted = new Set(keep);
  return serial(async () => {
    const db = await openProjectDb(dbName);
    const tx = db.transaction(['photos', 'thumbnails'], 'readwrite');
    const [photoKeys, thumbnailKeys] = await Promise.all([
      tx.objectStore('photos').getAllKeys(),
      tx.objectStore('thumbnails').getAllKeys(),
    ]);
    const spare = (id: string) => wanted.has(id) || unclaimed.has(id);
    const stale = [...new Set([...photoKeys, ...thumbnailKeys])].filter((id) => !spare(id));
    await Promise.all([
      ...stale.flatMap((id) => [
        tx.objectStore('photos').delete(id),
        tx.objectStore('thumbnails').delete(id),
      ]),
      tx.done,
    ]);
    return stale.length;
  });
}

/**
 * Reads the files and thumbnails of `ids` back from storage. The files are only
 * handed to `adopt` (the photo store, which decodes one when it is opened).
 */
export function restorePhotos(
  ids: string[],
  adopt: (id: string, file: File) => void,
): Promise<RestoredPhotos> {
  if (!available()) return Promise.resolve({ thumbnails: {}, missing: [...ids] });
  return serial(async () => {
    const db = await openProjectDb(dbName);
    const tx = db.transaction(['photos', 'thumbnails'], 'readonly');
    const photos = tx.objectStore('photos');
    const thumbs = tx.objectStore('thumbnails');
    const found = await Promise.all(ids.map((id) => Promise.all([photos.get(id), thumbs.get(id)])));
    await tx.done;
    const thumbnails: Record<string, Blob> = {};
    const missing: string[] = [];
    found.forEach(([photo, thumbnail], i) => {
      const id = ids[i] as string;
      if (!photo) {
        missing.push(id);
        return;
      }
      const file =
        photo.file instanceof File
          ? photo.file
          : new File([photo.file], photo.name, { type: photo.file.type });
      held.set(id, { file, thumbnail: thumbnail?.blob });
      adopt(id, file);
      if (thumbnail) thumbnails[id] = thumbnail.blob;
    });
    return { thumbnails, missing };
  });
}

/** Empties the photo and thumbnail stores and forgets every held photo (a new project). */
export function clearPhotos(): Promise<void> {
  held.clear();
  unclaimed.clear();
  if (!available()) return Promise.resolve();
  return serial(async () => {
    const db = await openProjectDb(dbName);
    const tx = db.transaction(['photos', 'thumbnails'], 'readwrite');
    await Promise.all([
      tx.objectStore('photos').clear(),
      tx.objectStore('thumbnails').clear(),
      tx.done,
    ]);
  });
}

/** The failure of the latest write made at ingest, if it has not been retried successfully. */
export function lastIngestWriteError(): unknown {
  return ingestWriteError;
}

/** Tests: use another database and start from nothing. */
export function resetVaultForTests(name?: string): void {
  dbName = name;
  held.clear();
  unclaimed.clear();
  ingestWriteError = null;
  tasks = Promise.resolve();
}
