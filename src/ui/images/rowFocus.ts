// What the status table's row controls do besides their edit: where focus goes next. The
// arrow keys, Home and End move between the rows' name buttons by place in the sequence;
// a moved row keeps focus on its button; a removal puts it on Undo, and undoing it back on
// the row. A row out of view (a long table draws only the rows in view) is scrolled into
// view and drawn before it takes focus.
import { tick } from 'svelte';
import type { ProjectState } from '../../state/project.svelte';
import type { RemovalUndo } from '../../state/removalUndo.svelte';
import type { VirtualRows } from '../common/virtualRows.svelte';

/** Where ArrowUp/ArrowDown/Home/End lead from row `at` of `count`; undefined for other keys. */
export function rowKeyTarget(key: string, at: number, count: number): number | undefined {
  const last = count - 1;
  const targets: Record<string, number> = {
    ArrowUp: Math.max(0, at - 1),
    ArrowDown: Math.min(last, at + 1),
    Home: 0,
    End: last,
  };
  return targets[key];
}

export interface RowFocusHost {
  project: ProjectState;
  removals: RemovalUndo;
  rows: VirtualRows;
  table: HTMLTableElement | undefined;
  undoButton: HTMLButtonElement | undefined;
}

export class RowFocus {
  readonly #host: () => RowFocusHost;

  /** `host` is read at each action, so the table's current props and elements are used. */
  constructor(host: () => RowFocusHost) {
    this.#host = host;
  }

  readonly move = (imageId: string, delta: -1 | 1): void => {
    this.#host().project.moveImage(imageId, delta);
    void this.#focus(imageId, delta < 0 ? 'up' : 'down');
  };

  readonly remove = async (imageId: string): Promise<void> => {
    if (!this.#host().removals.remove(imageId)) return;
    await tick();
    this.#host().undoButton?.focus();
  };

  readonly undoRemoval = (): void => {
    const restored = this.#host().removals.undo();
    if (restored !== null) void this.#focus(restored);
  };

  /** ArrowUp/ArrowDown (and Home/End) on a name button move to another row's, drawn or not. */
  readonly keydown = (event: KeyboardEvent): void => {
    const { images } = this.#host().project.doc;
    const imageId = (event.currentTarget as HTMLElement).closest('tr')?.dataset['id'];
    const at = images.findIndex((image) => image.id === imageId);
    const target = at < 0 ? undefined : rowKeyTarget(event.key, at, images.length);
    const next = target === undefined ? undefined : images[target];
    if (!next) return;
    event.preventDefault();
    void this.#focus(next.id);
  };

  /** Focuses a row's control (by `action`, else its name button) once the row is drawn. */
  async #focus(imageId: string, action?: 'up' | 'down'): Promise<void> {
    const { project, rows } = this.#host();
    rows.reveal(project.doc.images.findIndex((image) => image.id === imageId));
    await tick();
    const row = this.#host().table?.querySelector<HTMLElement>(
      `tr[data-id="${CSS.escape(imageId)}"]`,
    );
    const wanted = action
      ? row?.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)
      : null;
    const target =
      wanted && !wanted.disabled ? wanted : row?.querySelector<HTMLElement>('[data-name-button]');
    target?.focus();
  }
}
