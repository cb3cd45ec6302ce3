// Autosave and restore: each edit is written to IndexedDB as it is made (a write-ahead
// record, editJournal.svelte.ts), the whole project document and UI choices shortly after
// (and at once when the page is hidden), the photo files by the worker; the next visit puts
// everything back. Only one tab saves; a failed save (a full disk) is reported and retried
// on the next edit.
import { untrack } from 'svelte';
import type { RestoredThumbnails } from '../client/engine';
import { SESSION_SCHEMA } from '../io/sessionStore';
import type { SavedSession, SessionStore } from '../io/sessionStore';
import { TabLock } from '../io/tabLock';
import type { ChannelLike, Grant, LockManagerLike } from '../io/tabLock';
import { EditJournal } from './editJournal.svelte';
import { watchPage } from './pageLifecycle';
import type { Lifecycle } from './pageLifecycle';
import type { ProjectState } from './project.svelte';
import { SavePacer } from './savePacer';
import { RESTORED_MARK, SAVED_MARK, describeSaveFailure, mark } from './saveReport';
import { restoreSession } from './sessionRestore';
import type { RestoreSummary } from './sessionRestore';
import { StorageCare } from './storageCare.svelte';
import type { StorageLike } from './storageCare.svelte';

/** The worker's photo storage, as the autosave uses it (the engine, or a fake). */
export interface PhotoVault {
  storePhotos(ids: string[]): Promise<void>;
  /** Adopts the stored files and returns their thumbnails' object URLs (made in the worker). */
  restorePhotos(ids: string[]): Promise<RestoredThumbnails>;
  prunePhotos(keep: string[]): Promise<number>;
  clearPhotos(): Promise<void>;
  forgetPhoto(id: string): Promise<void>;
}

export interface PersistenceOptions {
  project: ProjectState;
  /** null: this browser offers no storage here; autosave is off. */
  store: SessionStore | null;
  vault: PhotoVault;
  locks?: LockManagerLike;
  channel?: ChannelLike;
  storage?: StorageLike;
  lifecycle?: Lifecycle;
  /** Quiet time after the last change before saving. */
  delayMs?: number;
  /** Longest a change waits while edits keep coming (a long drag). */
  maxWaitMs?: number;
  handoverTimeoutMs?: number;
  now?: () => number;
  revokeUrl?: (url: string) => void;
}

/** Not saving: `observer` found another tab saving; `handed-over` let another tab take over. */
export type TabRole = 'owner' | 'observer' | 'handed-over';
export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export { STORAGE_FULL_MESSAGE, describeSaveFailure } from './saveReport';

export class PersistenceState {
  /** `off` when the browser offers no storage; `ready` once the last session is back. */
  phase = $state<'starting' | 'ready' | 'off'>('starting');
  role = $state<TabRole>('owner');
  saveState = $state<SaveState>('idle');
  savedAt = $state<number | null>(null);
  /** What the last save failed with, in words for the user; null after a good save. */
  failure = $state<string | null>(null);
  /** What came back from the last session (shown until dismissed). */
  restored = $state.raw<RestoreSummary | null>(null);
  /** A problem reading the last session or clearing storage. */
  problem = $state<string | null>(null);
  /** The other tab closed while this one had unsaved edits of its own: saving here is one click. */
  lockFree = $state(false);
  /** Said once when this tab starts saving after the other one closed. */
  ownerNote = $state<string | null>(null);

  /** The last session exists but could not be read: saving would overwrite it, so it waits. */
  readFailed = $state(false);

  readonly saving = $derived(this.role === 'owner' && this.phase === 'ready' && !this.readFailed);

  readonly #project: ProjectState;
  readonly #store: SessionStore | null;
  readonly #vault: PhotoVault;
  readonly #care: StorageCare;
  readonly #lifecycle: Lifecycle | undefined;
  readonly #pacer: SavePacer;
  readonly #now: () => number;
  readonly #revokeUrl: (url: string) => void;
  readonly #tabs: TabLock | undefined;
  readonly #journal: EditJournal;

  /** The state (see #key) last known to equal what storage holds. */
  #syncedKey: string | null = null;
  /** The state of the latest save started (so a flush right after it does not repeat it). */
  #startedKey: string | null = null;
  #seq = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #stopWatching: (() => void) | undefined;
  #removeListeners: (() => void) | undefined;
  #disposed = false;

  constructor(options: PersistenceOptions) {
    this.#project = options.project;
    this.#store = options.store;
    this.#vault = options.vault;
    this.#lifecycle = options.lifecycle;
    this.#now = options.now ?? Date.now;
    this.#pacer = new SavePacer(
      options.delayMs ?? 300,
      options.maxWaitMs ?? 2000,
      this.#now,
      () => void this.flush(),
    );
    this.#care = new StorageCare(options.storage, options.vault, this.#now);
    const store = options.store;
    this.#journal = new EditJournal({
      project: this.#project,
      append: async (edits) => (this.saving ? store?.append(edits) : undefined),
      saveWhole: () => void this.flush(),
    });
    this.#revokeUrl = options.revokeUrl ?? ((url) => URL.revokeObjectURL(url));
    if (options.store && options.locks) {
      this.#tabs = new TabLock({
        locks: options.locks,
        channel: options.channel,
        handoverTimeoutMs: options.handoverTimeoutMs,
        events: {
          granted: (reason) => void this.#onGranted(reason),
          handOver: () => this.#handOver(),
          lost: () => this.#onLost(),
        },
      });
    }
  }

  /** Finds out whether this tab saves, puts the last session back, then saves as the user works. */
  async start(): Promise<void> {
    if (!this.#store) {
      this.phase = 'off';
      return;
    }
    this.#tabs?.setVisible(this.#lifecycle?.document.visibilityState !== 'hidden');
    const owner = this.#tabs ? await this.#tabs.start().catch(() => true) : true;
    if (this.#disposed) return;
    this.role = owner ? 'owner' : 'observer';
    try {
      await this.#restore(true);
    } catch (error) {
      const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
      this.problem = `Your last session could not be read: ${detail}. Nothing is saved in this tab, so that it is not overwritten; reload the page to try again.`;
      this.readFailed = true;
    }
    if (this.#disposed) return;
    this.phase = 'ready';
    this.#watch();
    this.#listen();
    void this.#care.describe();
  }

  /** The space the saved work takes in this browser (null: not measured yet). */
  get usage(): { usage: number; quota: number } | null {
    return this.#care.usage;
  }

  /** Whether the browser promised to keep the data (null: not asked yet). */
  get persisted(): boolean | null {
    return this.#care.persisted;
  }

  /** Stops watching and saving, and lets another tab save (the component is going away). */
  dispose(): void {
    this.#disposed = true;
    this.#pacer.cancel();
    this.#stopWatching?.();
    this.#removeListeners?.();
    this.#tabs?.dispose();
  }

  /** Saves now if anything changed since the last save (and this tab saves). */
  flush(): Promise<void> {
    this.#pacer.cancel();
    if (!this.saving || !this.#store) return this.#inFlight;
    const key = this.#key();
    if (key === this.#syncedKey || key === this.#startedKey) return this.#inFlight;
    this.#startedKey = key;
    const save = this.#save(this.#store, key);
    this.#inFlight = save;
    return save;
  }

  /** Saves again after a failure, whether or not anything changed. */
  retry(): Promise<void> {
    this.#syncedKey = null;
    this.#startedKey = null;
    return this.flush();
  }

  dismissNotice(): void {
    this.restored = null;
  }

  dismissOwnerNote(): void {
    this.ownerNote = null;
  }

  /** Makes this tab the one that saves (the other is asked to stop, or already has). */
  async takeOver(): Promise<void> {
    if (this.role === 'owner' || !this.#tabs) return;
    if (this.#tabs.held) {
      await this.#becomeOwner(this.#key() !== this.#syncedKey, false);
      return;
    }
    await this.#tabs.takeOver();
  }

  /** Clears the document, the stored session, photos and thumbnails (after the user confirmed). */
  async startNewProject(): Promise<void> {
    if (this.phase === 'ready' && this.role !== 'owner') return;
    this.#pacer.cancel();
    const project = this.#project;
    const ids = project.doc.images.map((image) => image.id);
    for (const url of Object.values(project.thumbnails)) this.#revokeUrl(url);
    project.clear();
    this.#journal.reset();
    this.restored = null;
    this.failure = null;
    this.problem = null;
    this.saveState = 'idle';
    this.savedAt = null;
    // Nothing to save until the user does something: storage is emptied instead.
    this.#syncedKey = this.#key();
    this.#startedKey = null;
    this.#care.forgetPruning();
    await this.#inFlight;
    try {
      await Promise.all([this.#store?.clear(), this.#vault.clearPhotos()]);
    } catch (error) {
      this.problem = `Stored photos could not all be deleted: ${error instanceof Error ? error.message : String(error)}. They are deleted on the next save.`;
    }
    await Promise.all(ids.map((id) => this.#vault.forgetPhoto(id).catch(() => undefined)));
    void this.#care.remeasure();
  }

  // ---- saving ----

  /**
   * What is saved, as a key that changes whenever it does: the document's revision and the
   * open image. Reading it inside an effect tracks just those two, not every field.
   */
  #key(): string {
    return `${this.#project.revision} ${this.#project.selectedId ?? ''}`;
  }

  #watch(): void {
    const stopJournal = this.#journal.watch();
    const stopSaving = $effect.root(() => {
      // An escape hatch by design: syncing to an external system (IndexedDB).
      $effect(() => {
        const key = this.#key();
        untrack(() => this.#changed(key));
      });
    });
    this.#stopWatching = () => {
      stopJournal();
      stopSaving();
    };
  }

  #changed(key: string): void {
    if (!this.saving || key === this.#syncedKey || this.#disposed) return;
    this.#pacer.changed();
  }

  async #save(store: SessionStore, key: string): Promise<void> {
    const seq = ++this.#seq;
    const began = globalThis.performance?.now() ?? 0;
    const doc = this.#project.edits.copy(this.#project.doc);
    const session: SavedSession = {
      schema: SESSION_SCHEMA,
      savedAt: this.#now(),
      doc,
      selectedId: this.#project.selectedId,
    };
    const ids = doc.images.map((image) => image.id);
    this.saveState = 'saving';
    try {
      await Promise.all([
        store.save(session).then(() =>
          mark(SAVED_MARK, {
            seq,
            images: ids.length,
            ms: (globalThis.performance?.now() ?? 0) - began,
          }),
        ),
        this.#vault.storePhotos(ids),
      ]);
      this.#syncedKey = key;
      if (seq !== this.#seq) return;
      this.saveState = 'saved';
      this.savedAt = session.savedAt;
      this.failure = null;
      void this.#care.afterSave(ids);
    } catch (error) {
      if (this.#startedKey === key) this.#startedKey = null;
      if (seq !== this.#seq) return;
      this.saveState = 'failed';
      this.failure = describeSaveFailure(error);
    }
  }

  // ---- restoring ----

  /** Puts the saved session back (at start, or the other tab's latest when taking over). */
  async #restore(announce: boolean): Promise<void> {
    const started = globalThis.performance?.now() ?? 0;
    const session = await this.#store?.load();
    this.readFailed = false;
    const project = this.#project;
    if (!session) {
      this.#syncedKey = project.doc.images.length === 0 ? this.#key() : null;
      this.#journal.reset();
      return;
    }
    // Photos dropped on the page while this ran are kept, after the restored ones.
    const { kept, summary } = await restoreSession(
      project,
      session,
      this.#vault,
      announce,
      this.#revokeUrl,
    );
    this.#journal.reset();
    this.#syncedKey = kept > 0 ? null : this.#key();
    this.#startedKey = null;
    this.savedAt = session.savedAt;
    const elapsed = (globalThis.performance?.now() ?? 0) - started;
    mark(RESTORED_MARK, { photos: session.doc.images.length, ms: elapsed });
    if (announce && session.doc.images.length > 0) this.restored = summary;
  }

  // ---- tabs ----

  #onGranted(reason: Grant): void {
    if (this.#disposed || reason === 'start') return;
    const edited = this.#key() !== this.#syncedKey;
    // The other tab closed while this one has edits of its own: saving them would
    // replace that tab's last save, so the user decides.
    if (reason === 'freed' && edited) {
      this.lockFree = true;
      return;
    }
    void this.#becomeOwner(edited, reason === 'freed');
  }

  async #becomeOwner(keepThisTab: boolean, otherClosed: boolean): Promise<void> {
    if (!keepThisTab) {
      try {
        await this.#restore(false);
      } catch (error) {
        this.problem = `The other tab's last save could not be read: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    this.role = 'owner';
    this.lockFree = false;
    this.ownerNote = otherClosed ? 'The other tab was closed; this tab saves your work now.' : null;
    if (keepThisTab) await this.retry();
  }

  async #handOver(): Promise<void> {
    await this.flush();
    this.#onLost();
  }

  #onLost(): void {
    this.#pacer.cancel();
    if (this.role === 'owner') this.role = 'handed-over';
  }

  #listen(): void {
    if (!this.#lifecycle) return;
    this.#removeListeners = watchPage(this.#lifecycle, {
      visibility: (hidden) => {
        if (hidden) void this.flush();
        this.#tabs?.setVisible(!hidden);
      },
      pageHide: () => void this.flush(),
      // Only while saving fails: a warning is then the last chance to export.
      beforeUnload: (event) => {
        if (this.saveState === 'failed') event.preventDefault();
      },
    });
  }
}
