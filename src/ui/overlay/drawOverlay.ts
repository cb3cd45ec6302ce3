// Draws a photo's strain overlay (computed in the core, see core/overlay.ts) on a canvas:
// the reference square carried by F as a grid, the principal axes at the centre marker,
// the markers' misfit vectors, rings on markers off their dot. Drawing only: every position comes in image pixels and goes
// through the view's transform, so a frame of zoom or pan costs a few dozen vector strokes.
import type { ImageOverlay, PrincipalAxis, Vec2 } from '../../core/index';
import { imageToScreen } from '../../state/viewport';
import type { Size, Viewport } from '../../state/viewport';
import { drawOffDotRings, drawnOffDot } from './offDotRings';
import type { DrawnOffDot } from './offDotRings';

/**
 * Fixed colours, not theme tokens: the overlay sits on a photo. Stretch and shortening are
 * told apart by colour (orange, blue) and by shape (heads pointing out, heads pointing in);
 * a dark outline under every stroke keeps them readable on light and dark photos.
 */
export const OVERLAY_COLOURS = {
  grid: '#ffffff',
  stretch: '#ff9f0a',
  shortening: '#0a84ff',
  misfit: '#ff37c7',
  outline: 'rgba(0, 0, 0, 0.8)',
} as const;

/** Head size and stroke widths in screen pixels at the view's scale of 1. */
const HEAD = 10;
const AXIS_WIDTH = 3;
const GRID_WIDTH = 1.5;

export interface OverlayLayer {
  viewport: Viewport;
  view: Size;
  dpr: number;
  overlay: ImageOverlay;
}

/** An arrow head: its tip, and the point it points away from (which way it points). */
export interface ArrowHead {
  tip: Vec2;
  back: Vec2;
}

/** One arrow as drawn, in image pixels: a shaft and its heads. */
export interface DrawnArrow {
  from: Vec2;
  to: Vec2;
  /** Two outward heads at the ends of a stretch, two inward ones inside a shortening's ends. */
  heads: ArrowHead[];
}

/** What a paint drew, in image pixels: published on the canvas for tests (data-overlay). */
export interface DrawnOverlay {
  grid: Vec2[][];
  axes: (DrawnArrow & Pick<PrincipalAxis, 'name' | 'kind' | 'strain'> & { colour: string })[];
  misfits: (DrawnArrow & { marker: number })[];
  /** Markers marked off their located dot, ringed. */
  offDot: DrawnOffDot[];
  scales: ImageOverlay['scales'];
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Two passes of the same path: a dark outline, then the colour over it. */
function strokeTwice(ctx: Ctx, trace: () => void, colour: string, width: number): void {
  for (const [w, style] of [
    [width + 2.5, OVERLAY_COLOURS.outline],
    [width, colour],
  ] as const) {
    ctx.lineWidth = w;
    ctx.strokeStyle = style;
    ctx.beginPath();
    trace();
    ctx.stroke();
  }
}

/** The grid's lines: its rows, then its columns. */
export function gridLines(grid: readonly Vec2[][]): Vec2[][] {
  const columns = grid[0]?.map((_, j) => grid.map((row) => row[j] as Vec2)) ?? [];
  return [...grid, ...columns];
}

/** A head's polyline: one barb, the tip, the other barb; it points from `back` to `tip`. */
export function headBarbs(tip: Vec2, back: Vec2, size: number): [Vec2, Vec2, Vec2] {
  const dx = tip[0] - back[0];
  const dy = tip[1] - back[1];
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  return [
    [tip[0] - size * (ux - 0.5 * uy), tip[1] - size * (uy + 0.5 * ux)],
    tip,
    [tip[0] - size * (ux + 0.5 * uy), tip[1] - size * (uy - 0.5 * ux)],
  ];
}

function traceHead(ctx: Ctx, tip: Vec2, back: Vec2, size: number): void {
  const [a, b, c] = headBarbs(tip, back, size);
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(b[0], b[1]);
  ctx.lineTo(c[0], c[1]);
}

/**
 * A principal axis: outward heads at both ends for a stretch; for a shortening, heads at
 * both ends pointing back at the centre (tips a head's length inside the ends).
 */
function axisArrow(axis: PrincipalAxis): DrawnArrow {
  const mid: Vec2 = [(axis.from[0] + axis.to[0]) / 2, (axis.from[1] + axis.to[1]) / 2];
  if (axis.kind === 'stretch') {
    return {
      from: axis.from,
      to: axis.to,
      heads: [axis.from, axis.to].map((end) => ({ tip: end, back: mid })),
    };
  }
  const inset = (end: Vec2): Vec2 => [
    end[0] + (mid[0] - end[0]) * 0.35,
    end[1] + (mid[1] - end[1]) * 0.35,
  ];
  return {
    from: axis.from,
    to: axis.to,
    heads: [axis.from, axis.to].map((end) => ({ tip: inset(end), back: end })),
  };
}

/** What the overlay draws, in image pixels, before any view transform. */
export function drawnOverlay(overlay: ImageOverlay): DrawnOverlay {
  return {
    grid: overlay.grid,
    axes: overlay.axes.map((axis) => ({
      ...axisArrow(axis),
      name: axis.name,
      kind: axis.kind,
      strain: axis.strain,
      colour: axis.kind === 'stretch' ? OVERLAY_COLOURS.stretch : OVERLAY_COLOURS.shortening,
    })),
    // The centre's misfit is nil by construction: nothing to draw there.
    misfits: overlay.misfits
      .filter((misfit) => misfit.marker !== 4)
      .map((misfit) => ({
        marker: misfit.marker,
        from: misfit.from,
        to: misfit.to,
        heads: [{ tip: misfit.to, back: misfit.from }],
      })),
    offDot: drawnOffDot(overlay.offDot),
    scales: overlay.scales,
  };
}

/**
 * Draws the overlay through a view transform; `scale` multiplies stroke widths and heads
 * (1 on screen, more for a picture exported at a photo's own size).
 */
export function drawOverlay(ctx: Ctx, drawn: DrawnOverlay, viewport: Viewport, scale = 1): void {
  const at = (p: Vec2) => imageToScreen(viewport, p);
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  strokeTwice(
    ctx,
    () => {
      for (const line of gridLines(drawn.grid)) {
        line.forEach((point, i) => {
          const [x, y] = at(point);
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
      }
    },
    OVERLAY_COLOURS.grid,
    GRID_WIDTH * scale,
  );
  for (const arrow of [...drawn.axes, ...drawn.misfits]) {
    const colour = 'colour' in arrow ? arrow.colour : OVERLAY_COLOURS.misfit;
    const width = ('colour' in arrow ? AXIS_WIDTH : 2) * scale;
    const [from, to] = [at(arrow.from), at(arrow.to)];
    const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
    const head = Math.min(HEAD * scale, length / 3);
    strokeTwice(
      ctx,
      () => {
        ctx.moveTo(from[0], from[1]);
        ctx.lineTo(to[0], to[1]);
        for (const { tip, back } of arrow.heads) traceHead(ctx, at(tip), at(back), head);
      },
      colour,
      width,
    );
  }
  ctx.restore();
  // Last, over the arrows: a ringed marker is what to look at first.
  drawOffDotRings(ctx, drawn.offDot, viewport, scale);
}

/**
 * Paints the overlay layer: sizes the canvas to the view, clears it, draws, and records
 * what it drew (in image pixels) on the canvas as data-overlay, for tests and debugging.
 */
export function paintOverlay(canvas: HTMLCanvasElement, layer: OverlayLayer): void {
  const width = Math.max(1, Math.round(layer.view.width * layer.dpr));
  const height = Math.max(1, Math.round(layer.view.height * layer.dpr));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  const drawn = drawnOverlay(layer.overlay);
  canvas.dataset.overlay = JSON.stringify(drawn);
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(layer.dpr, 0, 0, layer.dpr, 0, 0);
  drawOverlay(ctx, drawn, layer.viewport);
}

/** Clears the layer (the overlay is off, or this photo has none). */
export function clearOverlay(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  delete canvas.dataset.overlay;
}
