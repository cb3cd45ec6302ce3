// Marking mistakes caught while the points are placed: corners marked in an order turned
// or mirrored against the reference photo, and one marker far from where the others put
// it. Each finding says what is wrong in words a user can act on and carries its fix.
// The geometry is in README.md, "Checks while marking".
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from './marks';
import type { Vec2 } from './types';

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

/** A turn of the marked corners counts as a quarter turn when within this of one (degrees). */
const TURN_TOLERANCE_DEG = 30;
/** A stray marker is at least this far (fraction of the marker spacing) from its prediction... */
const STRAY_MIN_FRACTION = 0.02;
/** ...and at least this many pixels: hand clicks scatter by about a pixel. */
const STRAY_MIN_PX = 3;
/**
 * The other markers, without it, must fit a homogeneous deformation this much better than
 * any set that keeps it: one mis-clicked marker carries the misfit alone, while a specimen
 * that barrels spreads it over all of them (on the 30 mm demo photo every such set misfits
 * within a factor 1.5 of the others).
 */
const STRAY_CONTRAST = 0.3;
/** Without the stray marker, the rest fit to about clicking precision (px, or of the spacing). */
const STRAY_REST_PX = 1.5;
const STRAY_REST_FRACTION = 0.006;

const CORNER_NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;
const MARKER_NAMES = [...CORNER_NAMES, 'centre'] as const;

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

/** The least-squares affine map p -> A p + t between paired points. */
interface AffineFit {
  a: [number, number, number, number];
  t: Vec2;
  /** RMS of the misfit vectors, in the units of the target points. */
  rms: number;
}

function fitAffine(from: readonly Vec2[], to: readonly Vec2[]): AffineFit | null {
  const n = from.length;
  if (n < 3) return null;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    fx += (from[i] as Vec2)[0];
    fy += (from[i] as Vec2)[1];
    tx += (to[i] as Vec2)[0];
    ty += (to[i] as Vec2)[1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  // Normal equations about the centroids: A G = B with G = sum r r^T, B = sum c r^T.
  let gxx = 0;
  let gxy = 0;
  let gyy = 0;
  let b00 = 0;
  let b01 = 0;
  let b10 = 0;
  let b11 = 0;
  for (let i = 0; i < n; i++) {
    const rx = (from[i] as Vec2)[0] - fx;
    const ry = (from[i] as Vec2)[1] - fy;
    const cx = (to[i] as Vec2)[0] - tx;
    const cy = (to[i] as Vec2)[1] - ty;
    gxx += rx * rx;
    gxy += rx * ry;
    gyy += ry * ry;
    b00 += cx * rx;
    b01 += cx * ry;
    b10 += cy * rx;
    b11 += cy * ry;
  }
  const g = gxx * gyy - gxy * gxy;
  // Collinear (or coincident) points leave the map undecided.
  if (!(g > 1e-12 * (gxx + gyy) ** 2)) return null;
  const a: AffineFit['a'] = [
    (b00 * gyy - b01 * gxy) / g,
    (b01 * gxx - b00 * gxy) / g,
    (b10 * gyy - b11 * gxy) / g,
    (b11 * gxx - b10 * gxy) / g,
  ];
  const t: Vec2 = [tx - a[0] * fx - a[1] * fy, ty - a[2] * fx - a[3] * fy];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const [px, py] = apply({ a, t }, from[i] as Vec2);
    sum += ((to[i] as Vec2)[0] - px) ** 2 + ((to[i] as Vec2)[1] - py) ** 2;
  }
  return { a, t, rms: Math.sqrt(sum / n) };
}

function apply(fit: Pick<AffineFit, 'a' | 't'>, p: Vec2): Vec2 {
  const { a, t } = fit;
  return [a[0] * p[0] + a[1] * p[1] + t[0], a[2] * p[0] + a[3] * p[1] + t[1]];
}

/** The turn (degrees in [0, 360), from +x towards +y) of the rotation in A's polar decomposition. */
function turnOf(a: AffineFit['a']): number {
  const degrees = (Math.atan2(a[2] - a[1], a[0] + a[3]) * 180) / Math.PI;
  return (degrees + 360) % 360;
}

function angularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
}

function complete(points: readonly (Vec2 | null)[], count: number): points is readonly Vec2[] {
  return points.length === count && points.every((p) => p !== null);
}

/**
 * The turns the camera can explain: none, and the turn of the ruler between the scale
 * points when both photos have them. A turn of the markers alone is a marking mistake.
 */
function explainedTurns(current: MarkedPoints, reference: MarkedPoints): number[] {
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

/** Two significant digits, or whole units from 10 on: "0.75 mm", "1.8 mm", "12 px". */
function distanceText(px: number, mmPerPx: number | null): string {
  const [value, unit] = mmPerPx === null ? [px, 'px'] : [px * mmPerPx, 'mm'];
  const digits = value >= 10 ? value.toFixed(0) : String(Number(value.toPrecision(2)));
  return `${digits} ${unit}`;
}

/** A turned or mirrored corner order, with the reordering that undoes it. */
function orderFinding(current: MarkedPoints, reference: readonly Vec2[], explained: number[]) {
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

/** The corner opposite a corner; the centre has none. */
function opposite(marker: number): number | null {
  return marker < 4 ? (marker + 2) % 4 : null;
}

/** How the misfit of a homogeneous deformation splits over the markers (all five placed). */
export interface MisfitSpread {
  /** The marker that, left out, leaves the others fitting far better; null when the misfit is even. */
  marker: number | null;
  /** The opposite corner when the positions cannot tell it from `marker`. */
  partner: number | null;
  /** How far each marker is from where the other four put it, px of the current photo. */
  offsets: number[];
  /** RMS misfit of the other four with each marker left out, px. */
  restRms: number[];
  /** RMS distance of the corners from the centre, px: the marker spacing. */
  spacing: number;
}

/**
 * Leaves each marker out in turn, fits the affine map of the other four and sees where it
 * puts the one left out. One mis-clicked marker stands out: without it the rest fit to
 * clicking precision, with it every set misfits. A specimen that barrels misfits evenly.
 * For markers at a parallelogram's corners and its centre, a corner and the opposite one
 * leave the same misfit (moving one or the other differs by an affine map), so both are
 * named unless the shape tells them apart.
 */
export function misfitSpread(
  current: readonly Vec2[],
  reference: readonly Vec2[],
): MisfitSpread | null {
  if (current.length !== FIDUCIAL_COUNT || reference.length !== FIDUCIAL_COUNT) return null;
  const offsets: number[] = [];
  const restRms: number[] = [];
  for (let k = 0; k < FIDUCIAL_COUNT; k++) {
    const others = [0, 1, 2, 3, 4].filter((i) => i !== k);
    const fit = fitAffine(
      others.map((i) => reference[i] as Vec2),
      others.map((i) => current[i] as Vec2),
    );
    if (!fit) return null;
    const predicted = apply(fit, reference[k] as Vec2);
    offsets.push(
      Math.hypot((current[k] as Vec2)[0] - predicted[0], (current[k] as Vec2)[1] - predicted[1]),
    );
    restRms.push(fit.rms);
  }
  const centre = current[4] as Vec2;
  const spacing = Math.sqrt(
    [0, 1, 2, 3].reduce(
      (sum, i) =>
        sum +
        ((current[i] as Vec2)[0] - centre[0]) ** 2 +
        ((current[i] as Vec2)[1] - centre[1]) ** 2,
      0,
    ) / 4,
  );
  let marker = 0;
  for (let k = 1; k < FIDUCIAL_COUNT; k++)
    if ((restRms[k] as number) < (restRms[marker] as number)) marker = k;
  const partner = opposite(marker);
  const rest = restRms[marker] as number;
  const rivals = [0, 1, 2, 3, 4].filter((i) => i !== marker && i !== partner);
  const stands = rest <= STRAY_CONTRAST * Math.min(...rivals.map((i) => restRms[i] as number));
  const tied = partner !== null && rest >= STRAY_CONTRAST * (restRms[partner] as number);
  return {
    marker: stands ? marker : null,
    partner: stands && tied ? partner : null,
    offsets,
    restRms,
    spacing,
  };
}

/** One marker far from where the other four put it (a mis-click), with its re-snap. */
function strayFinding(
  current: readonly Vec2[],
  reference: readonly Vec2[],
  mmPerPx: number | null,
): MarkFinding | null {
  const spread = misfitSpread(current, reference);
  if (!spread || spread.marker === null) return null;
  const k = spread.marker;
  const offset = spread.offsets[k] as number;
  const rest = spread.restRms[k] as number;
  if (offset < Math.max(STRAY_MIN_PX, STRAY_MIN_FRACTION * spread.spacing)) return null;
  if (rest > Math.max(STRAY_REST_PX, STRAY_REST_FRACTION * spread.spacing)) return null;
  const markers =
    spread.partner === null ? [k] : [Math.min(k, spread.partner), Math.max(k, spread.partner)];
  const candidates = markers.map((marker): ResnapCandidate => {
    const others = [0, 1, 2, 3, 4].filter((i) => i !== marker);
    const fit = fitAffine(
      others.map((i) => reference[i] as Vec2),
      others.map((i) => current[i] as Vec2),
    ) as AffineFit;
    return { marker, at: apply(fit, reference[marker] as Vec2) };
  });
  const distance = distanceText(offset, mmPerPx);
  // Below what the message can show, the others simply agree.
  const agree = rest * (mmPerPx ?? 1) < 0.05 ? '' : ` within ${distanceText(rest, mmPerPx)}`;
  const name = (i: number) => `fiducial ${i} (${MARKER_NAMES[i] ?? ''})`;
  const [first, second] = markers as [number, number | undefined];
  const message =
    second === undefined
      ? `Fiducial ${first} (${MARKER_NAMES[first]}) sits ${distance} from where the other four put it, while they agree with each other${agree}. Re-snap it, or move it onto its dot.`
      : `Fiducial ${first} (${MARKER_NAMES[first]}) or ${name(second)} sits ${distance} from where the other markers put it; the positions alone cannot tell which. Re-snap looks at the photo to find the one off its dot.`;
  return {
    kind: 'stray',
    key: `stray-${markers.join('-')}`,
    summary: `Fiducial ${markers.join(' or ')} off`,
    message,
    markers,
    offsetPx: offset,
    fix: {
      kind: 'resnap',
      candidates,
      label:
        second === undefined
          ? `Re-snap fiducial ${first}`
          : `Re-snap fiducial ${first} or ${second}`,
    },
  };
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
): (MarkFinding | null)[] {
  const reference = photos[referenceIndex];
  const findings: (MarkFinding | null)[] = photos.map(() => null);
  if (!reference) return findings;
  photos.forEach((photo, i) => {
    if (i !== referenceIndex) findings[i] = checkMarks(photo, reference, options);
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
