// One marker far from where the other four put it, a mis-click: each marker is left out in
// turn and predicted from the rest. A specimen that barrels misfits evenly over the markers
// and is not flagged.
import { FIDUCIAL_COUNT } from '../marks';
import type { Vec2 } from '../types';
import { applyAffine, fitAffine } from '../affineFit';
import type { AffineFit } from '../affineFit';
import { MARKER_NAMES } from './findings';
import type { MarkFinding, ResnapCandidate } from './findings';

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

/** Two significant digits, or whole units from 10 on: "0.75 mm", "1.8 mm", "12 px". */
function distanceText(px: number, mmPerPx: number | null): string {
  const [value, unit] = mmPerPx === null ? [px, 'px'] : [px * mmPerPx, 'mm'];
  const digits = value >= 10 ? value.toFixed(0) : String(Number(value.toPrecision(2)));
  return `${digits} ${unit}`;
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
    const predicted = applyAffine(fit, reference[k] as Vec2);
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
export function strayFinding(
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
    return { marker, at: applyAffine(fit, reference[marker] as Vec2) };
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
