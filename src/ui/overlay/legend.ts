// The overlay's legend in words: what each stroke is, the arrows' scale, the misfit's
// magnification and the markers ringed as off their dot, the same on the page, on exported
// pictures and in the report.
import { MARKER_NAMES, OFF_DOT_SIGMAS } from '../../core/index';
import type { OffDotMarker, OverlayScales } from '../../core/index';
import { offDotDistanceText } from './offDotRings';

/** A strain value as the legend states it: "0.1", "0.02", "5e-4". */
function strainText(value: number): string {
  return value >= 1e-3 ? String(Number(value.toPrecision(3))) : value.toExponential(0);
}

/** Millimetres the legend's strain spans, as few digits as it needs. */
function mmText(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** The arrows' scale: "a strain of 0.1 draws as an arrow 12 mm long on the specimen". */
export function arrowScaleText(scales: OverlayScales): string {
  return `a strain of ${strainText(scales.legendStrain)} draws as an arrow ${mmText(scales.legendStrain * scales.arrowMmPerStrain)} mm long on the specimen`;
}

/** How the misfits' magnification was chosen: the default's rule, or the user's with the default beside it. */
function magnificationRuleText(scales: OverlayScales): string {
  const fitted = scales.fittedMisfitMagnification;
  return scales.misfitMagnification === fitted
    ? 'fitted: the median misfit drawn a tenth of the centre-to-corner distance'
    : `chosen; fitted ×${fitted}`;
}

function misfitLine(scales: OverlayScales): string {
  const m = scales.misfitMagnification;
  return `misfit of each marker against the fitted deformation, misfits ×${m}${m === 1 ? ', at their true length' : ''}`;
}

/** The misfits in words with their magnification: "…, misfits ×20 (fitted: …)". */
export function misfitText(scales: OverlayScales): string {
  return `${misfitLine(scales)} (${magnificationRuleText(scales)})`;
}

/** The ringed markers: "fiducial 2 (bottom-right) 10 px from its dot's centre". */
export function offDotText(offDot: readonly OffDotMarker[]): string {
  const each = offDot.map(
    (off) =>
      `fiducial ${off.marker} (${MARKER_NAMES[off.marker] ?? ''}) ${offDotDistanceText(off.distance)}`,
  );
  return `marker off its dot: ${each.join(', ')} from the centre located on it`;
}

/** How a ring is decided and what its line is, in words. */
export const OFF_DOT_RULE = `farther than ${OFF_DOT_SIGMAS} uncertainties of the two positions; the line from the located centre at its true length`;

/**
 * One line per stroke: the grid, stretch and shortening arrows, the misfits and how they are
 * magnified (two lines, so a picture's legend stays narrower than the picture).
 */
export function legendLines(scales: OverlayScales, offDot: readonly OffDotMarker[] = []): string[] {
  const rings =
    offDot.length > 0 ? [`Yellow dashed ring: ${offDotText(offDot)}`, `(${OFF_DOT_RULE})`] : [];
  return [
    'Grid: the reference marker square carried by the measured deformation F',
    `Orange, heads out: principal stretch (${arrowScaleText(scales)})`,
    'Blue, heads in: principal shortening (same scale)',
    `Magenta: ${misfitLine(scales)}`,
    `(${magnificationRuleText(scales)})`,
    ...rings,
  ];
}
