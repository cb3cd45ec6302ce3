// Writes each discrete edit to storage as it is made (see io/editJournal.ts): the image it
// changed, the settings, or the images' order, handed to the store within the frame of the
// edit. The steps of a drag are the exception: the point's latest place is written a
// moment later, and at once when the drag ends. Undo and redo change the live document in
// place (see documentRestore.ts), so they are written the same way. A change that replaces
// the whole document (opening a project) is no small record: the journal asks for a full save.
import { untrack } from 'svelte';
import type { DocumentSettings, JournalEdit } from '../io/editJournal';
import type { ProjectDocument } from '../model/document';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';

/** How long a dragged point's latest place may wait before it is written. */
export const DRAG_WRITE_MS = 250;

export interface JournalOptions {
  project: ProjectState;
  /** Hands records to storage; a failure is left to the next full save to report. */
  append: (edits: JournalEdit[]) => Promise<void>;
  /** The document was replaced as a whole: save all of it now. */
  saveWhole: () => void;
}

function settingsOf(doc: ProjectDocument): DocumentSettings {
  const settings: Partial<ProjectDocument> = { ...doc };
  delete settings.images;
  return plainCopy(settings as DocumentSettings);
}

export class EditJournal {
  readonly #options: JournalOptions;
  /** The document object last seen: another one means the document was replaced whole. */
  #doc: ProjectDocument | null = null;
  /** The settings as last written, as JSON. */
  #settings = '';
  /** The images' ids in order, as last written. */
  #ids: string[] = [];
  /** Images edited but not yet written (a drag's steps wait here). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
  #pending = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: JournalOptions) {
    this.#options = options;
  }

  /** Takes the document as storage now holds it (just restored or saved whole). */
  reset(): void {
    const { project } = this.#options;
    project.edits.take();
    this.#pending.clear();
    clearTimeout(this.#timer);
    this.#doc = project.doc;
    this.#settings = JSON.stringify(settingsOf(project.doc));
    this.#ids = project.doc.images.map((image) => image.id);
  }

  /** Writes every change as it comes, until the returned function is called. */
  watch(): () => void {
    const { project } = this.#options;
    const stop = $effect.root(() => {
      // An escape hatch by design: syncing to an external system (IndexedDB).
      $effect(() => {
        void project.revision;
        void project.edits.dragging;
        untrack(() => this.collect());
      });
    });
    return () => {
      clearTimeout(this.#timer);
      stop();
    };
  }

  /** Writes what changed since the last call (a drag's steps excepted, until it ends). */
  collect(): void {
    const { project } = this.#options;
    const { images, other } = project.edits.take();
    if (project.doc !== this.#doc) {
      this.reset();
      this.#options.saveWhole();
      return;
    }
    for (const id of images) this.#pending.add(id);
    const edits: JournalEdit[] = other ? this.#documentEdits() : [];
    if (project.edits.dragging && !other) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#write(this.#imageEdits());
      }, DRAG_WRITE_MS);
    } else {
      // A new image is written before the order that places it.
      edits.unshift(...this.#imageEdits());
    }
    this.#write(edits);
  }

  /** The settings and the order, where they differ from what was last written. */
  #documentEdits(): JournalEdit[] {
    const { doc } = this.#options.project;
    const edits: JournalEdit[] = [];
    const settings = settingsOf(doc);
    const json = JSON.stringify(settings);
    if (json !== this.#settings) {
      this.#settings = json;
      edits.push({ kind: 'settings', settings });
    }
    const ids = doc.images.map((image) => image.id);
    if (ids.length !== this.#ids.length || ids.some((id, i) => id !== this.#ids[i])) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
      const written = new Set(this.#ids);
      for (const id of ids) if (!written.has(id)) this.#pending.add(id);
      this.#ids = ids;
      edits.push({ kind: 'order', ids: [...ids] });
    }
    return edits;
  }

  /** Each pending image as it now is. */
  #imageEdits(): JournalEdit[] {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const { project } = this.#options;
    const edits: JournalEdit[] = [];
    for (const id of this.#pending) {
      const image = project.image(id);
      if (image) edits.push({ kind: 'image', image: plainCopy(image) });
    }
    this.#pending.clear();
    return edits;
  }

  #write(edits: JournalEdit[]): void {
    if (edits.length > 0) this.#options.append(edits).catch(() => undefined);
  }
}
