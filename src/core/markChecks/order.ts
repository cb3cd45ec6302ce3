// Corners marked in an order turned by a quarter turn or more, or mirrored, against the
// reference photo: found from the turn and the handedness of the affine map between the two
// photos' markers, and undone by the reordering of the corners that turns as the ruler did.
import { SCALE_POINT_COUNT } from '../marks';
import type { Vec2 } from '../types';
import { fitAffine, turnOf } from '../affineFit';
import type { AffineFit } from '../affineFit';
import { CORNER_NAMES, complete } from './findings';
import type { MarkFix, MarkedPoints } from './findings';

/** A turn of the marked corners counts as a quarter turn when within this of one (degrees). */
const TURN_TOLERANCE_DEG = 30;
/** Rotations of the corner order: new corner j is old corner (j + m) mod 4. */
const TURN_ORDERS: readonly (readonly number[])[] = [0, 1, 2, 3].map((m) => [
  ...[0, 1, 2, 3].map((j) => (j + m) % 4),
  4,
]);
/** Reflections of the corner order: new corner j is old corner (m - j) mod 4. */
const MIRROR_ORDERS: readonly (readonly number[])[] = [0, 1, 2, 3].map((m) => [
  ...[0, 1, 2, 3].map((j) => (m - j + 4) % 4),
  4,
]);

function angularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

/**
 * The turns the camera can explain: none, and the turn of the ruler between the scale
 * points when both photos have them. A turn of the markers alone is a marking mistake.
 */
export function explainedTurns(current: MarkedPoints, reference: MarkedPoints): number[] {
  const turns = [0];
  const cur = current.scalePoints;
  const ref = reference.scalePoints;
  if (complete(cur, SCALE_POINT_COUNT) && complete(ref, SCALE_POINT_COUNT)) {
    const angle = ([s0, s1]: readonly Vec2[]) =>
      Math.atan2((s1 as Vec2)[1] - (s0 as Vec2)[1], (s1 as Vec2)[0] - (s0 as Vec2)[0]);
    const turn = ((angle(cur) - angle(ref)) * 180) / Math.PI;
    turns.push((turn + 720) % 360);
  }
  return turns;
}

/** The affine fit of the reference's fiducials onto the current ones reordered, over the slots both have. */
function orderedFit(
  current: readonly (Vec2 | null)[],
  reference: readonly Vec2[],
  order: readonly number[],
): AffineFit | null {
  const from: Vec2[] = [];
  const to: Vec2[] = [];
  order.forEach((source, slot) => {
    const p = current[source];
    if (p) {
      from.push(reference[slot] as Vec2);
      to.push(p);
    }
  });
  return fitAffine(from, to);
}

/** A turned or mirrored corner order, with the reordering that undoes it. */
export function orderFinding(
  current: MarkedPoints,
  reference: readonly Vec2[],
  explained: number[],
) {
  const identity = orderedFit(current.fiducials, reference, TURN_ORDERS[0] as number[]);
  if (!identity) return null;
  const det = identity.a[0] * identity.a[3] - identity.a[1] * identity.a[2];
  const offBy = (fit: AffineFit) =>
    Math.min(...explained.map((e) => angularDistance(turnOf(fit.a), e)));
  const mirrored = det < 0;
  if (!mirrored && offBy(identity) <= TURN_TOLERANCE_DEG) return null;
  // The reordering whose map keeps the handedness and turns as the camera did.
  let best: { order: readonly number[]; off: number } | null = null;
  for (const order of mirrored ? MIRROR_ORDERS : TURN_ORDERS.slice(1)) {
    const fit = orderedFit(current.fiducials, reference, order);
    if (!fit || fit.a[0] * fit.a[3] - fit.a[1] * fit.a[2] <= 0) continue;
    const off = offBy(fit);
    if (!best || off < best.off) best = { order, off };
  }
  // A mirrored order is always a mistake; a turn is one only when a reordering undoes it.
  if (!best || (!mirrored && best.off > TURN_TOLERANCE_DEG)) return null;
  const order = best.order;
  // The corner the user marked first is the one the fix moves to slot 0's place.
  const start = order.indexOf(0);
  const startName = CORNER_NAMES[start] ?? 'top-left';
  const placed = [0, 1, 2, 3].filter((i) => current.fiducials[i]);
  const fix: MarkFix = { kind: 'reorder', order, label: 'Reorder corners' };
  if (mirrored) {
    return {
      kind: 'mirrored' as const,
      key: `mirrored-${start}`,
      summary: 'Corners mirrored',
      message: `Corners are marked anticlockwise, starting from the ${startName}: the order is mirrored against the reference photo. Reorder them clockwise from the top-left.`,
      markers: placed,
      fix,
    };
  }
  const turn = 90 * start;
  return {
    kind: 'turned' as const,
    key: `turned-${turn}`,
    summary: `Corners turned ${turn}°`,
    message: `Corners are marked starting from the ${startName}: the order is turned by ${turn}° against the reference photo. Reorder them from the top-left.`,
    markers: placed,
    fix,
  };
}
