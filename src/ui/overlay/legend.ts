// The overlay's legend in words: what each stroke is, the arrows' scale and the misfit's
// magnification, the same on the page, on exported pictures and in the report.
import type { OverlayScales } from '../../core/index';

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

/**
 * The misfits' magnification and how it was chosen: "misfits ×20 (fitted: ...)", or the
 * user's own with the fitted one beside it.
 */
export function misfitText(scales: OverlayScales): string {
  const m = scales.misfitMagnification;
  const fitted = scales.fittedMisfitMagnification;
  const how =
    m === fitted
      ? 'fitted: the median misfit drawn a tenth of the centre-to-corner distance'
      : `chosen; fitted ×${fitted}`;
  return `misfit of each marker against the fitted deformation, misfits ×${m}${m === 1 ? ', at their true length' : ''} (${how})`;
}

/** One line per stroke: the grid, stretch and shortening arrows, the misfits. */
export function legendLines(scales: OverlayScales): string[] {
  return [
    'Grid: the reference marker square carried by the measured deformation F',
    `Orange, heads out: principal stretch (${arrowScaleText(scales)})`,
    'Blue, heads in: principal shortening (same scale)',
    `Magenta: ${misfitText(scales)}`,
  ];
}
