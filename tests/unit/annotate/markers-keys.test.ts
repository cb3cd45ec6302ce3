// Point names, the screen-space hit test, and the annotation view's key map.
import { describe, expect, it } from 'vitest';
import { historyAction, viewAction, wheelZoomFactor } from '../../../src/ui/annotate/keys';
import {
  ALL_SLOTS,
  hitTest,
  placedMarkers,
  slotMark,
  slotName,
} from '../../../src/ui/annotate/markers';

const keys = (
  key: string,
  mods: Partial<Record<'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {},
) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('point names', () => {
  it('lists fiducials 0-4 then scale points S1, S2, in the placing order', () => {
    expect(ALL_SLOTS.map(slotMark)).toEqual(['0', '1', '2', '3', '4', 'S1', 'S2']);
    expect(slotName({ kind: 'fiducial', index: 2 })).toBe('fiducial 2 (bottom-right)');
    expect(slotName({ kind: 'fiducial', index: 4 })).toBe('fiducial 4 (centre)');
    expect(slotName({ kind: 'scale', index: 0 })).toBe('scale point S1');
  });
});

describe('hitTest', () => {
  const markers = placedMarkers({
    fiducials: [[100, 100], null, [110, 100], null, null],
    scalePoints: [null, [500, 500]],
  });

  it('grabs the nearest point within the radius, in screen pixels', () => {
    const v = { zoom: 1, offsetX: 0, offsetY: 0 };
    expect(hitTest(markers, v, [103, 100])).toEqual({ kind: 'fiducial', index: 0 });
    expect(hitTest(markers, v, [108, 100])).toEqual({ kind: 'fiducial', index: 2 });
    expect(hitTest(markers, v, [500, 520])).toBeNull();
    expect(hitTest(markers, v, [500, 510])).toEqual({ kind: 'scale', index: 1 });
  });

  it('uses the same screen radius at any zoom', () => {
    // At zoom 0.1, 90 image pixels are 9 screen pixels: inside the 12 px radius.
    const out = { zoom: 0.1, offsetX: 0, offsetY: 0 };
    expect(hitTest(markers, out, [20, 10])).toEqual({ kind: 'fiducial', index: 2 });
    expect(hitTest(markers, out, [30, 10])).toBeNull();
    // At zoom 10, two image pixels away is 20 screen pixels: out of reach.
    const close = { zoom: 10, offsetX: 0, offsetY: 0 };
    expect(hitTest(markers, close, [1020, 1000])).toBeNull();
  });
});

describe('key map', () => {
  it('nudges a selected point by 1 px, or 10 with Shift', () => {
    expect(viewAction(keys('ArrowLeft'), true)).toEqual({ kind: 'nudge', dx: -1, dy: 0 });
    expect(viewAction(keys('ArrowDown', { shiftKey: true }), true)).toEqual({
      kind: 'nudge',
      dx: 0,
      dy: 10,
    });
  });

  it('pans with the arrows when nothing is selected', () => {
    const right = viewAction(keys('ArrowRight'), false);
    expect(right).toMatchObject({ kind: 'pan', dy: 0 });
    expect(right && right.kind === 'pan' && right.dx).toBeLessThan(0);
  });

  it('zooms, fits, deletes and deselects', () => {
    expect(viewAction(keys('+'), false)).toMatchObject({ kind: 'zoom' });
    expect(viewAction(keys('-'), false)).toMatchObject({ kind: 'zoom' });
    expect(viewAction(keys('0'), false)).toEqual({ kind: 'fit' });
    expect(viewAction(keys('Delete'), true)).toEqual({ kind: 'delete' });
    expect(viewAction(keys('Backspace'), true)).toEqual({ kind: 'delete' });
    expect(viewAction(keys('Delete'), false)).toBeNull();
    expect(viewAction(keys('Escape'), true)).toEqual({ kind: 'deselect' });
    expect(viewAction(keys('0', { ctrlKey: true }), false)).toBeNull();
  });

  it('places the next point with Enter (snapped) or Alt+Enter (exactly), never over a selection', () => {
    expect(viewAction(keys('Enter'), false)).toEqual({ kind: 'place', snap: true });
    expect(viewAction(keys('Enter', { altKey: true }), false)).toEqual({
      kind: 'place',
      snap: false,
    });
    // With a point selected, Enter does nothing: the arrows are nudging it.
    expect(viewAction(keys('Enter'), true)).toBeNull();
    // Alt with any other key is left to the browser.
    expect(viewAction(keys('ArrowLeft', { altKey: true }), false)).toBeNull();
  });

  it('maps undo and redo on Ctrl and Cmd', () => {
    expect(historyAction(keys('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(historyAction(keys('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(historyAction(keys('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(historyAction(keys('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(historyAction(keys('z'))).toBeNull();
  });

  it('zooms in on wheel up and out on wheel down', () => {
    expect(wheelZoomFactor({ deltaY: -100, deltaMode: 0, ctrlKey: false })).toBeGreaterThan(1);
    expect(wheelZoomFactor({ deltaY: 3, deltaMode: 1, ctrlKey: false })).toBeLessThan(1);
    expect(wheelZoomFactor({ deltaY: 0, deltaMode: 0, ctrlKey: true })).toBe(1);
  });
});
