// The annotation view's zoom/pan maths: coordinates round-trip, zoom keeps the point under
// the cursor, fit centres the photo, and the pan limits keep some of it in view.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIT_PADDING,
  KEEP_VISIBLE,
  centreOn,
  clampPan,
  fitViewport,
  imageToScreen,
  isInView,
  revealPoint,
  screenToImage,
  visibleImageRect,
  zoomAbout,
  zoomLimits,
} from '../../../src/state/viewport';
import type { Viewport } from '../../../src/state/viewport';

const finite = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const viewportArb = fc.record({
  zoom: finite(0.01, 64),
  offsetX: finite(-1e5, 1e5),
  offsetY: finite(-1e5, 1e5),
});
const pointArb = fc.tuple(finite(-2e4, 2e4), finite(-2e4, 2e4));

describe('screen <-> image', () => {
  it('follows docs/science.md: image = (screen - offset) / zoom, not rounded', () => {
    const v: Viewport = { zoom: 0.5, offsetX: 8, offsetY: 8 };
    expect(screenToImage(v, [108.3, 58.1])).toEqual([(108.3 - 8) / 0.5, (58.1 - 8) / 0.5]);
    expect(screenToImage(v, [8.2, 8.2])[0]).toBeCloseTo(0.4, 12);
    expect(imageToScreen(v, [200.6, 100.2])).toEqual([108.3, 58.1]);
  });

  it('round-trips screen -> image -> screen and image -> screen -> image', () => {
    fc.assert(
      fc.property(viewportArb, pointArb, (v, p) => {
        const back = imageToScreen(v, screenToImage(v, p));
        expect(back[0]).toBeCloseTo(p[0], 6);
        expect(back[1]).toBeCloseTo(p[1], 6);
        const image = screenToImage(v, imageToScreen(v, p));
        expect(image[0]).toBeCloseTo(p[0], 6);
        expect(image[1]).toBeCloseTo(p[1], 6);
      }),
    );
  });
});

describe('zoomAbout', () => {
  it('keeps the image point under the anchor where it was', () => {
    fc.assert(
      fc.property(viewportArb, pointArb, finite(0.1, 10), (v, anchor, factor) => {
        const before = screenToImage(v, anchor);
        const zoomed = zoomAbout(v, factor, anchor);
        expect(zoomed.zoom).toBeCloseTo(v.zoom * factor, 9);
        const after = screenToImage(zoomed, anchor);
        expect(after[0]).toBeCloseTo(before[0], 5);
        expect(after[1]).toBeCloseTo(before[1], 5);
      }),
    );
  });

  it('clamps to the limits and still keeps the anchor fixed', () => {
    const v: Viewport = { zoom: 40, offsetX: -300, offsetY: 20 };
    const anchor = [123, 456] as const;
    const zoomed = zoomAbout(v, 100, anchor, { min: 0.1, max: 64 });
    expect(zoomed.zoom).toBe(64);
    const before = screenToImage(v, anchor);
    const after = screenToImage(zoomed, anchor);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
  });

  it('ignores a factor that is not a positive number', () => {
    const v: Viewport = { zoom: 2, offsetX: 1, offsetY: 1 };
    expect(zoomAbout(v, 0, [0, 0])).toBe(v);
    expect(zoomAbout(v, Number.NaN, [0, 0])).toBe(v);
  });
});

describe('fitViewport', () => {
  it('shows the whole photo, centred, with the padding on the limiting side', () => {
    const view = { width: 1016, height: 616 };
    const v = fitViewport({ width: 2000, height: 1000 }, view);
    expect(v.zoom).toBe(0.5);
    expect(v.offsetX).toBe(FIT_PADDING);
    // Centred: the photo's centre lands on the view's centre.
    const centre = imageToScreen(v, [1000, 500]);
    expect(centre[0]).toBeCloseTo(view.width / 2, 9);
    expect(centre[1]).toBeCloseTo(view.height / 2, 9);
  });

  it('fits a 12 MP portrait photo into a landscape view', () => {
    const image = { width: 3000, height: 4000 };
    const view = { width: 800, height: 600 };
    const v = fitViewport(image, view);
    const [left, top] = imageToScreen(v, [0, 0]);
    const [right, bottom] = imageToScreen(v, [image.width, image.height]);
    expect(top).toBeCloseTo(FIT_PADDING, 9);
    expect(bottom).toBeCloseTo(view.height - FIT_PADDING, 9);
    expect(left).toBeGreaterThan(FIT_PADDING);
    expect((left + right) / 2).toBeCloseTo(view.width / 2, 9);
  });

  it('zoom limits allow zooming out below the fit and in to 64 px per pixel', () => {
    const limits = zoomLimits({ width: 4000, height: 3000 }, { width: 800, height: 600 });
    expect(limits.min).toBeLessThan(
      fitViewport({ width: 4000, height: 3000 }, { width: 800, height: 600 }).zoom,
    );
    expect(limits.max).toBe(64);
  });
});

describe('pan limits and revealing a point', () => {
  const image = { width: 1000, height: 800 };
  const view = { width: 400, height: 300 };

  it('keeps at least a strip of the photo in view', () => {
    const lost = clampPan({ zoom: 1, offsetX: 5000, offsetY: -5000 }, image, view);
    expect(lost.offsetX).toBe(view.width - KEEP_VISIBLE);
    expect(lost.offsetY).toBe(KEEP_VISIBLE - image.height);
    const fine = { zoom: 1, offsetX: -100, offsetY: -50 };
    expect(clampPan(fine, image, view)).toEqual(fine);
  });

  it('centres an off-screen point and leaves a visible one alone', () => {
    const v: Viewport = { zoom: 2, offsetX: 0, offsetY: 0 };
    expect(revealPoint(v, [50, 50], view)).toBe(v);
    const moved = revealPoint(v, [900, 700], view);
    expect(imageToScreen(moved, [900, 700])).toEqual([200, 150]);
    expect(isInView(moved, [900, 700], view, 32)).toBe(true);
    expect(centreOn(v, [10, 20], view).zoom).toBe(2);
  });

  it('draws only the visible whole pixels', () => {
    const rect = visibleImageRect({ zoom: 4, offsetX: -401, offsetY: -2 }, image, view);
    expect(rect).toEqual({ x: 100, y: 0, width: 101, height: 76 });
    expect(visibleImageRect({ zoom: 1, offsetX: 500, offsetY: 0 }, image, view)).toBeNull();
  });
});
