// A photo with its strain overlay as a PNG, for export: the photo drawn at up to a print
// size, the overlay over it through the same drawing as on screen, and a caption under it
// that names the photo and states the arrows' scale and the misfit's magnification.
import type { ImageOverlay } from '../../core/index';
import { MIME } from '../../io/download';
import type { Size, Viewport } from '../../state/viewport';
import { OVERLAY_COLOURS, drawOverlay, drawnOverlay } from './drawOverlay';
import { legendLines } from './legend';
import { OFF_DOT_COLOUR } from './offDotRings';

/** The longest edge of an exported picture, in pixels. */
export const PICTURE_EDGE = 2400;

/**
 * The title in white, then each legend line in the colour of what it describes (the misfit's
 * two, and the two of the rings on markers off their dot when there are any).
 */
const LINE_COLOURS = [
  '#ffffff',
  OVERLAY_COLOURS.grid,
  OVERLAY_COLOURS.stretch,
  OVERLAY_COLOURS.shortening,
  OVERLAY_COLOURS.misfit,
  OVERLAY_COLOURS.misfit,
  OFF_DOT_COLOUR,
  OFF_DOT_COLOUR,
];

type Source = CanvasImageSource & { readonly width: number; readonly height: number };
type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Legend text size and padding, px, at a picture's stroke scale. */
function legendMetrics(scale: number): { size: number; pad: number; lineHeight: number } {
  const size = Math.round(14 * scale);
  return { size, pad: Math.round(8 * scale), lineHeight: size * 1.35 };
}

/** The height the legend of `lineCount` lines takes at the bottom of a picture, margins included. */
export function legendHeight(lineCount: number, scale: number): number {
  const { pad, lineHeight } = legendMetrics(scale);
  return Math.ceil(lineCount * lineHeight + 3 * pad);
}

/** The legend's lines at the bottom of the canvas, its text shrunk where it would be wider. */
function drawLegend(ctx: Ctx, lines: string[], scale: number): void {
  const { size, pad } = legendMetrics(scale);
  ctx.font = `600 ${size}px system-ui, sans-serif`;
  const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
  const fit = Math.min(1, (ctx.canvas.width - 4 * pad) / widest);
  const fitted = Math.floor(size * fit);
  const lineHeight = fitted * 1.35;
  ctx.font = `600 ${fitted}px system-ui, sans-serif`;
  const width = widest * fit + 2 * pad;
  const height = lines.length * lineHeight + 2 * pad;
  ctx.fillStyle = 'rgba(0, 0, 0, 0.72)';
  ctx.fillRect(pad, ctx.canvas.height - height - pad, width, height);
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => {
    ctx.fillStyle = LINE_COLOURS[i] ?? OVERLAY_COLOURS.misfit;
    ctx.fillText(line, 2 * pad, ctx.canvas.height - height + i * lineHeight);
  });
}

/** Strokes and text grow with the picture, so they read alike on any size. */
export function pictureScale(width: number, height: number): number {
  return Math.max(1, Math.max(width, height) / 900);
}

/** The title and the legend's lines under it. */
export function captionLines(overlay: ImageOverlay, title: string): string[] {
  return [title, ...legendLines(overlay.scales, overlay.offDot)];
}

/**
 * The overlay (in the photo's full-size pixels, through `viewport`) over whatever the canvas
 * shows of the photo, and the caption at the canvas's bottom, in the band left for it.
 */
export function drawOverlayAndCaption(
  ctx: Ctx,
  overlay: ImageOverlay,
  viewport: Viewport,
  title: string,
  scale: number,
): void {
  drawOverlay(ctx, drawnOverlay(overlay), viewport, scale);
  drawLegend(ctx, captionLines(overlay, title), scale);
}

/**
 * Draws `source` (the photo, or a smaller picture of it) stretched to the photo's aspect at
 * up to PICTURE_EDGE pixels, the overlay (in the photo's full-size pixels) over it, and the
 * caption in a band under it, so the caption hides nothing of the photo; resolves to the PNG.
 */
export function overlayPng(
  doc: Document,
  source: Source,
  image: Size,
  overlay: ImageOverlay,
  title: string,
): Promise<Blob> {
  const zoom = Math.min(1, PICTURE_EDGE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * zoom));
  const height = Math.max(1, Math.round(image.height * zoom));
  const scale = pictureScale(width, height);
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height + legendHeight(captionLines(overlay, title).length, scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('This browser cannot draw the overlay picture.'));
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0, width, height);
  drawOverlayAndCaption(ctx, overlay, { zoom, offsetX: 0, offsetY: 0 }, title, scale);
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) =>
        blob ? resolve(blob) : reject(new Error('The overlay picture could not be made.')),
      MIME.png,
    );
  });
}

/** A picture the worker made (an object URL), decoded off the page's thread. */
export async function loadPicture(doc: Document, url: string): Promise<HTMLImageElement> {
  const picture = doc.createElement('img');
  picture.src = url;
  await picture.decode();
  return picture;
}

/** "03_deformation-15mm.png": sorts in sequence order, keeps the photo's own name. */
export function frameFileName(index: number, count: number, name: string): string {
  const digits = String(count).length;
  const stem = name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_');
  return `${String(index + 1).padStart(digits, '0')}_${stem}_overlay.png`;
}
