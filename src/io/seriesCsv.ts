// A trend chart's plotted series as CSV: each point, with its uncertainty, the fitted line at
// its travel and the line's 95 % band there, and the reason when the fit left it out.
import { num, toCsv } from './csv';

/** One plotted point of a trend chart, with the fitted line and its 95 % band at its travel. */
export interface PlotSeriesRow {
  name: string;
  travel: number;
  value: number;
  /** ±1σ, or null when none was propagated. */
  uncertainty: number | null;
  fitted: number;
  bandLow: number;
  bandHigh: number;
  /** Why the fit left this point out, or null when the fit used it. */
  leftOut: string | null;
}

export const SERIES_CSV_COLUMNS = [
  'filename',
  'deformation_distance',
  'value',
  'uncertainty',
  'fitted',
  'band95_low',
  'band95_high',
  'left_out_of_fit',
] as const;

/** A chart's plotted series as CSV: each point, the line at its travel and the line's band. */
export function plotSeriesCsv(rows: readonly PlotSeriesRow[]): string {
  return toCsv(
    SERIES_CSV_COLUMNS,
    rows.map((r) => [
      r.name,
      num(r.travel),
      num(r.value),
      num(r.uncertainty),
      num(r.fitted),
      num(r.bandLow),
      num(r.bandHigh),
      r.leftOut ?? '',
    ]),
  );
}
