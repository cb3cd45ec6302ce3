// The zoom/pan transform of the annotation view: screen <-> image coordinates, zooming
// about a point, fitting and revealing. Pure maths, so it is unit-tested without a DOM.

/** A 2D point: [x, y], in no particular space (an offset, a size, a core point). */
export type Point = readonly [number, number];

// The annotation view meets two coordinate spaces: the photo's pixels and the canvas's CSS
// pixels. A point branded with its space lets the compiler refuse a screen point where an
// image point belongs, as excalidraw does with its scene and viewport coordinates. The brand
// is a type only: at run time a branded point is the same [x, y].
declare const space: unique symbol;
/** Full-resolution pixels of the upright photo: x right, y down, pixel centres at +0.5. */
export type ImagePoint = Point & { readonly [space]: 'image' };
/** CSS pixels from the top-left corner of the canvas it is on (the view's, or the magnifier's). */
export type ScreenPoint = Point & { readonly [space]: 'screen' };
/**
 * What a function taking a point of space S accepts: one branded S, or a plain [x, y] whose
 * space the caller vouches for (a literal, or a core point, which is in image pixels). A
 * point branded for the other space is refused.
 */
export type InSpace<S extends 'image' | 'screen'> = Point & { readonly [space]?: S };

/** An image point from where the photo's pixels enter the view (the project's marks, a click). */
export function imagePoint(x: number, y: number): ImagePoint {
  return [x, y] as const as ImagePoint;
}

/** The same point seen as an image point: no copy, for points that are already in image pixels. */
export function asImagePoint(point: InSpace<'image'>): ImagePoint {
  return point as ImagePoint;
}

/** A screen point from where the pointer enters the view (an event's offset in the canvas). */
export function screenPoint(x: number, y: number): ScreenPoint {
  return [x, y] as const as ScreenPoint;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * Screen (CSS pixels from the canvas's top-left) = image * zoom + offset.
 * Image coordinates are continuous full-resolution pixels: pixel (i, j) covers
 * [i, i+1) x [j, j+1), so nothing here rounds.
 */
export interface Viewport {
  /** CSS pixels per image pixel. */
  zoom: number;
  offsetX: number;
  offsetY: number;
}

/** Screen pixels of padding left around a fitted photo. */
export const FIT_PADDING = 8;
/** Closest zoom: one image pixel 64 screen pixels wide, enough to place within a tenth of a pixel. */
export const MAX_ZOOM = 64;
/** How far out one can zoom, relative to the fitted zoom. */
const MIN_ZOOM_OF_FIT = 0.25;
/** Screen pixels of the photo that always stay in view, so it cannot be lost off-screen. */
export const KEEP_VISIBLE = 48;

export function screenToImage(v: Viewport, screen: InSpace<'screen'>): ImagePoint {
  return imagePoint((screen[0] - v.offsetX) / v.zoom, (screen[1] - v.offsetY) / v.zoom);
}

export function imageToScreen(v: Viewport, image: InSpace<'image'>): ScreenPoint {
  return screenPoint(image[0] * v.zoom + v.offsetX, image[1] * v.zoom + v.offsetY);
}

/** The zoom that shows the whole photo in the view, with a little padding. */
export function fitZoom(image: Size, view: Size, padding = FIT_PADDING): number {
  if (image.width <= 0 || image.height <= 0) return 1;
  const w = Math.max(1, view.width - 2 * padding);
  const h = Math.max(1, view.height - 2 * padding);
  return Math.min(w / image.width, h / image.height);
}

/** The whole photo, centred in the view. */
export function fitViewport(image: Size, view: Size, padding = FIT_PADDING): Viewport {
  const zoom = fitZoom(image, view, padding);
  return {
    zoom,
    offsetX: (view.width - image.width * zoom) / 2,
    offsetY: (view.height - image.height * zoom) / 2,
  };
}

export function zoomLimits(image: Size, view: Size): { min: number; max: number } {
  const fit = fitZoom(image, view);
  const min = Math.min(fit * MIN_ZOOM_OF_FIT, 1);
  return { min, max: Math.max(MAX_ZOOM, min) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * Zooms by `factor` keeping the image point under `anchor` (a screen point) where it is,
 * as a wheel or pinch under the cursor should. The zoom is clamped to `limits`.
 */
export function zoomAbout(
  v: Viewport,
  factor: number,
  anchor: InSpace<'screen'>,
  limits: { min: number; max: number } = { min: 0, max: Infinity },
): Viewport {
  if (!Number.isFinite(factor) || factor <= 0) return v;
  const zoom = clamp(v.zoom * factor, limits.min, limits.max);
  const ratio = zoom / v.zoom;
  return {
    zoom,
    offsetX: anchor[0] - (anchor[0] - v.offsetX) * ratio,
    offsetY: anchor[1] - (anchor[1] - v.offsetY) * ratio,
  };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { zoom: v.zoom, offsetX: v.offsetX + dx, offsetY: v.offsetY + dy };
}

/** Keeps at least `keep` screen pixels of the photo (or all of it, if smaller) inside the view. */
export function clampPan(v: Viewport, image: Size, view: Size, keep = KEEP_VISIBLE): Viewport {
  const w = image.width * v.zoom;
  const h = image.height * v.zoom;
  const keepX = Math.min(keep, w);
  const keepY = Math.min(keep, h);
  return {
    zoom: v.zoom,
    offsetX: clamp(v.offsetX, keepX - w, view.width - keepX),
    offsetY: clamp(v.offsetY, keepY - h, view.height - keepY),
  };
}

/** Puts an image point at the centre of the view, at the same zoom. */
export function centreOn(v: Viewport, image: InSpace<'image'>, view: Size): Viewport {
  return {
    zoom: v.zoom,
    offsetX: view.width / 2 - image[0] * v.zoom,
    offsetY: view.height / 2 - image[1] * v.zoom,
  };
}

/** Image pixels across the view's shorter side when it zooms to a point: a dot and its surroundings. */
export const FOCUS_SPAN = 160;

/**
 * The view centred on an image point, zoomed in far enough to judge the dot there (never
 * out from fitted, never past the closest zoom), the photo kept in view.
 */
export function focusViewport(image: Size, view: Size, point: InSpace<'image'>): Viewport {
  const fit = fitZoom(image, view);
  const zoom = clamp(Math.min(view.width, view.height) / FOCUS_SPAN, fit, MAX_ZOOM);
  return clampPan(centreOn({ zoom, offsetX: 0, offsetY: 0 }, point, view), image, view);
}

/** Whether an image point shows on screen at least `margin` pixels inside the view's edges. */
export function isInView(v: Viewport, image: InSpace<'image'>, view: Size, margin = 0): boolean {
  const [x, y] = imageToScreen(v, image);
  return x >= margin && y >= margin && x <= view.width - margin && y <= view.height - margin;
}

/** The same viewport if the point already shows well inside the view, else one centred on it. */
export function revealPoint(
  v: Viewport,
  image: InSpace<'image'>,
  view: Size,
  margin = 32,
): Viewport {
  return isInView(v, image, view, margin) ? v : centreOn(v, image, view);
}

/**
 * The whole-pixel part of the photo that shows on screen, and where it goes: lets the
 * canvas draw only what is visible of a 12 MP photo. Null when none of it shows.
 */
export function visibleImageRect(
  v: Viewport,
  image: Size,
  view: Size,
): { x: number; y: number; width: number; height: number } | null {
  const [left, top] = screenToImage(v, [0, 0]);
  const [right, bottom] = screenToImage(v, [view.width, view.height]);
  const x0 = clamp(Math.floor(left), 0, image.width);
  const y0 = clamp(Math.floor(top), 0, image.height);
  const x1 = clamp(Math.ceil(right), 0, image.width);
  const y1 = clamp(Math.ceil(bottom), 0, image.height);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
