// Canvas drawing for the annotation view and its magnifier: the visible part of the photo
// under the zoom/pan transform (one drawImage) and the markers on top. Drawing only.
import type { PointSlot } from '../../core/index';
import { sameSlot, slotMark } from './markers';
import { drawingSource } from './photoPreviews';
import type { FlaggedMarkers, PlacedMarker } from './markers';
import type { Photo } from '../../state/openPhoto.svelte';
import { imageToScreen, visibleImageRect } from '../../state/viewport';
import type { ImagePoint, ScreenPoint, Size, Viewport } from '../../state/viewport';

/**
 * Fixed colours (not theme tokens): markers sit on a photo, not on the page. Type is told
 * by colour and by shape (fiducial: circle, scale: diamond); a dark outline and a light
 * label halo keep them readable on light and dark photos alike.
 */
export const MARKER_COLOURS = {
  fiducial: '#ff3b30',
  scale: '#22c55e',
  outline: 'rgba(0, 0, 0, 0.85)',
  selection: '#ffffff',
  crosshair: '#ffffff',
  proposal: '#38bdf8',
  flagged: '#ffd60a',
} as const;

/** Marker size in screen pixels, the same at every zoom. */
const MARKER_RADIUS = 7;

/**
 * What the canvas shows, in two layers on two stacked canvases: the photo below, the
 * markers above. Each layer repaints only when what it shows changes, so a point placed,
 * moved or filled in by "Mark the whole sequence" redraws a few vector shapes and not the
 * photo, whose drawImage is the costly part of a frame (tens of milliseconds for a 12 MP
 * photo where the canvas rasterises on the CPU).
 */
export interface PhotoLayer {
  /** The open image's photo, once decoded (its bitmaps are drawn, never changed). */
  photo: Photo | null;
  /** Full-resolution image size (the photo may be decoded smaller; it is stretched to this). */
  image: Size;
  viewport: Viewport;
  view: Size;
  dpr: number;
}

export interface MarkerLayer {
  viewport: Viewport;
  view: Size;
  dpr: number;
  markers: readonly PlacedMarker[];
  selected: PointSlot | null;
  /** Points offered by detection or tracking, drawn dashed until accepted. */
  proposal?: readonly PlacedMarker[] | undefined;
  /** Fiducials a marking check flags: ringed, with a line to where a stray one belongs. */
  flagged?: FlaggedMarkers | undefined;
}

/**
 * Photo canvases with a photo drawn on them. While the photo is still decoding, a canvas
 * that shows nothing yet is left alone: sizing and clearing it would allocate and upload a
 * backing store of the whole view for nothing, in the frame where the view first appears.
 * (The marker canvas is sized at once even when empty: sized later, that work would land
 * in the frame of the first points, in the middle of "Mark the whole sequence".)
 */
const painted = new WeakSet<HTMLCanvasElement>();

/** Sizes the canvas's backing store to the view at the device pixel ratio and draws the photo. */
export function paintPhoto(canvas: HTMLCanvasElement, layer: PhotoLayer): void {
  if (!layer.photo && !painted.has(canvas)) return;
  const ctx = prepare(canvas, layer.view, layer.dpr);
  if (!ctx) return;
  if (layer.photo) {
    drawPhoto(ctx, layer.photo, layer.image, layer.viewport, layer.view, layer.dpr);
    painted.add(canvas);
  } else {
    painted.delete(canvas);
  }
}

/** The same for the markers, on a transparent canvas over the photo's. */
export function paintMarkers(canvas: HTMLCanvasElement, layer: MarkerLayer): void {
  const ctx = prepare(canvas, layer.view, layer.dpr);
  if (!ctx) return;
  if (layer.flagged) drawFlagged(ctx, layer.flagged, layer.viewport);
  drawMarkers(ctx, layer.markers, layer.viewport, layer.selected);
  if (layer.proposal) drawProposal(ctx, layer.proposal, layer.viewport);
}

function nearestTo(point: ImagePoint, candidates: readonly ImagePoint[]): ImagePoint | undefined {
  let best: ImagePoint | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = Math.hypot(c[0] - point[0], c[1] - point[1]);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** A dashed line from a stray marker to a small cross where the other markers put it. */
function drawPrediction(ctx: CanvasRenderingContext2D, from: ScreenPoint, to: ScreenPoint): void {
  const [x, y] = from;
  const [tx, ty] = to;
  for (const [width, style] of [
    [4, MARKER_COLOURS.outline],
    [2, MARKER_COLOURS.flagged],
  ] as const) {
    ctx.lineWidth = width;
    ctx.strokeStyle = style;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(tx, ty);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(tx - 6, ty - 6);
    ctx.lineTo(tx + 6, ty + 6);
    ctx.moveTo(tx + 6, ty - 6);
    ctx.lineTo(tx - 6, ty + 6);
    ctx.stroke();
  }
}

/**
 * A flagged fiducial: a thick yellow square around it (a shape no other mark uses), under
 * the marker itself; a stray one also gets a dashed line to a small cross where the other
 * markers put it.
 */
function drawFlagged(
  ctx: CanvasRenderingContext2D,
  flagged: FlaggedMarkers,
  viewport: Viewport,
): void {
  ctx.save();
  ctx.lineJoin = 'round';
  const half = MARKER_RADIUS + 9;
  for (const marker of flagged.markers) {
    const at = imageToScreen(viewport, marker.point);
    const [x, y] = at;
    for (const [width, style] of [
      [7, MARKER_COLOURS.outline],
      [3.5, MARKER_COLOURS.flagged],
    ] as const) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.strokeRect(x - half, y - half, 2 * half, 2 * half);
    }
    // The prediction that belongs to this marker is the nearer one.
    const target = nearestTo(marker.point, flagged.predicted);
    if (target) drawPrediction(ctx, at, imageToScreen(viewport, target));
  }
  ctx.restore();
}

/** Dashed rings with their numbers: a preview that is clearly not yet a placed point. */
function drawProposal(
  ctx: CanvasRenderingContext2D,
  markers: readonly PlacedMarker[],
  viewport: Viewport,
): void {
  ctx.save();
  for (const marker of markers) {
    const [x, y] = imageToScreen(viewport, marker.point);
    ctx.setLineDash([4, 3]);
    for (const [width, style] of [
      [5, MARKER_COLOURS.outline],
      [2.5, MARKER_COLOURS.proposal],
    ] as const) {
      ctx.lineWidth = width;
      ctx.strokeStyle = style;
      ctx.beginPath();
      ctx.arc(x, y, MARKER_RADIUS + 4, 0, Math.PI * 2);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    drawLabel(
      ctx,
      slotMark(marker.slot),
      x + MARKER_RADIUS + 8,
      y - MARKER_RADIUS - 4,
      MARKER_COLOURS.proposal,
    );
  }
  ctx.restore();
}

export interface Lens {
  photo: Photo;
  image: Size;
  /** The exact image point under the cursor, shown at the centre. */
  hotspot: ImagePoint;
  /** Screen pixels per image pixel inside the magnifier. */
  magnification: number;
  /** The magnifier's side, CSS pixels. */
  size: number;
  dpr: number;
  markers: readonly PlacedMarker[];
  selected: PointSlot | null;
}

export function paintMagnifier(canvas: HTMLCanvasElement, lens: Lens): void {
  const view = { width: lens.size, height: lens.size };
  const ctx = prepare(canvas, view, lens.dpr);
  if (!ctx) return;
  const viewport: Viewport = {
    zoom: lens.magnification,
    offsetX: lens.size / 2 - lens.hotspot[0] * lens.magnification,
    offsetY: lens.size / 2 - lens.hotspot[1] * lens.magnification,
  };
  drawPhoto(ctx, lens.photo, lens.image, viewport, view, lens.dpr);
  drawMarkers(ctx, lens.markers, viewport, lens.selected);
  drawCrosshair(ctx, lens.size / 2, lens.size / 2, lens.size / 2);
}

function prepare(
  canvas: HTMLCanvasElement,
  view: Size,
  dpr: number,
): CanvasRenderingContext2D | null {
  const width = Math.max(1, Math.round(view.width * dpr));
  const height = Math.max(1, Math.round(view.height * dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  // Everything below is in CSS pixels.
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Draws only the visible whole-pixel rectangle of the photo, so a 12 MP photo stays cheap. */
function drawPhoto(
  ctx: CanvasRenderingContext2D,
  photo: Photo,
  image: Size,
  viewport: Viewport,
  view: Size,
  dpr: number,
): void {
  const rect = visibleImageRect(viewport, image, view);
  const { full } = photo;
  if (!rect || full.width <= 0 || full.height <= 0) return;
  // Device pixels per pixel of the photo as decoded (it may be smaller than the image).
  const density = (viewport.zoom * dpr * image.width) / full.width;
  const source = drawingSource(photo, density);
  const sx = source.width / image.width;
  const sy = source.height / image.height;
  const [dx, dy] = imageToScreen(viewport, [rect.x, rect.y]);
  // Magnified pixels stay crisp squares, so a user can see exactly where a pixel ends.
  ctx.imageSmoothingEnabled = viewport.zoom < 2;
  // Bilinear only: 'medium' or 'high' would make the canvas build a mipmap of the whole
  // source on the main thread at every frame; the preview chosen above is never more
  // than twice the screen's resolution, where bilinear filtering is enough.
  ctx.imageSmoothingQuality = 'low';
  ctx.drawImage(
    source,
    rect.x * sx,
    rect.y * sy,
    rect.width * sx,
    rect.height * sy,
    dx,
    dy,
    rect.width * viewport.zoom,
    rect.height * viewport.zoom,
  );
}

function drawMarkers(
  ctx: CanvasRenderingContext2D,
  markers: readonly PlacedMarker[],
  viewport: Viewport,
  selected: PointSlot | null,
): void {
  for (const marker of markers) {
    const [x, y] = imageToScreen(viewport, marker.point);
    drawMarker(ctx, marker.slot, x, y, sameSlot(marker.slot, selected));
  }
}

/** Traces the marker's shape: a circle for fiducials, a diamond for scale points. */
function traceShape(
  ctx: CanvasRenderingContext2D,
  slot: PointSlot,
  x: number,
  y: number,
  r: number,
): void {
  ctx.beginPath();
  if (slot.kind === 'fiducial') {
    ctx.arc(x, y, r, 0, Math.PI * 2);
  } else {
    const d = r * 1.3;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y);
    ctx.lineTo(x, y + d);
    ctx.lineTo(x - d, y);
    ctx.closePath();
  }
}

/** Four ticks pointing at the exact spot, leaving the dot under it visible. */
function traceTicks(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  inner: number,
  outer: number,
): void {
  ctx.beginPath();
  for (const [ux, uy] of [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ] as const) {
    ctx.moveTo(x + ux * inner, y + uy * inner);
    ctx.lineTo(x + ux * outer, y + uy * outer);
  }
}

function drawMarker(
  ctx: CanvasRenderingContext2D,
  slot: PointSlot,
  x: number,
  y: number,
  selected: boolean,
): void {
  const colour = slot.kind === 'fiducial' ? MARKER_COLOURS.fiducial : MARKER_COLOURS.scale;
  const r = MARKER_RADIUS;
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (selected) {
    ctx.beginPath();
    ctx.arc(x, y, r + 8, 0, Math.PI * 2);
    ctx.lineWidth = 6;
    ctx.strokeStyle = MARKER_COLOURS.outline;
    ctx.stroke();
    ctx.lineWidth = 3;
    ctx.strokeStyle = MARKER_COLOURS.selection;
    ctx.stroke();
  }
  const inner = slot.kind === 'fiducial' ? r - 3 : r * 1.3 - 3;
  const outer = inner + 9;
  for (const [width, style] of [
    [5, MARKER_COLOURS.outline],
    [2.5, colour],
  ] as const) {
    ctx.lineWidth = width;
    ctx.strokeStyle = style;
    traceShape(ctx, slot, x, y, r);
    ctx.stroke();
    traceTicks(ctx, x, y, inner, outer);
    ctx.stroke();
  }
  drawLabel(ctx, slotMark(slot), x + r + 5, y - r - 3, colour);
  ctx.restore();
}

function drawLabel(
  ctx: CanvasRenderingContext2D,
  text: string,
  x: number,
  y: number,
  colour: string,
): void {
  ctx.font = 'bold 13px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'bottom';
  ctx.lineWidth = 4;
  ctx.strokeStyle = MARKER_COLOURS.outline;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = colour;
  ctx.fillText(text, x, y);
}

/** A crosshair with a gap at its centre, so the pixel under the hotspot stays visible. */
function drawCrosshair(ctx: CanvasRenderingContext2D, x: number, y: number, reach: number): void {
  ctx.save();
  ctx.lineCap = 'butt';
  for (const [width, style] of [
    [3, MARKER_COLOURS.outline],
    [1, MARKER_COLOURS.crosshair],
  ] as const) {
    ctx.lineWidth = width;
    ctx.strokeStyle = style;
    traceTicks(ctx, x, y, 5, reach);
    ctx.stroke();
  }
  ctx.restore();
}
