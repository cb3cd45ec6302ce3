// Autosave and restore: the project document and UI choices are saved to
// IndexedDB shortly after every change (and at once when the page is hidden),
// the photo files by the worker; the next visit puts everything back. Only one
// tab saves; a failed save (a full disk) is reported and retried on the next edit.
import { untrack } from 'svelte';
import type { RestoredThumbnails } from '../client/engine';
import { isQuotaError } from '../io/projectDb';
import { SESSION_SCHEMA } from '../io/sessionStore';
import type { SavedSession, SessionStore } from '../io/sessionStore';
import { TabLock } from '../io/tabLock';
import type { ChannelLike, Grant, LockManagerLike } from '../io/tabLock';
import { countPoints } from '../model/document';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';

/** The worker's photo storage, as the autosave uses it (the engine, or a fake). */
export interface PhotoVault {
  storePhotos(ids: string[]): Promise<void>;
  /** Adopts the stored files and returns their thumbnails' object URLs (made in the worker). */
  restorePhotos(ids: string[]): Promise<RestoredThumbnails>;
  prunePhotos(keep: string[]): Promise<number>;
  clearPhotos(): Promise<void>;
  forgetPhoto(id: string): Promise<void>;
}

/** The parts of navigator.storage used (all optional: older browsers lack some). */
export interface StorageLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

/** Where page-lifecycle events arrive (document and window in the app). */
export interface Lifecycle {
  document: EventTarget & { visibilityState: string };
  window: EventTarget;
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

export interface RestoreSummary {
  /** Images whose photo came back too. */
  photos: number;
  points: number;
  savedAt: number;
  /** Images whose photo is not in storage (never added, or lost): their marks are back. */
  missing: number;
}

/** Not saving: `observer` found another tab saving; `handed-over` let another tab take over. */
export type TabRole = 'owner' | 'observer' | 'handed-over';
export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export const STORAGE_FULL_MESSAGE =
  "Not saved: the browser's storage is full. Export a bundle or free space.";
const SAVED_MARK = 'strain-seer:autosaved';
const RESTORED_MARK = 'strain-seer:restored';
const ESTIMATE_INTERVAL_MS = 3000;

export function describeSaveFailure(error: unknown): string {
  if (isQuotaError(error)) return STORAGE_FULL_MESSAGE;
  const detail = error instanceof Error ? error.message : String(error);
  return `Not saved: ${detail.replace(/\.$/, '')}. Your work is still here; saving is tried again on your next change.`;
}

function mark(name: string, detail: Record<string, number>): void {
  const perf = globalThis.performance;
  if (typeof perf?.mark !== 'function') return;
  perf.clearMarks(name);
  perf.mark(name, { detail });
}

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
  usage = $state.raw<{ usage: number; quota: number } | null>(null);
  /** Whether the browser promised to keep the data (null: not asked yet). */
  persisted = $state<boolean | null>(null);

  /** The last session exists but could not be read: saving would overwrite it, so it waits. */
  readFailed = $state(false);

  readonly saving = $derived(this.role === 'owner' && this.phase === 'ready' && !this.readFailed);

  readonly #project: ProjectState;
  readonly #store: SessionStore | null;
  readonly #vault: PhotoVault;
  readonly #storage: StorageLike | undefined;
  readonly #lifecycle: Lifecycle | undefined;
  readonly #delayMs: number;
  readonly #maxWaitMs: number;
  readonly #now: () => number;
  readonly #revokeUrl: (url: string) => void;
  readonly #tabs: TabLock | undefined;

  /** The state (as JSON) last known to equal what storage holds. */
  #syncedKey: string | null = null;
  /** The state of the latest save started (so a flush right after it does not repeat it). */
  #startedKey: string | null = null;
  #seq = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #firstChangeAt: number | null = null;
  #prunedKey = '';
  #askedPersist = false;
  #estimatedAt = -Infinity;
  #stopWatching: (() => void) | undefined;
  #removeListeners: (() => void) | undefined;
  #disposed = false;

  constructor(options: PersistenceOptions) {
    this.#project = options.project;
    this.#store = options.store;
    this.#vault = options.vault;
    this.#storage = options.storage;
    this.#lifecycle = options.lifecycle;
    this.#delayMs = options.delayMs ?? 300;
    this.#maxWaitMs = options.maxWaitMs ?? 2000;
    this.#now = options.now ?? Date.now;
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
    void this.#describeStorage();
  }

  /** Whether the browser already keeps the data, and the space used, for the status line. */
  async #describeStorage(): Promise<void> {
    try {
      const kept = await this.#storage?.persisted?.();
      if (kept !== undefined) this.persisted = kept;
      if (kept) this.#askedPersist = true;
    } catch {
      // Informative only.
    }
    await this.#estimate();
  }

  /** Stops watching and saving, and lets another tab save (the component is going away). */
  dispose(): void {
    this.#disposed = true;
    this.#cancelTimer();
    this.#stopWatching?.();
    this.#removeListeners?.();
    this.#tabs?.dispose();
  }

  /** Saves now if anything changed since the last save (and this tab saves). */
  flush(): Promise<void> {
    this.#cancelTimer();
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
    this.#cancelTimer();
    const project = this.#project;
    const ids = project.doc.images.map((image) => image.id);
    for (const url of Object.values(project.thumbnails)) this.#revokeUrl(url);
    project.clear();
    this.restored = null;
    this.failure = null;
    this.problem = null;
    this.saveState = 'idle';
    this.savedAt = null;
    // Nothing to save until the user does something: storage is emptied instead.
    this.#syncedKey = this.#key();
    this.#startedKey = null;
    this.#prunedKey = '';
    await this.#inFlight;
    try {
      await Promise.all([this.#store?.clear(), this.#vault.clearPhotos()]);
    } catch (error) {
      this.problem = `Stored photos could not all be deleted: ${error instanceof Error ? error.message : String(error)}. They are deleted on the next save.`;
    }
    await Promise.all(ids.map((id) => this.#vault.forgetPhoto(id).catch(() => undefined)));
    this.#estimatedAt = -Infinity;
    void this.#estimate();
  }

  // ---- saving ----

  /** Everything that is saved, as JSON: reading it inside an effect tracks every field. */
  #key(): string {
    return JSON.stringify({ doc: this.#project.doc, selectedId: this.#project.selectedId });
  }

  #watch(): void {
    this.#stopWatching = $effect.root(() => {
      // An escape hatch by design: syncing to an external system (IndexedDB).
      $effect(() => {
        const key = this.#key();
        untrack(() => this.#changed(key));
      });
    });
  }

  #changed(key: string): void {
    if (!this.saving || key === this.#syncedKey || this.#disposed) return;
    const now = this.#now();
    this.#firstChangeAt ??= now;
    const wait = Math.max(0, Math.min(this.#delayMs, this.#firstChangeAt + this.#maxWaitMs - now));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), wait);
  }

  #cancelTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firstChangeAt = null;
  }

  async #save(store: SessionStore, key: string): Promise<void> {
    const seq = ++this.#seq;
    const began = globalThis.performance?.now() ?? 0;
    const doc = plainCopy(this.#project.doc);
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
      void this.#afterSave(ids);
    } catch (error) {
      if (this.#startedKey === key) this.#startedKey = null;
      if (seq !== this.#seq) return;
      this.saveState = 'failed';
      this.failure = describeSaveFailure(error);
    }
  }

  /** Housekeeping that may lag: drop photos no longer in the project, ask to keep the data, measure. */
  async #afterSave(ids: string[]): Promise<void> {
    try {
      const idsKey = ids.join('\n');
      if (idsKey !== this.#prunedKey) {
        this.#prunedKey = idsKey;
        await this.#vault.prunePhotos(ids);
      }
      if (!this.#askedPersist && ids.length > 0 && this.#storage?.persist) {
        this.#askedPersist = true;
        this.persisted = await this.#storage.persist();
      }
    } catch {
      // Housekeeping only: the next save tries again.
      this.#prunedKey = '';
    }
    await this.#estimate();
  }

  async #estimate(): Promise<void> {
    if (!this.#storage?.estimate || this.#now() - this.#estimatedAt < ESTIMATE_INTERVAL_MS) return;
    this.#estimatedAt = this.#now();
    try {
      const { usage = 0, quota = 0 } = await this.#storage.estimate();
      this.usage = { usage, quota };
    } catch {
      // The figure is informative; leave the last one.
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
      return;
    }
    const ids = session.doc.images.map((image) => image.id);
    const photos: RestoredThumbnails =
      ids.length > 0 ? await this.#vault.restorePhotos(ids) : { thumbnailUrls: {}, missing: [] };
    // Photos dropped while this ran are kept, after the restored ones.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
    const savedIds = new Set(ids);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
    const savedNames = new Set(session.doc.images.map((image) => image.name));
    const extra = announce
      ? plainCopy(project.doc).images.filter(
          (image) => !savedIds.has(image.id) && !savedNames.has(image.name),
        )
      : [];
    const thumbnails: Record<string, string> = {};
    for (const [id, url] of Object.entries(project.thumbnails)) {
      if (savedIds.has(id) || extra.some((image) => image.id === id)) thumbnails[id] = url;
      else this.#revokeUrl(url);
    }
    for (const [id, url] of Object.entries(photos.thumbnailUrls)) {
      if (thumbnails[id]) this.#revokeUrl(thumbnails[id]);
      thumbnails[id] = url;
    }
    project.thumbnails = thumbnails;
    const doc = { ...session.doc, images: [...session.doc.images, ...extra] };
    project.restore(doc, session.selectedId);
    this.#syncedKey = extra.length > 0 ? null : this.#key();
    this.#startedKey = null;
    this.savedAt = session.savedAt;
    const elapsed = (globalThis.performance?.now() ?? 0) - started;
    mark(RESTORED_MARK, { photos: ids.length, ms: elapsed });
    if (announce && ids.length > 0) {
      this.restored = {
        photos: ids.length - photos.missing.length,
        points: countPoints(session.doc),
        savedAt: session.savedAt,
        missing: photos.missing.length,
      };
    }
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
    this.#cancelTimer();
    if (this.role === 'owner') this.role = 'handed-over';
  }

  #listen(): void {
    const lifecycle = this.#lifecycle;
    if (!lifecycle) return;
    const onVisibility = () => {
      const hidden = lifecycle.document.visibilityState === 'hidden';
      if (hidden) void this.flush();
      this.#tabs?.setVisible(!hidden);
    };
    const onPageHide = () => void this.flush();
    const onBeforeUnload = (event: Event) => {
      // Only while saving fails: a warning is then the last chance to export.
      if (this.saveState === 'failed') event.preventDefault();
    };
    lifecycle.document.addEventListener('visibilitychange', onVisibility);
    lifecycle.window.addEventListener('pagehide', onPageHide);
    lifecycle.window.addEventListener('beforeunload', onBeforeUnload);
    this.#removeListeners = () => {
      lifecycle.document.removeEventListener('visibilitychange', onVisibility);
      lifecycle.window.removeEventListener('pagehide', onPageHide);
      lifecycle.window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }
}
