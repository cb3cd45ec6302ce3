// What a trend chart draws, from the worker's fit: the points with their error bars, the
// fitted line across the data it was fitted to, the line's 95 % confidence band (one cheap
// core call per travel, microseconds), and apart from them the images left out of the fit.
import { confidenceBand } from '../../core/index';
import type { LinearRegression } from '../../core/index';
import type { PlotSeriesRow } from '../../io/exports';
import { fittedPoints } from './series';
import type { TrendPoint } from './series';
import type { TrendChartData } from './trendChart';

/** Travels at which the band is drawn: enough that its curved edges look smooth. */
const BAND_STEPS = 40;

export function trendChartData(
  regression: LinearRegression,
  /** Every plotted image, those left out of the fit included. */
  plotted: readonly TrendPoint[],
  /** Each fitted point's ±1σ, or null to draw no error bars. */
  errors: number[] | null,
  name: string,
  measureLabel: string,
  /** The fit's equation and statistics, drawn on the exported picture. */
  stats: string[] = [],
): TrendChartData {
  const points = fittedPoints(plotted);
  const leftOut = plotted.filter((p) => p.leftOut !== undefined);
  const travels = points.map((p) => p.x);
  const ends = [Math.min(...travels), Math.max(...travels)];
  const [from, to] = ends as [number, number];
  const travelsAcross = Array.from(
    { length: BAND_STEPS + 1 },
    (_, k) => from + ((to - from) * k) / BAND_STEPS,
  );
  const edges = travelsAcross.map((x) => ({ x, band: confidenceBand(regression, x) }));
  const finite = edges.every((e) => Number.isFinite(e.band[0]) && Number.isFinite(e.band[1]));
  return {
    title: `${name} against press travel`,
    stats,
    xLabel: 'Press travel d (mm)',
    yLabel: `${name}, ${measureLabel}`,
    points: points.map((p) => ({ x: p.x, y: p.y })),
    leftOut: leftOut.map((p) => ({ x: p.x, y: p.y })),
    ...(errors ? { errors } : {}),
    // Plotting the worker's line at the two ends of the data.
    line: ends.map((x) => ({ x, y: regression.slope * x + regression.intercept })),
    ...(finite
      ? {
          band: {
            low: edges.map((e) => ({ x: e.x, y: e.band[0] })),
            high: edges.map((e) => ({ x: e.x, y: e.band[1] })),
          },
        }
      : {}),
  };
}

/**
 * What a chart plots, point by point, for its CSV: the data, the line and the band at each
 * point's travel, and why a point was left out of the fit.
 */
export function seriesRows(
  regression: LinearRegression,
  points: readonly TrendPoint[],
): PlotSeriesRow[] {
  return points.map((p) => {
    const [bandLow, bandHigh] = confidenceBand(regression, p.x);
    return {
      name: p.name,
      travel: p.x,
      value: p.y,
      uncertainty: p.sigma ?? null,
      fitted: regression.slope * p.x + regression.intercept,
      bandLow,
      bandHigh,
      leftOut: p.leftOut ?? null,
    };
  });
}
