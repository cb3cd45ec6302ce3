// A trend chart's plotted series as CSV: each point the fit used, with its uncertainty, the
// fitted line at its travel and the line's 95 % band there.
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
}

export const SERIES_CSV_COLUMNS = [
  'filename',
  'deformation_distance',
  'value',
  'uncertainty',
  'fitted',
  'band95_low',
  'band95_high',
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
    ]),
  );
}
