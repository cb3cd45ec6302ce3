// When the autosave saves: a quiet moment after the last of several quick changes, and
// no later than a set time after the first while changes keep coming (a long drag).

export class SavePacer {
  readonly #delayMs: number;
  readonly #maxWaitMs: number;
  readonly #now: () => number;
  readonly #save: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the first change not yet saved came. */
  #firstChangeAt: number | null = null;

  constructor(delayMs: number, maxWaitMs: number, now: () => number, save: () => void) {
    this.#delayMs = delayMs;
    this.#maxWaitMs = maxWaitMs;
    this.#now = now;
    this.#save = save;
  }

  /** Something changed: the save waits for a quiet moment, or the longest wait. */
  changed(): void {
    const now = this.#now();
    this.#firstChangeAt ??= now;
    const wait = Math.max(0, Math.min(this.#delayMs, this.#firstChangeAt + this.#maxWaitMs - now));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#save, wait);
  }

  /** No save is due (one is starting now, or saving stops). */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firstChangeAt = null;
  }
}
