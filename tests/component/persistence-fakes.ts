// Stand-ins for the autosave's storage: a session store that can be made to
// fail like a full disk, and a photo vault that records what it was asked
// (jsdom has neither IndexedDB nor a worker).
import { vi } from 'vitest';
import { foldEdits } from '../../src/io/editJournal';
import type { JournalEdit } from '../../src/io/editJournal';
import { SESSION_SCHEMA } from '../../src/io/sessionStore';
import type { SavedSession, SessionStore } from '../../src/io/sessionStore';
import { PersistenceState } from '../../src/state/persistence.svelte';
import type { PersistenceOptions, PhotoVault } from '../../src/state/persistence.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import type { ProjectDocument, ProjectImage } from '../../src/model/document';

export const quotaError = () =>
  new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/**
 * An in-memory session store with write-ahead records kept as IndexedDB keeps them; set
 * `full` to make every save fail as a full disk does.
 */
export class MemoryStore implements SessionStore {
  session: SavedSession | null = null;
  saves: SavedSession[] = [];
  /** The records not yet taken in by a save, oldest first. */
  edits: JournalEdit[] = [];
  full = false;
  load = vi.fn(async () => {
    if (!this.session) return null;
    const doc = foldEdits(this.session.doc, structuredClone(this.edits)) as ProjectDocument;
    return structuredClone({ ...this.session, doc });
  });
  save = vi.fn(async (session: SavedSession) => {
    const taken = this.edits.length;
    await Promise.resolve();
    if (this.full) throw quotaError();
    this.session = structuredClone(session);
    this.saves.push(this.session);
    this.edits.splice(0, taken);
  });
  append = vi.fn(async (edits: readonly JournalEdit[]) => {
    this.edits.push(...structuredClone(edits));
  });
  clear = vi.fn(async () => {
    this.session = null;
    this.edits = [];
  });
}

/** Numbers the fake object URLs, so each is distinct. */
let urls = 0;

/** A vault holding stored photo ids; `openPhoto` is there to prove restore never decodes. */
export function fakeVault(stored: string[] = []) {
  const ids = new Set(stored);
  const vault = {
    ids,
    full: false,
    storePhotos: vi.fn(async (wanted: string[]) => {
      if (vault.full)
        throw Object.assign(new Error('quota exceeded'), { name: 'QuotaExceededError' });
      for (const id of wanted) ids.add(id);
    }),
    restorePhotos: vi.fn(async (wanted: string[]) => ({
      thumbnailUrls: Object.fromEntries(
        wanted.filter((id) => ids.has(id)).map((id) => [id, `blob:thumb-${id}-${++urls}`]),
      ),
      missing: wanted.filter((id) => !ids.has(id)),
    })),
    prunePhotos: vi.fn(async (keep: string[]) => {
      const stale = [...ids].filter((id) => !keep.includes(id));
      for (const id of stale) ids.delete(id);
      return stale.length;
    }),
    clearPhotos: vi.fn(async () => ids.clear()),
    forgetPhoto: vi.fn(async (_id: string) => undefined),
    openPhoto: vi.fn(),
  };
  return vault satisfies PhotoVault & { openPhoto: unknown };
}

export function image(i: number, points = 7): ProjectImage {
  const all: [number, number][] = Array.from({ length: 7 }, (_, k) => [10 * i + k, 20 * i + k]);
  const placed = all.map((p, k) => (k < points ? p : null));
  return {
    id: `id-${i}`,
    name: `step-${i * 5}mm.jpg`,
    width: 4000,
    height: 3000,
    fiducials: placed.slice(0, 5),
    scalePoints: placed.slice(5, 7),
    pressTravel: i * 5,
  };
}

export function savedSession(
  images: ProjectImage[],
  savedAt: number,
  patch: Partial<ProjectDocument> = {},
): SavedSession {
  return {
    schema: SESSION_SCHEMA,
    savedAt,
    doc: {
      images,
      scaleLength: 40,
      strainMeasure: 'hencky',
      reference: { kind: 'incremental' },
      ...patch,
    },
    selectedId: images[1]?.id ?? null,
  };
}

/** A persistence over fakes; jsdom has no object URLs, so thumbnails get fake ones. */
export function makePersistence(options: Partial<PersistenceOptions> = {}) {
  const project = options.project ?? new ProjectState();
  const store = options.store === undefined ? new MemoryStore() : options.store;
  const vault = (options.vault as ReturnType<typeof fakeVault> | undefined) ?? fakeVault();
  const revoked: string[] = [];
  const persistence = new PersistenceState({
    revokeUrl: (url) => revoked.push(url),
    ...options,
    project,
    store,
    vault,
  });
  return { project, store: store as MemoryStore, vault, persistence, revoked };
}
