// The annotation canvas's hooks into the browser, as {@attach} factories: tracking its CSS
// size and pixel ratio, painting each layer at most once a frame, and a non-passive wheel listener.
import type { Attachment } from 'svelte/attachments';
import { screenPoint } from '../../state/viewport';
import type { ScreenPoint, Size } from '../../state/viewport';

/** Reports the element's CSS size and the device pixel ratio now and whenever it resizes. */
export function trackSize(onSize: (size: Size, dpr: number) => void): Attachment<HTMLElement> {
  return (node) => {
    const measure = () => {
      const rect = node.getBoundingClientRect();
      onSize({ width: rect.width, height: rect.height }, window.devicePixelRatio || 1);
    };
    if (typeof ResizeObserver === 'undefined') {
      // No observer (jsdom, very old browsers): measure once, after mounting.
      queueMicrotask(measure);
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  };
}

/**
 * Paints a layer on the next frame; a newer one before then replaces it. The attachment
 * reruns, and so paints, only when `layer` is a new object: pass one that changes exactly
 * when what it shows does.
 */
export function paintOnNextFrame<Layer>(
  layer: Layer | null,
  paint: (canvas: HTMLCanvasElement, layer: Layer) => void,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    if (!layer) return;
    const frame = requestAnimationFrame(() => paint(canvas, layer));
    return () => cancelAnimationFrame(frame);
  };
}

/**
 * Wheel (and trackpad pinch, which arrives as ctrl+wheel) over the element, with the cursor
 * in the element's CSS pixels. Our own listener because it must not be passive: the page
 * must not scroll while the photo zooms.
 */
export function onWheel(
  handle: (event: WheelEvent, at: ScreenPoint) => boolean,
): Attachment<HTMLElement> {
  return (node) => {
    const listener = (event: WheelEvent) => {
      const rect = node.getBoundingClientRect();
      if (handle(event, screenPoint(event.clientX - rect.left, event.clientY - rect.top)))
        event.preventDefault();
    };
    node.addEventListener('wheel', listener, { passive: false });
    return () => node.removeEventListener('wheel', listener);
  };
}
