// Loads the strain path's chart.js module once, on first use: chart.js comes in a chunk of
// its own, shared with the trend plots, fetched only when there is something to plot.
import type * as StrainPathChartModule from './strainPathChart';

let loading: Promise<typeof StrainPathChartModule> | undefined;

export function loadStrainPathChart(): Promise<typeof StrainPathChartModule> {
  loading ??= import('./strainPathChart');
  // A failed load (offline before the chunk was cached) may succeed on the next try.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
