// The point slots of one image in the user's words (names, labels, placing order) and the
// screen-space hit test that decides whether a click grabs a point or places a new one.
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from '../../core/basics';
import type { MarkFinding, PointSlot, Vec2 } from '../../core/index';
import { asImagePoint, imageToScreen } from '../../state/viewport';
import type { ImagePoint, InSpace, Viewport } from '../../state/viewport';

/** Where each fiducial sits on the specimen, as seen in the photo (docs/science.md, "Markers"). */
export const FIDUCIAL_POSITIONS = [
  'top-left',
  'top-right',
  'bottom-right',
  'bottom-left',
  'centre',
] as const;

/** Every slot in placing order: fiducials 0-4, then scale points 1-2. */
export const ALL_SLOTS: readonly PointSlot[] = [
  ...Array.from({ length: FIDUCIAL_COUNT }, (_, index) => ({ kind: 'fiducial' as const, index })),
  ...Array.from({ length: SCALE_POINT_COUNT }, (_, index) => ({ kind: 'scale' as const, index })),
];

export function sameSlot(
  a: PointSlot | null | undefined,
  b: PointSlot | null | undefined,
): boolean {
  return !!a && !!b && a.kind === b.kind && a.index === b.index;
}

/** The short mark drawn next to a point: "0".."4" for fiducials, "S1"/"S2" for scale points. */
export function slotMark(slot: PointSlot): string {
  return slot.kind === 'fiducial' ? String(slot.index) : `S${slot.index + 1}`;
}

/** The number shown in the point table: 0-4 for fiducials, 1-2 for scale points. */
export function slotNumber(slot: PointSlot): number {
  return slot.kind === 'fiducial' ? slot.index : slot.index + 1;
}

export function fiducialPosition(index: number): string {
  return FIDUCIAL_POSITIONS[index] ?? '';
}

/** "fiducial 2 (bottom-right)" or "scale point S1". */
export function slotName(slot: PointSlot): string {
  return slot.kind === 'fiducial'
    ? `fiducial ${slot.index} (${fiducialPosition(slot.index)})`
    : `scale point ${slotMark(slot)}`;
}

/** A placed point of the open image. */
export interface PlacedMarker {
  slot: PointSlot;
  point: ImagePoint;
}

export function placedMarkers(image: {
  fiducials: readonly (Vec2 | null)[];
  scalePoints: readonly (Vec2 | null)[];
}): PlacedMarker[] {
  const markers: PlacedMarker[] = [];
  for (const slot of ALL_SLOTS) {
    const point = (slot.kind === 'fiducial' ? image.fiducials : image.scalePoints)[slot.index];
    if (point) markers.push({ slot, point: asImagePoint(point) });
  }
  return markers;
}

/** Screen pixels around a point that grab it (larger for fingers). */
export const HIT_RADIUS = 12;
export const TOUCH_HIT_RADIUS = 22;

/**
 * The marker nearest to a screen point within `radius` screen pixels, or null. Tested in
 * screen space so a point is as easy to grab at any zoom.
 */
export function hitTest(
  markers: readonly PlacedMarker[],
  v: Viewport,
  screen: InSpace<'screen'>,
  radius = HIT_RADIUS,
): PointSlot | null {
  let best: PointSlot | null = null;
  let bestDistance = radius;
  for (const marker of markers) {
    const [x, y] = imageToScreen(v, marker.point);
    const distance = Math.hypot(x - screen[0], y - screen[1]);
    if (distance <= bestDistance) {
      best = marker.slot;
      bestDistance = distance;
    }
  }
  return best;
}

/** The fiducials a marking check flags, and where the other markers put a stray one. */
export interface FlaggedMarkers {
  markers: PlacedMarker[];
  /** Predicted places of a stray fiducial (one, or two when either of two may be off). */
  predicted: ImagePoint[];
}

export function flaggedMarkers(
  image: { fiducials: readonly (Vec2 | null)[] },
  finding: MarkFinding | undefined,
): FlaggedMarkers | undefined {
  if (!finding) return undefined;
  const markers: PlacedMarker[] = [];
  for (const index of finding.markers) {
    const point = image.fiducials[index];
    if (point) markers.push({ slot: { kind: 'fiducial', index }, point: asImagePoint(point) });
  }
  const predicted =
    finding.fix.kind === 'resnap' ? finding.fix.candidates.map((c) => asImagePoint(c.at)) : [];
  return { markers, predicted };
}

/** The points of a proposal (detected or carried over) as markers: fiducials, then S1, S2. */
export function proposedMarkers(proposal: {
  points: readonly Vec2[];
  scalePoints?: readonly (Vec2 | null)[] | null;
}): PlacedMarker[] {
  const markers: PlacedMarker[] = proposal.points.map((point, index) => ({
    slot: { kind: 'fiducial', index },
    point: asImagePoint(point),
  }));
  proposal.scalePoints?.forEach((point, index) => {
    if (point) markers.push({ slot: { kind: 'scale', index }, point: asImagePoint(point) });
  });
  return markers;
}
