// The overlay's rings on markers marked off their located dot (core/overlayOffDot.ts): a
// dashed yellow ring around the mark, a shape no other stroke of the overlay has, the line
// from the located centre (a small yellow dot) to the mark at its true length, and the
// distance written beside.
import type { OffDotMarker, Vec2 } from '../../core/index';
import { imageToScreen } from '../../state/viewport';
import type { Viewport } from '../../state/viewport';

/** Yellow, as the marking checks frame the markers they flag; dashed, so not by colour alone. */
export const OFF_DOT_COLOUR = '#ffd60a';
const OUTLINE = 'rgba(0, 0, 0, 0.8)';
/** The ring's radius, its dashes and the stroke width, in screen pixels at a scale of 1. */
export const OFF_DOT_RING_RADIUS = 20;
const DASH = [6, 4];
const WIDTH = 2.5;
/** The dot marking the located centre, where the line starts. */
const CENTRE_RADIUS = 2.5;

/** One ringed marker as drawn, in image pixels: the ring's centre is the mark. */
export interface DrawnOffDot {
  marker: number;
  ring: Vec2;
  /** The line from the located centre to the mark, true length. */
  from: Vec2;
  to: Vec2;
  /** The distance written beside the ring, "10 px". */
  label: string;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A distance in whole pixels, or to a tenth below 10. */
export function offDotDistanceText(px: number): string {
  return `${px >= 10 ? px.toFixed(0) : px.toFixed(1)} px`;
}

/** What the rings draw, before any view transform. */
export function drawnOffDot(offDot: readonly OffDotMarker[] | undefined): DrawnOffDot[] {
  return (offDot ?? []).map((off) => ({
    marker: off.marker,
    ring: off.marked,
    from: off.located,
    to: off.marked,
    label: offDotDistanceText(off.distance),
  }));
}

/** Outline first, then the colour, as every stroke of the overlay. */
function twice(ctx: Ctx, width: number, paint: () => void): void {
  for (const [w, colour] of [
    [width + 2.5, OUTLINE],
    [width, OFF_DOT_COLOUR],
  ] as const) {
    ctx.lineWidth = w;
    ctx.strokeStyle = colour;
    paint();
  }
}

/** Draws the rings through a view transform; `scale` grows strokes and text as in pictures. */
export function drawOffDotRings(
  ctx: Ctx,
  rings: readonly DrawnOffDot[],
  viewport: Viewport,
  scale = 1,
): void {
  if (rings.length === 0) return;
  ctx.save();
  const radius = OFF_DOT_RING_RADIUS * scale;
  for (const ring of rings) {
    const [cx, cy] = imageToScreen(viewport, ring.ring);
    const [fx, fy] = imageToScreen(viewport, ring.from);
    twice(ctx, WIDTH * scale, () => {
      ctx.setLineDash(DASH.map((d) => d * scale));
      ctx.beginPath();
      ctx.arc(cx, cy, radius, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(fx, fy);
      ctx.lineTo(cx, cy);
      ctx.stroke();
    });
    ctx.beginPath();
    ctx.arc(fx, fy, CENTRE_RADIUS * scale, 0, 2 * Math.PI);
    ctx.fillStyle = OFF_DOT_COLOUR;
    ctx.fill();
    ctx.lineWidth = 1.5 * scale;
    ctx.strokeStyle = OUTLINE;
    ctx.stroke();
    ctx.font = `600 ${Math.round(13 * scale)}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    const [tx, ty] = [cx + radius + 4 * scale, cy];
    ctx.lineWidth = 3 * scale;
    ctx.strokeStyle = OUTLINE;
    ctx.strokeText(ring.label, tx, ty);
    ctx.fillStyle = OFF_DOT_COLOUR;
    ctx.fillText(ring.label, tx, ty);
  }
  ctx.restore();
}
