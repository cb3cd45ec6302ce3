// Where each photo sits in a video of the sequence: centred on its centre marker, at one
// scale in pixels per millimetre on the specimen for every frame, so the specimen holds
// still and keeps its size on screen while it deforms, whatever the camera's distance or
// framing on each photo. The scale is the largest that keeps every photo's overlay (grid,
// arrows and misfits) inside the picture with a margin around it.
import type { ImageOverlay, Vec2 } from '../../core/index';
import type { Size, Viewport } from '../../state/viewport';

/** The overlay's widest reach from the centre marker fills this fraction of the picture. */
const FILL = 0.8;

/** Every point the overlay draws, image pixels. */
function overlayPoints(overlay: ImageOverlay): Vec2[] {
  return [
    ...overlay.grid.flat(),
    ...overlay.axes.flatMap((axis) => [axis.from, axis.to]),
    ...overlay.misfits.map((misfit) => misfit.to),
  ];
}

/**
 * One viewport per overlay, in order: the photo's image pixels to the picture's pixels, the
 * centre marker at the picture's centre and the same millimetres per picture pixel on all.
 */
export function sequenceFraming(overlays: readonly ImageOverlay[], picture: Size): Viewport[] {
  let reachX = 0;
  let reachY = 0;
  for (const overlay of overlays) {
    for (const [x, y] of overlayPoints(overlay)) {
      reachX = Math.max(reachX, Math.abs(x - overlay.centre[0]) / overlay.pixelsPerMm);
      reachY = Math.max(reachY, Math.abs(y - overlay.centre[1]) / overlay.pixelsPerMm);
    }
  }
  const pixelsPerMm = Math.min(
    reachX > 0 ? (FILL * picture.width) / (2 * reachX) : Infinity,
    reachY > 0 ? (FILL * picture.height) / (2 * reachY) : Infinity,
  );
  const scale = Number.isFinite(pixelsPerMm) ? pixelsPerMm : 1;
  return overlays.map((overlay) => {
    const zoom = scale / overlay.pixelsPerMm;
    return {
      zoom,
      offsetX: picture.width / 2 - overlay.centre[0] * zoom,
      offsetY: picture.height / 2 - overlay.centre[1] * zoom,
    };
  });
}

/** The part of the photo a viewport shows in the picture, image pixels. */
export function shownRegion(viewport: Viewport, picture: Size): { x: number; y: number } & Size {
  return {
    x: -viewport.offsetX / viewport.zoom,
    y: -viewport.offsetY / viewport.zoom,
    width: picture.width / viewport.zoom,
    height: picture.height / viewport.zoom,
  };
}
