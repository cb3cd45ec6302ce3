// dot/: the sub-pixel centre of one dark dot near a point, the snap behind every click and
// the last step of automatic detection and tracking.
//
// 1. Segment (segment.ts): in a window around the point, remove the light background (a
//    robust plane, so lighting gradients do not matter), threshold the darkness at half its
//    peak and take the dark region nearest the point. A region that is not dot-shaped is
//    opened by a disc a little thinner than its thickest part (extract.ts), which cuts a
//    dot free from a thinner line or shadow touching it. A dot merged into a dark area
//    wider than itself (half inside a shadow band, against the specimen's dark edge) is
//    found instead from the part of its outline that borders lighter ground, if that is
//    more than half of it (outline/merged.ts). If nothing dot-shaped remains, there is no
//    dot (flat area, edge, text stroke, ruler tick).
// 2. Measure (measure.ts, centre.ts): a free dot's darkness-weighted centroid over an
//    ellipse shaped like it, with the background plane refitted on a ring outside,
//    iterated with the window re-centred on the result (centroid.ts); pixels of any other
//    dark structure are left out together with their mirror image through the current
//    centre (foreignDarkness.ts), so what remains stays point-symmetric and a symmetric dot
//    (disc or ellipse) keeps its exact centre. A dot that runs into other darkness, or lies
//    under a soft shadow: the centre of the circle or ellipse fitted robustly to its
//    visible outline (outline/), graded by how much of the outline was seen and how well
//    it fits.
import type { Vec2 } from '../../types';
import type { RgbaImage } from '../raster/image';
import { segmentDot } from './segment';
import type { Segmented } from './segment';
import { DEFAULT_MAX_DIAMETER, limitsFrom, reject } from './types';
import type { DotLimits, DotLocation, DotSearch, LocateDotOptions } from './types';

/** The dot's centre and quality, or null when there is no dot near `near`. */
export function locateDot(
  image: RgbaImage,
  near: Vec2,
  options?: LocateDotOptions,
): DotLocation | null {
  const found = findDot(image, near, options);
  return found.ok ? { centre: found.centre, quality: found.quality } : null;
}

/**
 * As locateDot, but says why when there is no dot. The dot found near the click is located
 * again from its own centre, with a window fitted to its size, so the answer does not
 * depend on where around the dot the click landed.
 */
export function findDot(image: RgbaImage, near: Vec2, options?: LocateDotOptions): DotSearch {
  const o = limitsFrom(options);
  const first = segmentDot(image, near, o);
  if (!first.ok) return first;
  return settle(image, first, o);
}

/**
 * The dot whose middle and size are roughly known already (a detection candidate): the
 * same answer as a click on it, without the first, wide search.
 */
export function locateKnownDot(
  image: RgbaImage,
  middle: Vec2,
  diameter: number,
  elongation = 1,
): DotSearch {
  const o = limitsFrom({ minDiameter: Math.min(5, 0.5 * diameter) });
  const major = diameter * Math.sqrt(Math.max(1, elongation));
  const start: Segmented & { ok: true } = {
    ok: true,
    middle,
    major,
    minor: major / Math.max(1, elongation),
    finish: () => reject('no-dot'),
  };
  return settle(image, start, o);
}

/**
 * Segments again from the dot's own middle, in a window fitted to its size, until the
 * pixel that middle falls in repeats; then measures it. The answer thus does not depend on
 * where around the dot the search began.
 */
function settle(image: RgbaImage, first: Segmented & { ok: true }, o: DotLimits): DotSearch {
  let from = pixelCentre(first.middle);
  let latest = first;
  // Each pass's window depends only on the pixel the dot's middle fell in and on the dot's
  // size in coarse steps, so searches begun anywhere around the dot end in the same pass.
  for (let pass = 0; pass < 4; pass++) {
    const size = Math.max(DEFAULT_MAX_DIAMETER, 30 * Math.ceil((1.5 * latest.major + 10) / 30));
    const again = segmentDot(image, from, { ...o, radius: 2.5, maxDiameter: Math.min(400, size) });
    if (!again.ok) break;
    const next = pixelCentre(again.middle);
    latest = again;
    if (next[0] === from[0] && next[1] === from[1]) break;
    from = next;
  }
  return latest.finish();
}

function pixelCentre(p: Vec2): Vec2 {
  return [Math.floor(p[0]) + 0.5, Math.floor(p[1]) + 0.5];
}
