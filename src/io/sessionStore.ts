// The autosaved session (project document plus UI choices) behind a small
// interface, so the autosave logic can be tested with a store that fails the
// way a full disk does. The IndexedDB implementation keeps one session record and,
// beside it, the write-ahead records of the edits made since it was saved.
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

/** Every write-ahead record's key, or (with `seq`) those up to that record's. */
const editKeys = (seq?: number) =>
  IDBKeyRange.bound(EDIT_KEY_PREFIX, seq === undefined ? `${EDIT_KEY_PREFIX}\uffff` : editKey(seq));

/** The session store of the real app: records in the `session` object store. */
export function idbSessionStore(dbName?: string): SessionStore {
  const db = () => openProjectDb(dbName);
  /** The number of the last edit record written (or found in storage). */
  let lastSeq = 0;
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
      const [value, keys, edits] = await Promise.all([
        tx.store.get(CURRENT_SESSION),
        tx.store.getAllKeys(editKeys()),
        tx.store.getAll(editKeys()),
      ]);
      for (const key of keys) lastSeq = Math.max(lastSeq, editSeq(key) ?? 0);
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
      await write((store) => [
        store.put(session, CURRENT_SESSION),
        through > 0 ? store.delete(editKeys(through)) : undefined,
      ]);
    },
    async append(edits) {
      if (edits.length === 0) return;
      const first = lastSeq + 1;
      lastSeq += edits.length;
      await write((store) => edits.map((edit, k) => store.put(edit, editKey(first + k))));
    },
    async clear() {
      await write((store) => [store.delete(CURRENT_SESSION), store.delete(editKeys())]);
    },
  };
}
