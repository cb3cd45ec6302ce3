// Which of a table's optional columns the user shows. A choice of view, not of the project:
// it stays in this browser's storage across reloads and is not saved in project files.

/** The part of Web Storage the choice needs (localStorage, or a test double). */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): ChoiceStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Blocked storage (privacy settings) throws on access: the choice then lasts the page.
    return undefined;
  }
}

export class ColumnChoice {
  /** Ids of the columns hidden; every other column shows. */
  hidden = $state<string[]>([]);

  readonly #key: string;
  readonly #ids: readonly string[];
  readonly #storage: ChoiceStorage | undefined;

  constructor(key: string, ids: readonly string[], storage = browserStorage()) {
    this.#key = key;
    this.#ids = ids;
    this.#storage = storage;
    this.hidden = this.#load();
  }

  shows(id: string): boolean {
    return !this.hidden.includes(id);
  }

  /** The columns shown, in the table's order. */
  get visible(): string[] {
    return this.#ids.filter((id) => this.shows(id));
  }

  /** Shows or hides a column; the last one shown stays, so a row always has a cell to speak in. */
  set(id: string, shown: boolean): void {
    if (!this.#ids.includes(id) || this.shows(id) === shown) return;
    if (!shown && this.visible.length === 1) return;
    this.hidden = shown ? this.hidden.filter((h) => h !== id) : [...this.hidden, id];
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(this.hidden));
    } catch {
      // Full or blocked storage: the choice still holds for this page.
    }
  }

  #load(): string[] {
    try {
      const saved: unknown = JSON.parse(this.#storage?.getItem(this.#key) ?? '[]');
      // Only known ids: a column since removed, or a hand-edited value, is ignored.
      const hidden = Array.isArray(saved) ? this.#ids.filter((id) => saved.includes(id)) : [];
      return hidden.length < this.#ids.length ? hidden : [];
    } catch {
      return [];
    }
  }
}
