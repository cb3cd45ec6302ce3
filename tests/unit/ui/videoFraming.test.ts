// A video of the sequence holds the specimen still: every photo centred on its centre marker
// at one scale in pixels per millimetre, with every photo's overlay inside the picture.
import { describe, expect, it } from 'vitest';
import { analyseSequence, sequenceOverlays } from '../../../src/core';
import type { ImageMarks, ImageOverlay, SequenceRequest, Vec2 } from '../../../src/core';
import { imageToScreen } from '../../../src/state/viewport';
import { sequenceFraming, shownRegion } from '../../../src/ui/overlay/videoFraming';
import { CAREFUL_SCALE, carefulFiducials } from '../../support/overlay';

/** Four photos; the third taken from farther away (everything 0.8 the size in pixels). */
function overlays(): ImageOverlay[] {
  const images = [0, 1, 2, 3].map((step): ImageMarks => {
    const shrink = step === 2 ? 0.8 : 1;
    const at = ([x, y]: Vec2): Vec2 => [x * shrink, y * shrink];
    return {
      name: `step-${step}.png`,
      fiducials: carefulFiducials(step).map(at),
      scalePoints: [at(CAREFUL_SCALE.points[0]), at(CAREFUL_SCALE.points[1])],
      pressTravel: step,
    };
  });
  const request: SequenceRequest = {
    images,
    scaleLength: CAREFUL_SCALE.lengthMm,
    measure: 'small',
    reference: { kind: 'total', referenceIndex: 0 },
  };
  return sequenceOverlays(request, analyseSequence(request)).overlays as ImageOverlay[];
}

describe('framing a video of the sequence', () => {
  const picture = { width: 1280, height: 540 };
  const all = overlays();
  const views = sequenceFraming(all, picture);

  it('draws every photo at the same millimetres per picture pixel, centred on its centre marker', () => {
    const scales = all.map((overlay, i) => (views[i]?.zoom as number) * overlay.pixelsPerMm);
    for (const scale of scales) expect(scale).toBeCloseTo(scales[0] as number, 9);
    all.forEach((overlay, i) => {
      const [x, y] = imageToScreen(views[i]!, overlay.centre);
      expect(x).toBeCloseTo(picture.width / 2, 9);
      expect(y).toBeCloseTo(picture.height / 2, 9);
    });
  });

  it('keeps every overlay inside the picture, filling it', () => {
    let widest = 0;
    all.forEach((overlay, i) => {
      for (const point of [
        ...overlay.grid.flat(),
        ...overlay.axes.flatMap((a) => [a.from, a.to]),
      ]) {
        const [x, y] = imageToScreen(views[i]!, point);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(picture.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(picture.height);
        widest = Math.max(widest, Math.abs(y - picture.height / 2) / (picture.height / 2));
      }
    });
    expect(widest).toBeGreaterThan(0.7);
  });

  it('names the part of the photo each frame shows', () => {
    const region = shownRegion(views[2]!, picture);
    const [x, y] = imageToScreen(views[2]!, [region.x, region.y]);
    expect(x).toBeCloseTo(0, 9);
    expect(y).toBeCloseTo(0, 9);
    expect(region.width * (views[2]?.zoom as number)).toBeCloseTo(picture.width, 9);
  });
});
