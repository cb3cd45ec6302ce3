// Loads the chart.js module once, on first use, so chart.js is a separate chunk
// fetched only when there is a trend to plot.
import type * as TrendChartModule from './trendChart';

let loading: Promise<typeof TrendChartModule> | undefined;

export function loadTrendChart(): Promise<typeof TrendChartModule> {
  loading ??= import('./trendChart');
  // A failed load (offline before the chunk was cached) may succeed on the next try.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
