// The autosaved session (project document plus UI choices) behind a small
// interface, so the autosave logic can be tested with a store that fails the
// way a full disk does. The IndexedDB implementation keeps one session record and,
// beside it, the write-ahead records of the edits made since it was saved. A project of
// many images keeps them in records of IMAGES_PER_RECORD beside the session record, and a
// save writes only the records whose images changed since the last save: a travel typed in a
// project of 5000 photos writes 500 images, not 5000, which IndexedDB copies on the page's
// thread.
import type { IDBPObjectStore } from 'idb';
import { EDIT_KEY_PREFIX, editKey, editSeq, foldEdits } from './editJournal';
import type { JournalEdit } from './editJournal';
import type { SavedSession } from './sessionRecord';
import { CURRENT_SESSION, UNREADABLE_SESSION, openProjectDb } from './projectDb';
import type { ProjectDb } from './projectDb';

type SessionObjectStore = IDBPObjectStore<ProjectDb, ['session'], 'session', 'readwrite'>;

export { SESSION_SCHEMA } from './sessionRecord';
export type { SavedSession } from './sessionRecord';

/** What the autosave needs from storage. Every method may reject (e.g. QuotaExceededError). */
export interface SessionStore {
  /**
   * The last saved session with the edits written after it folded in; null when there is
   * none or it cannot be read (kept aside then).
   */
  load(): Promise<SavedSession | null>;
  /** Saves the whole session; the edits appended before this call are then part of it. */
  save(session: SavedSession): Promise<void>;
  /** Writes edits at once, ahead of the next save (see editJournal.ts). */
  append(edits: readonly JournalEdit[]): Promise<void>;
  /** Forgets the saved session and its edits (a new project). */
  clear(): Promise<void>;
}

// ---- IndexedDB ----

/** Up to this many images, the session record holds them; past it, records of this many do. */
export const IMAGES_PER_RECORD = 500;
const IMAGES_KEY_PREFIX = 'images:';
const imagesKey = (k: number) => IMAGES_KEY_PREFIX + String(k).padStart(5, '0');
/** Every image record's key, or (with `from`) those from that record on. */
const imagesKeys = (from = 0) => IDBKeyRange.bound(imagesKey(from), `${IMAGES_KEY_PREFIX}\uffff`);

/** A session record whose images are kept in records of their own. */
interface SplitSession {
  doc: { images: unknown[] };
  imageRecords: number;
}

const isSplit = (value: unknown): value is SplitSession =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { imageRecords?: unknown }).imageRecords === 'number' &&
  typeof (value as { doc?: unknown }).doc === 'object';

/** The session as it was saved, its images put back from their records. */
function joined(value: unknown, records: unknown[]): unknown {
  if (!isSplit(value)) return value;
  const { imageRecords, ...rest } = value;
  const images = records.slice(0, imageRecords).flatMap((r) => (Array.isArray(r) ? r : []));
  return { ...rest, doc: { ...rest.doc, images } };
}

/** Every write-ahead record's key, or (with `seq`) those up to that record's. */
const editKeys = (seq?: number) =>
  IDBKeyRange.bound(EDIT_KEY_PREFIX, seq === undefined ? `${EDIT_KEY_PREFIX}\uffff` : editKey(seq));

/** The session store of the real app: records in the `session` object store. */
export function idbSessionStore(dbName?: string): SessionStore {
  const db = () => openProjectDb(dbName);
  /** The number of the last edit record written (or found in storage). */
  let lastSeq = 0;
  /** The images of each image record as this store last wrote it (none known: write all). */
  let written: (readonly unknown[])[] = [];
  /**
   * Writes in one transaction. Relaxed: committed once the browser has the data (a crashed
   * tab or browser keeps it), without waiting for the disk to flush. Committed as soon as the
   * requests are made rather than when the page next idles: a write made just before a crash,
   * or as the page goes away, must not wait for a round trip the page may not live to see.
   */
  const write = async (requests: (store: SessionObjectStore) => unknown[]) => {
    const tx = (await db()).transaction('session', 'readwrite', { durability: 'relaxed' });
    const made = requests(tx.store);
    tx.commit?.();
    await Promise.all([...made, tx.done]);
  };
  return {
    async load() {
      const tx = (await db()).transaction('session', 'readonly');
      const [saved, keys, edits, imageRecords] = await Promise.all([
        tx.store.get(CURRENT_SESSION),
        tx.store.getAllKeys(editKeys()),
        tx.store.getAll(editKeys()),
        tx.store.getAll(imagesKeys()),
      ]);
      for (const key of keys) lastSeq = Math.max(lastSeq, editSeq(key) ?? 0);
      written = [];
      const value = joined(saved, imageRecords);
      if (value === undefined) return null;
      // The schema loads with the first session to read, not with the page.
      const { parseSavedSession } = await import('./sessionFormat');
      const withEdits =
        edits.length > 0 && typeof value === 'object' && value !== null
          ? parseSavedSession({ ...value, doc: foldEdits((value as { doc?: unknown }).doc, edits) })
          : null;
      // Edits that do not fit the saved document are dropped rather than losing it too.
      const session = withEdits ?? parseSavedSession(value);
      if (!session) {
        // Set aside rather than overwritten by the next save: nothing is ever silently destroyed.
        await write((store) => [
          store.put(value, UNREADABLE_SESSION),
          store.delete(CURRENT_SESSION),
        ]);
      }
      return session;
    },
    async save(session) {
      // The edits appended so far are in this session; later ones stay for the next save.
      const through = lastSeq;
      const { images } = session.doc;
      const records: (readonly unknown[])[] = [];
      if (images.length > IMAGES_PER_RECORD) {
        for (let at = 0; at < images.length; at += IMAGES_PER_RECORD) {
          records.push(images.slice(at, at + IMAGES_PER_RECORD));
        }
      }
      const head =
        records.length > 0
          ? { ...session, doc: { ...session.doc, images: [] }, imageRecords: records.length }
          : session;
      // A record is written again when any of its images is another copy than last time.
      const changed = (k: number) => {
        const before = written[k];
        const now = records[k] as readonly unknown[];
        return (
          !before || before.length !== now.length || now.some((image, i) => image !== before[i])
        );
      };
      try {
        await write((store) => [
          store.put(head, CURRENT_SESSION),
          ...records.map((record, k) => (changed(k) ? store.put(record, imagesKey(k)) : undefined)),
          store.delete(imagesKeys(records.length)),
          through > 0 ? store.delete(editKeys(through)) : undefined,
        ]);
        written = records;
      } catch (error) {
        written = [];
        throw error;
      }
    },
    async append(edits) {
      if (edits.length === 0) return;
      const first = lastSeq + 1;
      lastSeq += edits.length;
      await write((store) => edits.map((edit, k) => store.put(edit, editKey(first + k))));
    },
    async clear() {
      written = [];
      await write((store) => [
        store.delete(CURRENT_SESSION),
        store.delete(editKeys()),
        store.delete(imagesKeys()),
      ]);
    },
  };
}
