// Draws a trend chart on its canvas: creates the chart once chart.js has loaded (it is
// fetched on first use), then only updates its data. While the chart is off screen (the
// user is marking points above it) new data waits until it scrolls into view: redrawing
// three charts on every nudge of a point would cost tens of milliseconds of main-thread
// time for pictures nobody is looking at.
import type { Attachment } from 'svelte/attachments';
import type { StrainComponent } from '../../core/index';
import { loadTrendChart } from './loadTrendChart';
import type { ChartRegistry } from './series';
import type { TrendChartData, TrendChartHandle } from './trendChart';

export function trendPlot(
  /** The data to draw, read in an effect: the chart follows it. */
  data: () => TrendChartData | null,
  component: StrainComponent,
  /** Where the chart registers its PNG maker once drawn (the export panel's "Save plots"). */
  charts: ChartRegistry,
  onLoadError: () => void,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let handle: TrendChartHandle | undefined;
    let gone = false;
    let onScreen = true;
    let waiting: TrendChartData | null = null;
    const catchUp = () => {
      if (handle && waiting) handle.update(waiting);
      waiting = null;
    };
    const watcher =
      typeof IntersectionObserver === 'function'
        ? new IntersectionObserver((entries) => {
            onScreen = entries.some((entry) => entry.isIntersecting);
            if (onScreen) catchUp();
          })
        : null;
    watcher?.observe(canvas);
    const loading = loadTrendChart();
    $effect(() => {
      const current = data();
      if (!current) return;
      loading.then(
        (chartModule) => {
          if (gone) return;
          if (handle) {
            if (onScreen) handle.update(current);
            else waiting = current;
            return;
          }
          const created = chartModule.createTrendChart(canvas, current);
          handle = created;
          charts.set(component, () => {
            catchUp();
            return created.toPng();
          });
        },
        () => {
          if (!gone) onLoadError();
        },
      );
    });
    return () => {
      gone = true;
      watcher?.disconnect();
      charts.delete(component);
      handle?.destroy();
    };
  };
}
