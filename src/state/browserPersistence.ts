// Autosave wired to this browser: IndexedDB for the session, the worker for the
// photos, Web Locks and a BroadcastChannel between tabs, navigator.storage for
// the space used. Where the browser lacks one, that part is left out.
import { idbSessionStore } from '../io/sessionStore';
import { PROJECT_CHANNEL } from '../io/tabLock';
import { PersistenceState } from './persistence.svelte';
import type { PhotoVault } from './persistence.svelte';
import type { ProjectState } from './project.svelte';

export function browserPersistence(project: ProjectState, vault: PhotoVault): PersistenceState {
  const hasIdb = typeof indexedDB !== 'undefined';
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return new PersistenceState({
    project,
    vault,
    store: hasIdb ? idbSessionStore() : null,
    locks: nav?.locks,
    channel:
      hasIdb && typeof BroadcastChannel !== 'undefined'
        ? new BroadcastChannel(PROJECT_CHANNEL)
        : undefined,
    storage: nav?.storage,
    lifecycle: typeof document === 'undefined' ? undefined : { document, window },
  });
}
