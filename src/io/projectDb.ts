// The autosave database: one IndexedDB shared by the main thread (the project
// document) and the worker (the photo files and thumbnails, so large writes never
// touch the main thread). Both open it through this module, with the same schema.
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

export const PROJECT_DB_NAME = 'strain-seer';
const PROJECT_DB_VERSION = 1;

/** The key of the one autosaved session in the `session` store. */
export const CURRENT_SESSION = 'current';
/** Where a session that could not be read is kept, so a later version may still recover it. */
export const UNREADABLE_SESSION = 'unreadable';

/** An original photo file, stored once, keyed by its photo id. */
export interface StoredPhoto {
  id: string;
  /** The File itself (IndexedDB keeps its name, type and date). */
  file: Blob;
  name: string;
}

export interface StoredThumbnail {
  id: string;
  blob: Blob;
}

export interface ProjectDb extends DBSchema {
  /** The project document and UI choices, validated on load (so typed unknown here). */
  session: { key: string; value: unknown };
  photos: { key: string; value: StoredPhoto };
  thumbnails: { key: string; value: StoredThumbnail };
}

export type ProjectDatabase = IDBPDatabase<ProjectDb>;

const connections = new Map<string, Promise<ProjectDatabase>>();

/**
 * The open database (one connection per name and thread, reused). A connection
 * that another tab needs to upgrade, or that the browser closes, is dropped, and
 * the next call opens a fresh one.
 */
export function openProjectDb(name: string = PROJECT_DB_NAME): Promise<ProjectDatabase> {
  let connection = connections.get(name);
  if (!connection) {
    const forget = () => {
      if (connections.get(name) === connection) connections.delete(name);
    };
    connection = openDB<ProjectDb>(name, PROJECT_DB_VERSION, {
      upgrade(db) {
        if (!db.objectStoreNames.contains('session')) db.createObjectStore('session');
        if (!db.objectStoreNames.contains('photos'))
          db.createObjectStore('photos', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('thumbnails')) {
          db.createObjectStore('thumbnails', { keyPath: 'id' });
        }
      },
      blocking() {
        // A newer version is waiting in another tab: let it through.
        void connection?.then((db) => db.close());
        forget();
      },
      terminated: forget,
    });
    connection.catch(forget);
    connections.set(name, connection);
  }
  return connection;
}

/** Closes this thread's connection (tests, and deleting the database). */
export async function closeProjectDb(name: string = PROJECT_DB_NAME): Promise<void> {
  const connection = connections.get(name);
  connections.delete(name);
  if (connection) (await connection.catch(() => null))?.close();
}

/**
 * True when a storage failure means the disk or the browser's quota is full
 * (QuotaExceededError, whatever wrapped it: a failed request, an aborted
 * transaction, or an error that crossed from the worker).
 */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  return typeof message === 'string' && /quota|disk (is )?full|no space/i.test(message);
}
