// The autosaved session (project document plus UI choices) behind a small
// interface, so the autosave logic can be tested with a store that fails the
// way a full disk does. The IndexedDB implementation keeps one record.
import type { SavedSession } from './sessionRecord';
import { CURRENT_SESSION, UNREADABLE_SESSION, openProjectDb } from './projectDb';

export { SESSION_SCHEMA } from './sessionRecord';
export type { SavedSession } from './sessionRecord';

/** What the autosave needs from storage. Every method may reject (e.g. QuotaExceededError). */
export interface SessionStore {
  /** The last saved session; null when there is none or it cannot be read (kept aside then). */
  load(): Promise<SavedSession | null>;
  save(session: SavedSession): Promise<void>;
  /** Forgets the saved session (a new project). */
  clear(): Promise<void>;
}

// ---- IndexedDB ----

/** The session store of the real app: one record in the `session` object store. */
export function idbSessionStore(dbName?: string): SessionStore {
  const db = () => openProjectDb(dbName);
  return {
    async load() {
      const value = await (await db()).get('session', CURRENT_SESSION);
      if (value === undefined) return null;
      // The schema loads with the first session to read, not with the page.
      const { parseSavedSession } = await import('./sessionFormat');
      const session = parseSavedSession(value);
      if (!session) {
        // Set aside rather than overwritten by the next save: nothing is ever silently destroyed.
        const tx = (await db()).transaction('session', 'readwrite');
        await Promise.all([
          tx.store.put(value, UNREADABLE_SESSION),
          tx.store.delete(CURRENT_SESSION),
          tx.done,
        ]);
      }
      return session;
    },
    async save(session) {
      // Relaxed: committed once the browser has the data (a crashed tab or browser keeps it),
      // without waiting for the disk to flush; a save follows every few hundred ms anyway.
      const tx = (await db()).transaction('session', 'readwrite', { durability: 'relaxed' });
      const written = tx.store.put(session, CURRENT_SESSION);
      // Commit now rather than when the page next idles: a save made as the page
      // goes away (pagehide) must not wait for a round trip the page may not live to see.
      tx.commit?.();
      await Promise.all([written, tx.done]);
    },
    async clear() {
      await (await db()).delete('session', CURRENT_SESSION);
    },
  };
}
