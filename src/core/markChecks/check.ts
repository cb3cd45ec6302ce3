// Marking mistakes caught while the points are placed: corners marked in an order turned
// or mirrored against the reference photo (order.ts), and one marker far from where the
// others put it (stray.ts). The geometry is in README.md, "Checks while marking".
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from '../marks';
import type { Vec2 } from '../types';
import { complete } from './findings';
import type { MarkCheckOptions, MarkFinding, MarkedPoints } from './findings';
import { explainedTurns, orderFinding } from './order';
import { strayFinding } from './stray';

/** Millimetres per pixel of a photo, when its scale points and the scale length are known. */
function millimetresPerPixel(photo: MarkedPoints, scaleLength: number | null | undefined) {
  const s = photo.scalePoints;
  if (!complete(s, SCALE_POINT_COUNT) || !(scaleLength && scaleLength > 0)) return null;
  const d = Math.hypot(
    (s[1] as Vec2)[0] - (s[0] as Vec2)[0],
    (s[1] as Vec2)[1] - (s[0] as Vec2)[1],
  );
  return d > 0 ? scaleLength / d : null;
}

/**
 * The marking mistake on a photo against the reference photo, or null: a corner order
 * turned by a quarter turn or more that the camera (the ruler's direction) does not
 * explain, a mirrored order, or one marker far from where the others put it. Order
 * mistakes show from three placed fiducials on; a stray marker needs all five. Nothing is
 * checked until the reference has all five.
 */
export function checkMarks(
  current: MarkedPoints,
  reference: MarkedPoints,
  options: MarkCheckOptions = {},
): MarkFinding | null {
  if (!complete(reference.fiducials, FIDUCIAL_COUNT)) return null;
  const ref = reference.fiducials;
  const order = orderFinding(current, ref, explainedTurns(current, reference));
  if (order) return order;
  if (!complete(current.fiducials, FIDUCIAL_COUNT)) return null;
  return strayFinding(current.fiducials, ref, millimetresPerPixel(current, options.scaleLength));
}

/**
 * The marking findings of a whole sequence against its reference photo (index into
 * `photos`). The reference itself is checked through the others: when most of them (two
 * at least) show the same mistake against it, the mistake is the reference's, so it is
 * flagged there (found against the first of them) and not on them.
 */
export function checkSequenceMarks(
  photos: readonly MarkedPoints[],
  referenceIndex: number,
  options: MarkCheckOptions = {},
  /** Checks one photo against the reference: checkMarks, or a caller's memory of its answers. */
  check: typeof checkMarks = checkMarks,
): (MarkFinding | null)[] {
  const reference = photos[referenceIndex];
  const findings: (MarkFinding | null)[] = photos.map(() => null);
  if (!reference) return findings;
  photos.forEach((photo, i) => {
    if (i !== referenceIndex) findings[i] = check(photo, reference, options);
  });
  const checked = photos.filter(
    (photo, i) => i !== referenceIndex && complete(photo.fiducials, FIDUCIAL_COUNT),
  ).length;
  const counts = new Map<string, number[]>();
  findings.forEach((finding, i) => {
    if (finding) counts.set(finding.key, [...(counts.get(finding.key) ?? []), i]);
  });
  for (const indices of counts.values()) {
    if (indices.length < 2 || indices.length * 2 <= checked) continue;
    const witness = photos[indices[0] as number] as MarkedPoints;
    const own = checkMarks(reference, witness, options);
    if (!own) continue;
    findings[referenceIndex] = own;
    for (const i of indices) findings[i] = null;
    break;
  }
  return findings;
}
