// Test doubles for the annotation components under jsdom, which has no canvas, no layout and
// no modal dialogs: a recording 2D context, a fixed element size, a fake photo and a project.
import { afterEach, beforeEach, vi } from 'vitest';
import { engine } from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { Photo } from '../../src/state/openPhoto.svelte';
import { ProjectState } from '../../src/state/project.svelte';

export interface RecordedCall {
  name: string;
  args: unknown[];
}

/** Replaces getContext('2d') with a fake that records every method call. */
export function recordCanvasCalls(): RecordedCall[] {
  const calls: RecordedCall[] = [];
  const context = new Proxy({} as Record<string | symbol, unknown>, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (prop === 'measureText') return (text: string) => ({ width: text.length * 7 });
      return (...args: unknown[]) => {
        calls.push({ name: String(prop), args });
      };
    },
    set(target, prop, value) {
      target[prop] = value;
      return true;
    },
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => context as unknown as CanvasRenderingContext2D,
  );
  return calls;
}

/** Gives every element a layout box at the page's top-left, as a browser would. */
export function stubLayout(width: number, height: number): void {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(
    () =>
      ({
        x: 0,
        y: 0,
        left: 0,
        top: 0,
        width,
        height,
        right: width,
        bottom: height,
        toJSON: () => ({}),
      }) as DOMRect,
  );
}

/**
 * Around each test of the calling file: the recording canvas, every element laid out at
 * `view`'s size and the dialog methods, all restored after the test.
 */
export function stubMarkingDom(view: { width: number; height: number }): void {
  beforeEach(() => {
    recordCanvasCalls();
    stubLayout(view.width, view.height);
    stubDialog();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** Stands in for the ImageBitmap the worker hands over. */
export function fakeBitmap(width: number, height: number): ImageBitmap {
  return { width, height, close: vi.fn() } as unknown as ImageBitmap;
}

/** Stands in for the decoded photo of image `imageId`, without previews. */
export function fakePhoto(imageId: string, width: number, height: number): Photo {
  return { imageId, full: fakeBitmap(width, height), previews: [] };
}

/**
 * The marking states the workspace hands the annotation view and the point table: a fresh
 * selection and zoom, and assistance talking to the real engine (which answers nothing
 * under jsdom, so every click stays where it lands).
 */
export function markingStates(): { annotation: AnnotationState; assist: AssistState } {
  return { annotation: new AnnotationState(), assist: new AssistState(engine) };
}

export const IMAGE_ID = 'photo-1';

/** A project with one open photo of the given size and no points yet. */
export function projectWithPhoto(width: number, height: number): ProjectState {
  const project = new ProjectState();
  project.addImages([
    { id: IMAGE_ID, name: 'deformation-00mm-force.png', width, height, suggestedTravel: 0 },
  ]);
  return project;
}

/** jsdom has <dialog> but not showModal/close: enough of them to test a modal's behaviour. */
export function stubDialog(): void {
  const proto = HTMLDialogElement.prototype as HTMLDialogElement & Record<string, unknown>;
  if (typeof proto.showModal === 'function' && typeof proto.close === 'function') return;
  proto.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  proto.close = function (this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}
