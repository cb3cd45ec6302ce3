// Flags on single points: a located fiducial in doubt after detection, tracking or marking
// the whole sequence ("Fiducial 2 (bottom-right) is hard to locate"). Each names its point
// and remembers where the point was when flagged, so the flag stays open until the user
// acts on that point (moves it, re-snaps it or keeps it) and then leaves every list.
import { dotIssues } from '../core/basics';
import type { DotQuality, MarkFinding, PointSlot, Vec2 } from '../core/index';

export interface PointFlag {
  imageId: string;
  slot: PointSlot;
  /** The sentence naming the point and what is in doubt. */
  text: string;
  /** Where the point sat when it was flagged. */
  at: Vec2;
}

/**
 * The flags of one image's located fiducials: one for each dot in doubt that the detection
 * or tracking named among its `reasons`.
 */
export function flagsOf(
  imageId: string,
  points: readonly (Vec2 | null)[],
  quality: readonly (DotQuality | null)[],
  reasons: readonly string[],
): PointFlag[] {
  const flags: PointFlag[] = [];
  for (const issue of dotIssues(quality)) {
    const at = points[issue.index];
    if (at && reasons.includes(issue.text)) {
      const slot: PointSlot = { kind: 'fiducial', index: issue.index };
      flags.push({ imageId, slot, text: issue.text, at: [at[0], at[1]] });
    }
  }
  return flags;
}

/** Whether a flag still stands: its point is where it was when flagged. */
export function flagStands(flag: PointFlag, now: Vec2 | null): boolean {
  return !!now && now[0] === flag.at[0] && now[1] === flag.at[1];
}

/** Whether a flag is about this slot of this image. */
export function flagIsOn(flag: PointFlag, imageId: string, slot: PointSlot): boolean {
  return flag.imageId === imageId && flag.slot.kind === slot.kind && flag.slot.index === slot.index;
}

/** The point a marking check is about: the first marker a stray-marker check names, else none. */
export function findingSlot(finding: MarkFinding | undefined): PointSlot | null {
  const marker = finding?.kind === 'stray' ? finding.markers[0] : undefined;
  return marker === undefined ? null : { kind: 'fiducial', index: marker };
}
