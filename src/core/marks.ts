// The marks a user places on one image and what they add up to: the fixed
// placing order (fiducials 0-4, then scale points 1-2) and the image status.
import type { Vec2 } from './types';

export const FIDUCIAL_COUNT = 5;
export const SCALE_POINT_COUNT = 2;

export type PointKind = 'fiducial' | 'scale';

/** Identifies one marker slot: a fiducial 0-4 or a scale point 0-1. */
export interface PointSlot {
  kind: PointKind;
  index: number;
}

/** One image's marks, in full-resolution image pixels, as the analysis takes them. */
export interface ImageMarks {
  name: string;
  /** Five fiducials in marker order 0..4 (top-left, top-right, bottom-right, bottom-left, centre). */
  fiducials: readonly Vec2[];
  scalePoints: readonly [Vec2, Vec2];
  /** Press travel ("deformation distance") in mm, or null when not entered. */
  pressTravel: number | null;
  /**
   * Standard uncertainty (px, per axis, isotropic) of each fiducial, in marker
   * order. With scaleUncertainty, lets the analysis give each strain its ±.
   */
  fiducialUncertainty?: readonly number[];
  /** Standard uncertainty (px, per axis) of the two scale points. */
  scaleUncertainty?: readonly [number, number];
  /**
   * Set when the user leaves this photo out of the trend fits, with their reason: its
   * strain is still computed, the fits use the other photos.
   */
  leftOut?: { reason: string } | null;
}

/** One image's marks while they are placed; empty slots are null so a deleted point keeps its number. */
export interface ImageMarksDraft {
  fiducials: (Vec2 | null)[];
  scalePoints: (Vec2 | null)[];
  pressTravel: number | null;
}

/**
 * 'check-marks' is not the original's: a photo whose marks a marking check flags (a turned
 * or mirrored corner order, a stray marker) until the user fixes or confirms them.
 */
export type ImageStatus =
  'missing' | 'incomplete' | 'missing-distance' | 'complete' | 'check-marks';

/** The original app's wording, kept so users recognise it. */
export const IMAGE_STATUS_LABELS: Readonly<Record<ImageStatus, string>> = {
  missing: 'Missing',
  incomplete: 'Incomplete',
  'missing-distance': 'Missing Distance',
  complete: 'Complete',
  'check-marks': 'Check marks',
};

export function emptyMarks(): ImageMarksDraft {
  return {
    fiducials: Array.from({ length: FIDUCIAL_COUNT }, () => null),
    scalePoints: Array.from({ length: SCALE_POINT_COUNT }, () => null),
    pressTravel: null,
  };
}

export function countPlaced(points: readonly (Vec2 | null)[]): number {
  return points.filter((p) => p !== null).length;
}

/** The slot the next click fills: the first empty fiducial, then the first empty scale point. */
export function nextEmptySlot(marks: ImageMarksDraft): PointSlot | null {
  const f = marks.fiducials.findIndex((p) => p === null);
  if (f >= 0) return { kind: 'fiducial', index: f };
  const s = marks.scalePoints.findIndex((p) => p === null);
  if (s >= 0) return { kind: 'scale', index: s };
  return null;
}

/**
 * Status as the original defined it: Missing (no points), Incomplete (not all
 * 5 + 2 points), Missing Distance (all points, no press travel), Complete.
 */
export function imageStatus(marks: ImageMarksDraft): ImageStatus {
  const fiducials = countPlaced(marks.fiducials);
  const scale = countPlaced(marks.scalePoints);
  if (fiducials + scale === 0) return 'missing';
  if (fiducials < FIDUCIAL_COUNT || scale < SCALE_POINT_COUNT) return 'incomplete';
  if (marks.pressTravel === null || !Number.isFinite(marks.pressTravel)) return 'missing-distance';
  return 'complete';
}

/** The status shown for an image: a marking check not fixed or confirmed comes first. */
export function flaggedStatus(marks: ImageMarksDraft, flagged: boolean): ImageStatus {
  return flagged ? 'check-marks' : imageStatus(marks);
}

/** What the user still has to do on this image, in words; empty when complete. */
export function missingWork(marks: ImageMarksDraft): string[] {
  const todo: string[] = [];
  const missingFiducials = marks.fiducials
    .map((p, i) => (p === null ? i : -1))
    .filter((i) => i >= 0);
  if (missingFiducials.length > 0) {
    todo.push(
      `place fiducial${missingFiducials.length > 1 ? 's' : ''} ${missingFiducials.join(', ')}`,
    );
  }
  const missingScale = SCALE_POINT_COUNT - countPlaced(marks.scalePoints);
  if (missingScale > 0)
    todo.push(`place ${missingScale} scale point${missingScale > 1 ? 's' : ''}`);
  if (marks.pressTravel === null) todo.push('enter the press travel');
  return todo;
}
