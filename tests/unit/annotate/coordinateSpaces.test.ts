// Image and screen points carry their space in their type: the compiler refuses one where the
// other belongs (each @ts-expect-error below fails `npm run check` if that stops being so),
// and at run time a branded point is the same [x, y] as any other.
import { describe, expect, it } from 'vitest';
import { hitTest, placedMarkers } from '../../../src/ui/annotate/markers';
import {
  centreOn,
  imagePoint,
  imageToScreen,
  screenPoint,
  screenToImage,
  zoomAbout,
} from '../../../src/state/viewport';

const v = { zoom: 2, offsetX: 10, offsetY: 20 };
const view = { width: 400, height: 300 };

describe('coordinate spaces', () => {
  it('refuses a screen point where an image point belongs, and the reverse', () => {
    const screen = screenPoint(30, 40);
    const image = imagePoint(10, 10);
    // @ts-expect-error a screen point is not an image point
    imageToScreen(v, screen);
    // @ts-expect-error nor can a view be centred on one
    centreOn(v, screen, view);
    // @ts-expect-error an image point is not a screen point
    screenToImage(v, image);
    // @ts-expect-error nor can the view zoom about one
    zoomAbout(v, 2, image);
    const markers = placedMarkers({ fiducials: [[10, 10]], scalePoints: [] });
    // @ts-expect-error a marker's point is in image pixels; hit tests take screen points
    hitTest(markers, v, markers[0]!.point);
  });

  it('converts between the spaces as the plain maths does', () => {
    const image = screenToImage(v, screenPoint(30, 40));
    expect(image).toEqual([10, 10]);
    expect(imageToScreen(v, image)).toEqual([30, 40]);
    expect(hitTest(placedMarkers({ fiducials: [image], scalePoints: [] }), v, [31, 40])).toEqual({
      kind: 'fiducial',
      index: 0,
    });
  });
});
