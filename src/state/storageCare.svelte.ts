// Housekeeping of the browser storage behind the autosave, none of which a save waits
// for: stored photos no longer in the project are dropped, the browser is asked once to
// keep the data, and the space used is measured now and then for the status line.

/** The parts of navigator.storage used (all optional: older browsers lack some). */
export interface StorageLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persist?(): Promise<boolean>;
  persisted?(): Promise<boolean>;
}

/** Dropping stored photos, as the housekeeping uses the worker's photo storage. */
export interface PhotoPruner {
  prunePhotos(keep: string[]): Promise<number>;
}

const ESTIMATE_INTERVAL_MS = 3000;

export class StorageCare {
  usage = $state.raw<{ usage: number; quota: number } | null>(null);
  /** Whether the browser promised to keep the data (null: not asked yet). */
  persisted = $state<boolean | null>(null);

  readonly #storage: StorageLike | undefined;
  readonly #photos: PhotoPruner;
  readonly #now: () => number;
  /** The image ids the stored photos were last pruned to. */
  #prunedKey = '';
  #askedPersist = false;
  #estimatedAt = -Infinity;

  constructor(storage: StorageLike | undefined, photos: PhotoPruner, now: () => number) {
    this.#storage = storage;
    this.#photos = photos;
    this.#now = now;
  }

  /** Whether the browser already keeps the data, and the space used. */
  async describe(): Promise<void> {
    try {
      const kept = await this.#storage?.persisted?.();
      if (kept !== undefined) this.persisted = kept;
      if (kept) this.#askedPersist = true;
    } catch {
      // Informative only.
    }
    await this.estimate();
  }

  /** After a save of these images: drop other photos, ask to keep the data, measure. */
  async afterSave(ids: string[]): Promise<void> {
    try {
      const idsKey = ids.join('\n');
      if (idsKey !== this.#prunedKey) {
        this.#prunedKey = idsKey;
        await this.#photos.prunePhotos(ids);
      }
      if (!this.#askedPersist && ids.length > 0 && this.#storage?.persist) {
        this.#askedPersist = true;
        this.persisted = await this.#storage.persist();
      }
    } catch {
      // Housekeeping only: the next save tries again.
      this.#prunedKey = '';
    }
    await this.estimate();
  }

  /** The stored photos are being deleted (a new project): the next save prunes afresh. */
  forgetPruning(): void {
    this.#prunedKey = '';
  }

  /** Measures the space used at once, whenever it was last measured. */
  async remeasure(): Promise<void> {
    this.#estimatedAt = -Infinity;
    await this.estimate();
  }

  /** Measures the space used, at most every few seconds. */
  async estimate(): Promise<void> {
    if (!this.#storage?.estimate || this.#now() - this.#estimatedAt < ESTIMATE_INTERVAL_MS) return;
    this.#estimatedAt = this.#now();
    try {
      const { usage = 0, quota = 0 } = await this.#storage.estimate();
      this.usage = { usage, quota };
    } catch {
      // The figure is informative; leave the last one.
    }
  }
}
