// Pointer gestures on the annotation canvas: a click places the next point (Alt: without
// snapping it to the dot), a press on a point selects it and dragging moves it (one undo
// step), dragging elsewhere, Space-drag or middle-drag pans, and two pointers pinch-zoom.
import type { PointSlot } from '../../core/index';
import type { AnnotationState, OpenImage } from '../../state/annotation.svelte';
import type { ProjectState } from '../../state/project.svelte';
import { HIT_RADIUS, TOUCH_HIT_RADIUS, hitTest } from './markers';
import type { PlacedMarker } from './markers';
import { screenPoint, screenToImage } from '../../state/viewport';
import type { ImagePoint, Point, ScreenPoint } from '../../state/viewport';

/** What the gestures act on, read fresh at every event. */
export interface GestureHost {
  project: ProjectState;
  annotation: AnnotationState;
  image: OpenImage | null;
  /** The photo is drawn, so a click can place a point. */
  ready: boolean;
  markers: readonly PlacedMarker[];
  /** Places the next point (snapping it to the dot there unless `snap` is false); without
   * it a click places the point exactly where it lands. */
  place?: (imageId: string, point: ImagePoint, snap: boolean) => void;
}

type Drag =
  | { kind: 'none' }
  | { kind: 'press'; id: number; start: ScreenPoint; slot: PointSlot | null; touch: boolean }
  | { kind: 'pan'; id: number; last: ScreenPoint }
  /** `grab`: the point's offset from the pointer, in image pixels, kept while dragging. */
  | { kind: 'point'; id: number; slot: PointSlot; grab: Point }
  | { kind: 'pinch'; distance: number; mid: ScreenPoint };

/** Screen pixels a press may wander and still count as a click. */
const CLICK_SLOP = 4;
const TOUCH_CLICK_SLOP = 10;

export class CanvasGestures {
  /** Where the pointer is over the canvas (screen pixels), for the magnifier; null when away. */
  hover = $state<ScreenPoint | null>(null);
  spaceHeld = $state(false);
  /** What the pointer is doing, for the cursor. */
  mode = $state<'idle' | 'over-point' | 'pan' | 'point' | 'pinch'>('idle');

  #drag: Drag = { kind: 'none' };
  // Where each pressed pointer is: bookkeeping for pinches, nothing the UI shows.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #pointers = new Map<number, ScreenPoint>();
  #host: () => GestureHost;

  constructor(host: () => GestureHost) {
    this.#host = host;
  }

  get cursor(): string {
    if (this.mode === 'pan' || this.mode === 'point') return 'grabbing';
    if (this.spaceHeld) return 'grab';
    if (this.mode === 'over-point') return 'move';
    return 'crosshair';
  }

  down(event: PointerEvent, canvas: HTMLCanvasElement): void {
    const { image, annotation, markers } = this.#host();
    if (!image) return;
    canvas.focus({ preventScroll: true });
    if (event.button !== 0 && event.button !== 1) return; // the context menu stays the browser's
    const at = local(event, canvas);
    this.#pointers.set(event.pointerId, at);
    capture(canvas, event.pointerId);
    if (this.#pointers.size === 2) {
      this.#finishDrag();
      const [a, b] = [...this.#pointers.values()] as [ScreenPoint, ScreenPoint];
      this.#drag = { kind: 'pinch', distance: distance(a, b), mid: midpoint(a, b) };
      this.mode = 'pinch';
      this.hover = null;
      return;
    }
    if (this.#pointers.size > 2 || this.#drag.kind !== 'none') return;
    if (event.button === 1 || (event.button === 0 && this.spaceHeld)) {
      event.preventDefault(); // no middle-button autoscroll
      this.#drag = { kind: 'pan', id: event.pointerId, last: at };
      this.mode = 'pan';
      return;
    }
    event.preventDefault();
    const touch = event.pointerType === 'touch';
    const viewport = annotation.viewportFor(image);
    const slot = hitTest(markers, viewport, at, touch ? TOUCH_HIT_RADIUS : HIT_RADIUS);
    if (slot) annotation.select(image.id, slot);
    this.#drag = { kind: 'press', id: event.pointerId, start: at, slot, touch };
  }

  move(event: PointerEvent, canvas: HTMLCanvasElement): void {
    const { image, annotation, markers, project } = this.#host();
    if (!image) return;
    const at = local(event, canvas);
    if (this.#pointers.has(event.pointerId)) this.#pointers.set(event.pointerId, at);
    const drag = this.#drag;
    if (drag.kind !== 'pinch') this.hover = at;
    if (drag.kind === 'pinch') {
      if (this.#pointers.size < 2) return;
      const [a, b] = [...this.#pointers.values()] as [ScreenPoint, ScreenPoint];
      const mid = midpoint(a, b);
      const spread = distance(a, b);
      annotation.panBy(image, mid[0] - drag.mid[0], mid[1] - drag.mid[1]);
      if (drag.distance > 0 && spread > 0) annotation.zoomBy(image, spread / drag.distance, mid);
      this.#drag = { kind: 'pinch', distance: spread, mid };
      return;
    }
    if (drag.kind === 'none') {
      const over = hitTest(markers, annotation.viewportFor(image), at) !== null;
      this.mode = over ? 'over-point' : 'idle';
      return;
    }
    if (drag.id !== event.pointerId) return;
    if (drag.kind === 'press') {
      const slop = drag.touch ? TOUCH_CLICK_SLOP : CLICK_SLOP;
      if (distance(at, drag.start) <= slop) return;
      const point = drag.slot ? project.pointAt(image.id, drag.slot) : null;
      if (drag.slot && point) {
        // Keep the point where it was grabbed relative to the pointer, so it does not jump.
        const pressed = screenToImage(annotation.viewportFor(image), drag.start);
        project.beginGesture({ continuous: true });
        this.#drag = {
          kind: 'point',
          id: drag.id,
          slot: drag.slot,
          grab: [point[0] - pressed[0], point[1] - pressed[1]],
        };
        this.mode = 'point';
      } else {
        this.#drag = { kind: 'pan', id: drag.id, last: drag.start };
        this.mode = 'pan';
      }
      this.move(event, canvas);
      return;
    }
    if (drag.kind === 'pan') {
      annotation.panBy(image, at[0] - drag.last[0], at[1] - drag.last[1]);
      this.#drag = { ...drag, last: at };
      return;
    }
    const [x, y] = screenToImage(annotation.viewportFor(image), at);
    project.setPoint(image.id, drag.slot, [x + drag.grab[0], y + drag.grab[1]]);
  }

  up(event: PointerEvent): void {
    const drag = this.#drag;
    this.#pointers.delete(event.pointerId);
    if (drag.kind === 'pinch') {
      // The finger left on the glass carries on panning.
      const rest = [...this.#pointers.entries()][0];
      this.#drag = rest ? { kind: 'pan', id: rest[0], last: rest[1] } : { kind: 'none' };
      this.mode = rest ? 'pan' : 'idle';
      return;
    }
    if (drag.kind === 'none' || drag.id !== event.pointerId) return;
    // Alt (Option) places exactly under the pointer, without snapping to a dot.
    if (drag.kind === 'press' && !drag.slot) this.#place(drag.start, !event.altKey);
    this.#finishDrag();
  }

  /** pointercancel, or capture lost while the pointer was still down: drop the gesture. */
  cancel(event: PointerEvent): void {
    if (!this.#pointers.delete(event.pointerId)) return;
    this.#finishDrag();
  }

  leave(): void {
    this.hover = null;
  }

  /** Ends a drag (a moved point becomes one undo step) without placing anything. */
  #finishDrag(): void {
    if (this.#drag.kind === 'point') this.#host().project.endGesture();
    this.#drag = { kind: 'none' };
    this.mode = 'idle';
  }

  #place(screen: ScreenPoint, snap: boolean): void {
    const { image, annotation, project, ready, place } = this.#host();
    if (!image) return;
    annotation.clearSelection();
    if (!ready) return;
    // The exact continuous coordinate under the pointer: never rounded
    // (docs/science.md, "Coordinates").
    const at = screenToImage(annotation.viewportFor(image), screen);
    const [x, y] = at;
    if (x < 0 || y < 0 || x > image.width || y > image.height) return;
    if (place) place(image.id, at, snap);
    else project.placeNext(image.id, at);
  }
}

/** Where the pointer is on the canvas: the one place a pointer event becomes a screen point. */
function local(event: PointerEvent, canvas: HTMLCanvasElement): ScreenPoint {
  const rect = canvas.getBoundingClientRect();
  return screenPoint(event.clientX - rect.left, event.clientY - rect.top);
}

function capture(canvas: HTMLCanvasElement, pointerId: number): void {
  try {
    canvas.setPointerCapture(pointerId);
  } catch {
    // Not supported (jsdom) or the pointer is already gone: the gesture still works inside the canvas.
  }
}

function distance(a: ScreenPoint, b: ScreenPoint): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function midpoint(a: ScreenPoint, b: ScreenPoint): ScreenPoint {
  return screenPoint((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
}
