// What a marking check reports: the marks it reads, each finding in words a user can act
// on, and the fix it carries (README.md, "Checks while marking").
import type { Vec2 } from '../types';

/** One photo's marks as placed so far; empty slots are null. */
export interface MarkedPoints {
  fiducials: readonly (Vec2 | null)[];
  scalePoints: readonly (Vec2 | null)[];
}

/** Where the point-based fix of a stray marker puts it: the place the other markers predict. */
export interface ResnapCandidate {
  marker: number;
  at: Vec2;
}

export type MarkFix =
  /** New fiducial k is the old fiducial order[k] (the centre stays 4). */
  | { kind: 'reorder'; order: readonly number[]; label: string }
  /**
   * Snap the marker again at the predicted place. Two candidates when the positions alone
   * cannot tell which of two opposite corners is off: the photo decides (the one whose dot
   * is not where it is marked).
   */
  | { kind: 'resnap'; candidates: readonly ResnapCandidate[]; label: string };

export type MarkFindingKind = 'turned' | 'mirrored' | 'stray';

export interface MarkFinding {
  kind: MarkFindingKind;
  /** Stable for the same mistake, so a confirmation ("keep as marked") can name it. */
  key: string;
  /** A sentence saying what is wrong and what to do. */
  message: string;
  /** The same in a few words, for a table cell: "Corners turned 90°". */
  summary: string;
  /** The fiducials to draw highlighted. */
  markers: readonly number[];
  fix: MarkFix;
  /** Stray markers: how far the marker sits from where the others put it, px of this photo. */
  offsetPx?: number;
}

export interface MarkCheckOptions {
  /** The project's scale length (mm), to give distances in mm when the scale points are placed. */
  scaleLength?: number | null;
}

/** The corners' names in marker order, then the centre's. */
export const CORNER_NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;
export const MARKER_NAMES = [...CORNER_NAMES, 'centre'] as const;

/** Whether all `count` slots are placed. */
export function complete(
  points: readonly (Vec2 | null)[],
  count: number,
): points is readonly Vec2[] {
  return points.length === count && points.every((p) => p !== null);
}
