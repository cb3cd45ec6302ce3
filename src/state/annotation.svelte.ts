// What the annotation view and the point table share: the selected point, and the zoom/pan
// of the open photo (so selecting a table row can bring its point into view).
import type { PointSlot, Vec2 } from '../core/index';
import {
  clampPan,
  fitViewport,
  focusViewport,
  panBy,
  revealPoint,
  screenPoint,
  zoomAbout,
  zoomLimits,
} from './viewport';
import type { InSpace, Size, Viewport } from './viewport';

/** The open image: its id and full-resolution size. */
export interface OpenImage {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** What focusing a point needs of the project: its images, their points, the open one. */
export interface FocusTarget {
  selectedId: string | null;
  image(id: string): unknown;
  pointAt(id: string, slot: PointSlot): Vec2 | null;
}

export class AnnotationState {
  /** The selected point, tied to its image so opening another image selects nothing. */
  selection = $state<{ imageId: string; slot: PointSlot } | null>(null);
  /** The view's size in CSS pixels (0 until the view is laid out), kept by the view. */
  viewSize = $state<Size>({ width: 0, height: 0 });
  /**
   * Zoom/pan the user chose, or a point the view is zoomed to (kept centred as the view
   * resizes until the user zooms or pans); null (or another image's) means "fitted".
   */
  #view = $state<{ imageId: string; viewport: Viewport } | { imageId: string; focus: Vec2 } | null>(
    null,
  );
  /** The image whose photo stage should take the keyboard focus when it shows (then null). */
  stageFocusFor = $state<string | null>(null);

  selectedSlotIn(imageId: string | null | undefined): PointSlot | null {
    return this.selection && this.selection.imageId === imageId ? this.selection.slot : null;
  }

  select(imageId: string, slot: PointSlot | null): void {
    this.selection = slot ? { imageId, slot: { kind: slot.kind, index: slot.index } } : null;
  }

  clearSelection(): void {
    this.selection = null;
  }

  /** The view of this image: as the user left it, or fitted (following resizes) until they zoom or pan. */
  viewportFor(image: OpenImage): Viewport {
    const view = this.#view;
    if (!view || view.imageId !== image.id) return fitViewport(image, this.viewSize);
    return 'focus' in view ? focusViewport(image, this.viewSize, view.focus) : view.viewport;
  }

  /** True when this image shows fitted (nothing zoomed or panned since opening or "Fit"). */
  isFitted(image: OpenImage): boolean {
    return this.#view?.imageId !== image.id;
  }

  setViewport(image: OpenImage, viewport: Viewport): void {
    if (!Number.isFinite(viewport.zoom) || viewport.zoom <= 0) return;
    const centre = screenPoint(this.viewSize.width / 2, this.viewSize.height / 2);
    // zoomAbout clamps the zoom, e.g. after the view grew and the stored zoom fell below the minimum.
    const limited = zoomAbout(viewport, 1, centre, zoomLimits(image, this.viewSize));
    this.#view = { imageId: image.id, viewport: clampPan(limited, image, this.viewSize) };
  }

  fit(): void {
    this.#view = null;
  }

  /** Zooms about a screen point (the view's centre by default). */
  zoomBy(image: OpenImage, factor: number, anchor?: InSpace<'screen'>): void {
    const at = anchor ?? screenPoint(this.viewSize.width / 2, this.viewSize.height / 2);
    const limits = zoomLimits(image, this.viewSize);
    this.setViewport(image, zoomAbout(this.viewportFor(image), factor, at, limits));
  }

  panBy(image: OpenImage, dx: number, dy: number): void {
    this.setViewport(image, panBy(this.viewportFor(image), dx, dy));
  }

  /**
   * Opens an image and zooms its view onto the point in a slot, selected so the arrow keys
   * nudge it (only opened, fitted, when the slot is empty or none is given), and asks the
   * photo stage to take the keyboard focus. What a flag does when the user activates it.
   */
  focusPoint(project: FocusTarget, imageId: string, slot: PointSlot | null): void {
    if (!project.image(imageId)) return;
    project.selectedId = imageId;
    const point = slot ? project.pointAt(imageId, slot) : null;
    this.select(imageId, point ? slot : null);
    this.#view = point ? { imageId, focus: [point[0], point[1]] } : null;
    this.stageFocusFor = imageId;
  }

  /** Brings an image point into view (centring it if it is off-screen or near an edge). */
  reveal(image: OpenImage, point: InSpace<'image'>): void {
    if (this.viewSize.width <= 0 || this.viewSize.height <= 0) return;
    const current = this.viewportFor(image);
    const next = revealPoint(current, point, this.viewSize);
    if (next !== current) this.setViewport(image, next);
  }
}
