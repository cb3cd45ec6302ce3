// Draws a strain path plot on its canvas: creates it once chart.js has loaded, then only
// updates its data as the analysis or the measure changes.
import type { Attachment } from 'svelte/attachments';
import { loadStrainPathChart } from './loadStrainPathChart';
import type { PlotData, PlotHandle } from './strainPathChart';

export function plotAttachment(
  /** The data to draw, read in an effect: the plot follows it. */
  data: () => PlotData,
  /** Receives the plot once drawn (to make a point active from the keys), null once gone. */
  onHandle: (handle: PlotHandle | null) => void,
  onLoadError: () => void,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    let handle: PlotHandle | undefined;
    let gone = false;
    const loading = loadStrainPathChart();
    $effect(() => {
      const current = data();
      loading.then(
        (chartModule) => {
          if (gone) return;
          if (handle) {
            handle.update(current);
            return;
          }
          handle = chartModule.createPlot(canvas, current);
          onHandle(handle);
        },
        () => {
          if (!gone) onLoadError();
        },
      );
    });
    return () => {
      gone = true;
      onHandle(null);
      handle?.destroy();
    };
  };
}
