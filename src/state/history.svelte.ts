// Undo and redo of the project document: plain copies of the document before each
// edit, and gestures (a drag, a typing session) that undo as one step.
import { untrack } from 'svelte';
import type { ProjectDocument } from '../model/document';
import { sameData } from '../model/sameData';

/** Enough to undo a long session of clicks without keeping unbounded history. */
const HISTORY_LIMIT = 500;

/**
 * A kept document with its version: the number the project gave that state of the document
 * when it was made, so that undoing back to it gives the same number again (see
 * ProjectState.version).
 */
export interface HistoryEntry {
  readonly doc: ProjectDocument;
  readonly version: number;
}

export class DocumentHistory {
  #past: HistoryEntry[] = [];
  #future: HistoryEntry[] = [];
  #gestureStart: HistoryEntry | null = null;
  /** Whether anything in the document was edited since the gesture began (see endGesture). */
  #gestureTouched = false;
  /** How many steps each way, reactive so that canUndo and canRedo follow. */
  #steps = $state({ back: 0, forward: 0 });

  readonly canUndo = $derived(this.#steps.back > 0);
  readonly canRedo = $derived(this.#steps.forward > 0);

  /**
   * A plain copy of the live document. Copies are never edited afterwards: an entry that
   * undo makes live again is wrapped in a state proxy, which keeps its changes to itself
   * and leaves the object it was made from as it was (Svelte's documented behaviour; the
   * history tests would catch a change).
   */
  readonly #snapshot: () => HistoryEntry;

  constructor(snapshot: () => HistoryEntry) {
    this.#snapshot = snapshot;
  }

  /** Keeps the document as it is before an edit, so the edit can be undone. */
  record(): void {
    if (this.#gestureStart) {
      this.#gestureTouched = true;
      return; // a gesture records once, when it ends
    }
    this.#push(this.#snapshot());
  }

  /** An edit that joins the last step instead of making its own (one batch of photos). */
  joinLast(): void {
    if (this.#gestureStart) this.#gestureTouched = true;
  }

  /** Starts an edit made of many small changes: it undoes as one step. */
  beginGesture(): void {
    if (this.#gestureStart) return;
    this.#gestureStart = this.#snapshot();
    this.#gestureTouched = false;
  }

  /**
   * Ends the gesture: it becomes one undo step, unless the document ends as it began (a
   * focus and blur with no typing, a drag back to where it started). Then it returns the
   * entry the gesture began from, whose version stands again; otherwise null.
   */
  endGesture(live: ProjectDocument): HistoryEntry | null {
    const start = this.#gestureStart;
    const touched = this.#gestureTouched;
    this.#gestureStart = null;
    this.#gestureTouched = false;
    // Every edit passes through record, so an untouched gesture changed nothing. Otherwise
    // the start is compared with the live document in place, stopping at the first
    // difference: no second snapshot and no JSON of the whole document. That used to be
    // most of the cost of each photo marked by "Mark the whole sequence", and grew with
    // the number of photos. Untracked, so a caller inside an effect does not come to
    // depend on every field of the document.
    if (!start) return null;
    if (!touched || untrack(() => sameData(start.doc, live))) return start;
    this.#push(start);
    return null;
  }

  /** The document before the last step (the live one is kept for redo), or null. */
  undo(): HistoryEntry | null {
    return this.#step(this.#past, this.#future);
  }

  /** The document after the last undone step (the live one is kept for undo), or null. */
  redo(): HistoryEntry | null {
    return this.#step(this.#future, this.#past);
  }

  /** Applies a change to every kept document, as if it had always been so. */
  rewrite(change: (doc: ProjectDocument) => void): void {
    for (const entry of [...this.#past, ...this.#future]) change(entry.doc);
    if (this.#gestureStart) change(this.#gestureStart.doc);
  }

  /** Forgets every step and any gesture under way. */
  clear(): void {
    this.#past = [];
    this.#future = [];
    this.#gestureStart = null;
    this.#gestureTouched = false;
    this.#count();
  }

  #push(entry: HistoryEntry): void {
    this.#past.push(entry);
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
    this.#count();
  }

  /** Takes the next document off one stack, keeping the live one on the other. */
  #step(from: HistoryEntry[], to: HistoryEntry[]): HistoryEntry | null {
    const next = from.pop();
    if (!next) return null;
    to.push(this.#snapshot());
    // An undo or redo in the middle of a gesture replaces the document under it.
    if (this.#gestureStart) this.#gestureTouched = true;
    this.#count();
    return next;
  }

  #count(): void {
    this.#steps = { back: this.#past.length, forward: this.#future.length };
  }
}
