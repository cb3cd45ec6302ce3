// Undo and redo of the project document: plain copies of the document before each
// edit, and gestures (a drag, a typing session) that undo as one step.
import { untrack } from 'svelte';
import type { ProjectDocument } from '../model/document';
import { sameData } from '../model/sameData';

/** Enough to undo a long session of clicks without keeping unbounded history. */
const HISTORY_LIMIT = 500;

export class DocumentHistory {
  #past: ProjectDocument[] = [];
  #future: ProjectDocument[] = [];
  #gestureStart: ProjectDocument | null = null;
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
  readonly #snapshot: () => ProjectDocument;

  constructor(snapshot: () => ProjectDocument) {
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
   * focus and blur with no typing, a drag back to where it started).
   */
  endGesture(live: ProjectDocument): void {
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
    if (!start || !touched || untrack(() => sameData(start, live))) return;
    this.#push(start);
  }

  /** The document before the last step (the live one is kept for redo), or null. */
  undo(): ProjectDocument | null {
    return this.#step(this.#past, this.#future);
  }

  /** The document after the last undone step (the live one is kept for undo), or null. */
  redo(): ProjectDocument | null {
    return this.#step(this.#future, this.#past);
  }

  /** Applies a change to every kept document, as if it had always been so. */
  rewrite(change: (doc: ProjectDocument) => void): void {
    this.#past.forEach(change);
    this.#future.forEach(change);
    if (this.#gestureStart) change(this.#gestureStart);
  }

  /** Forgets every step and any gesture under way. */
  clear(): void {
    this.#past = [];
    this.#future = [];
    this.#gestureStart = null;
    this.#gestureTouched = false;
    this.#count();
  }

  #push(doc: ProjectDocument): void {
    this.#past.push(doc);
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
    this.#count();
  }

  /** Takes the next document off one stack, keeping the live one on the other. */
  #step(from: ProjectDocument[], to: ProjectDocument[]): ProjectDocument | null {
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
