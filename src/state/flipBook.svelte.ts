// The flip book: steps the photo view through the sequence, keeping the zoom and centre
// the user chose, so the photos play like a film. Play waits for each photo to show before
// its time starts, so a slow decode never skips a frame.
import type { AnnotationState } from './annotation.svelte';

/** What the flip book needs of the project: its photos in order, and which one is open. */
export interface FlipTarget {
  selectedId: string | null;
  readonly doc: { readonly images: readonly { id: string; width: number; height: number }[] };
}

/** How long play waits for a photo that does not show (missing, or unreadable) before going on. */
export const FLIP_WAIT_LIMIT_MS = 5_000;

/** Frames a second the player offers. */
export const FLIP_SPEEDS = [0.5, 1, 2, 4, 8] as const;

export class FlipBookState {
  playing = $state(false);
  framesPerSecond = $state<number>(2);
  #project: FlipTarget;
  #annotation: AnnotationState;
  /** Whether the open photo is on screen yet (decoded and drawn). */
  #shown: () => boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When play began waiting for the open photo to show (null: not waiting). */
  #waitingSince: number | null = null;

  constructor(project: FlipTarget, annotation: AnnotationState, shown: () => boolean) {
    this.#project = project;
    this.#annotation = annotation;
    this.#shown = shown;
  }

  get count(): number {
    return this.#project.doc.images.length;
  }

  /** The open photo's place in the sequence (0 when none is open). */
  get position(): number {
    const at = this.#project.doc.images.findIndex((i) => i.id === this.#project.selectedId);
    return Math.max(0, at);
  }

  /** Opens the photo at `index`, at the zoom and centre the open one shows. */
  goTo(index: number): void {
    const images = this.#project.doc.images;
    const to = images[Math.min(images.length - 1, Math.max(0, Math.round(index)))];
    if (!to || to.id === this.#project.selectedId) return;
    const from = images.find((image) => image.id === this.#project.selectedId);
    if (from && !this.#annotation.isFitted(from)) {
      this.#annotation.setViewport(to, this.#annotation.viewportFor(from));
    }
    this.#annotation.clearSelection();
    this.#project.selectedId = to.id;
  }

  step(delta: number): void {
    this.goTo(this.position + delta);
  }

  play(): void {
    if (this.count < 2) return;
    // Played to the end: start again from the first photo.
    if (this.position >= this.count - 1) this.goTo(0);
    this.playing = true;
    this.#schedule();
  }

  pause(): void {
    this.playing = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#advance(), 1000 / this.framesPerSecond);
  }

  #advance(): void {
    if (!this.playing) return;
    // The photo of this frame is still decoding: look again shortly, it keeps its time. One
    // that never shows (not added, or unreadable) is passed after a while.
    const now = Date.now();
    this.#waitingSince ??= now;
    if (!this.#shown() && now - this.#waitingSince < FLIP_WAIT_LIMIT_MS) {
      this.#timer = setTimeout(() => this.#advance(), 30);
      return;
    }
    this.#waitingSince = null;
    if (this.position >= this.count - 1) {
      this.pause();
      return;
    }
    this.step(1);
    this.#schedule();
  }
}
