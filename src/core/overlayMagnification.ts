// How many times the overlay draws each marker's misfit longer than it is, by default. The
// misfits of a good marking are of the size of the clicking scatter (a pixel or less), so at
// their true length they vanish beside a marker square hundreds of pixels wide; one
// mis-clicked marker misfits several times more. The factor is set so that the sequence's
// typical (median) misfit draws as a short but readable arrow, a tenth of the
// centre-to-corner distance; a mis-click then draws as many times longer as it misfits
// more. Two limits keep a good marking readable: the longest misfit draws at most 0.6 of
// the centre-to-corner distance (it cannot reach the centre marker or run far off the
// square), and a misfit smaller than the points' stated uncertainty is not magnified as
// if it meant something (the typical misfit is taken as at least that uncertainty).
// Where the specimen itself deforms unevenly (a block that barrels), its misfits are
// already a sizeable part of the spacing, the factor comes out ×1, and a mis-click of a
// few pixels adds little to them: no factor can show it by length there.

/** The typical (median) misfit draws this long, as a fraction of the centre-to-corner distance. */
export const TYPICAL_MISFIT_REACH = 0.1;
/** The longest misfit draws at most this long, as a fraction of the centre-to-corner distance. */
export const LONGEST_MISFIT_REACH = 0.6;
/**
 * Without stated point uncertainties, misfits under this fraction of the centre-to-corner
 * distance count as clicking scatter: half a pixel on a marker square 1000 px across.
 */
export const SCATTER_FRACTION = 5e-4;

/** The largest 1, 2 or 5 times a power of ten not above `value` (value > 0). */
export function roundDownNicely(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const mantissa = value / power;
  const step = mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1;
  return step * power;
}

/** The misfits a magnification is chosen from, all in one length unit (mm on the specimen). */
export interface MisfitSample {
  /** The corner markers' misfit lengths over the sequence, photos compared with themselves left out. */
  lengths: readonly number[];
  /** Mean centre-to-corner distance of the marker square. */
  spacing: number;
  /** The corner markers' stated uncertainties over the sequence; empty when the marks state none. */
  uncertainties: readonly number[];
}

/** The middle value, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The default misfit magnification: the median misfit (at least the median stated
 * uncertainty, or SCATTER_FRACTION of the spacing without one)
 * drawn TYPICAL_MISFIT_REACH of the spacing, unless that draws the longest one beyond
 * LONGEST_MISFIT_REACH of it; rounded down to 1, 2 or 5 times a power of ten, never below 1.
 */
export function defaultMisfitMagnification({
  lengths,
  spacing,
  uncertainties,
}: MisfitSample): number {
  if (!(spacing > 0)) return 1;
  const stated = uncertainties.length ? median(uncertainties) : 0;
  const scatter = stated > 0 ? stated : SCATTER_FRACTION * spacing;
  const typical = Math.max(lengths.length ? median(lengths) : 0, scatter);
  const longest = Math.max(0, ...lengths);
  const forTypical = (TYPICAL_MISFIT_REACH * spacing) / typical;
  const forLongest = longest > 0 ? (LONGEST_MISFIT_REACH * spacing) / longest : Infinity;
  return Math.max(1, roundDownNicely(Math.min(forTypical, forLongest)));
}
