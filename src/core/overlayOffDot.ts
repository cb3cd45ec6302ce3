// Markers off their dot: a fiducial whose mark sits farther from the centre located on its
// dot (by a snap, a detection or tracking) than the two positions' uncertainties allow. The
// overlay rings them. Unlike the misfit against F, which a specimen that deforms unevenly
// already fills with tens of pixels and which five markers share out over two corners, this
// compares each mark with its own dot, so a mark moved a few pixels off stands out alone.

import type { Vec2 } from './types';

/** Where a marker's dot was located, and how well (standard uncertainty, px per axis). */
export interface LocatedDot {
  centre: Vec2;
  uncertainty: number;
}

/** A marker whose mark is off its located dot, in the photo's pixels. */
export interface OffDotMarker {
  marker: number;
  /** The dot's centre as located. */
  located: Vec2;
  /** Where the marker is marked now. */
  marked: Vec2;
  /** From the located centre to the mark, px. */
  distance: number;
  /** The distance beyond which the mark counts as off its dot, px. */
  limit: number;
}

/**
 * Standard uncertainties (of the two positions combined, per axis) a mark may sit from its
 * located centre by chance: with both errors normal, a distance beyond three of them happens
 * about once in ninety (exp(-9/2)).
 */
export const OFF_DOT_SIGMAS = 3;

/**
 * The markers marked off their located dot. `located` holds each marker's located dot, or
 * null when none was located this session; `handPlaced` is the uncertainty of a point placed
 * or moved by hand, which a mark away from its located centre is.
 */
export function offDotMarkers(
  marked: readonly (Vec2 | null)[],
  located: readonly (LocatedDot | null)[],
  handPlaced: number,
): OffDotMarker[] {
  const off: OffDotMarker[] = [];
  marked.forEach((point, marker) => {
    const dot = located[marker];
    if (!point || !dot) return;
    const distance = Math.hypot(point[0] - dot.centre[0], point[1] - dot.centre[1]);
    const limit = OFF_DOT_SIGMAS * Math.hypot(dot.uncertainty, handPlaced);
    if (distance > limit) {
      off.push({ marker, located: dot.centre, marked: point, distance, limit });
    }
  });
  return off;
}
