// The chart.js side of the strain path view, imported on demand (chart.js stays out of the
// first load): major against minor strain with the reference paths, and e1, e2 and the
// equivalent strain against press travel. Each canvas carries what it plots as
// data-points (JSON), so what is on the picture can be read back without reading pixels;
// a point made active (by the pointer or by the keys) shows its photo and travel.
import { Chart } from '../results/chartParts';
import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';

/** One plotted point, with what its tooltip names. */
export interface PathXY {
  x: number;
  y: number;
  /** "step-15mm.png, d = 15 mm": the photo and its travel. */
  label: string;
}

export interface PlotSeries {
  label: string;
  points: PathXY[];
  /** A reference line: dashed, no points, not announced as measured. */
  reference?: boolean;
}

export interface PlotData {
  xLabel: string;
  yLabel: string;
  series: PlotSeries[];
}

export interface PlotHandle {
  update(data: PlotData): void;
  /** Makes the measured point `index` of the first series active (tooltip shown); null clears. */
  activate(index: number | null): void;
  destroy(): void;
}

/** Colours readable on the light and the dark page alike; dashes tell the lines apart too. */
const MEASURED = ['#d9480f', '#1c7ed6', '#2b8a3e'];
const REFERENCE = ['#868e96', '#5c940d', '#ae3ec9', '#e67700', '#0c8599'];
const DASHES = [
  [6, 4],
  [2, 3],
  [10, 4, 2, 4],
  [4, 4],
  [12, 6],
];

function dataset(
  series: PlotSeries,
  i: number,
  referenceIndex: number,
): ChartDataset<'scatter', PathXY[]> {
  const colour = series.reference
    ? (REFERENCE[referenceIndex % REFERENCE.length] as string)
    : (MEASURED[i % MEASURED.length] as string);
  return {
    type: 'scatter',
    label: series.label,
    data: series.points,
    showLine: true,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: series.reference ? 1.5 : 2.5,
    borderDash: series.reference ? DASHES[referenceIndex % DASHES.length] : [],
    pointRadius: series.reference ? 0 : 4,
    pointHoverRadius: series.reference ? 0 : 7,
    pointHitRadius: series.reference ? 0 : 6,
  };
}

function datasets(data: PlotData): ChartDataset<'scatter', PathXY[]>[] {
  let references = 0;
  let measured = 0;
  return data.series.map((series) =>
    series.reference ? dataset(series, 0, references++) : dataset(series, measured++, 0),
  );
}

function textColour(canvas: HTMLCanvasElement): string {
  return getComputedStyle(canvas).getPropertyValue('--color-text').trim() || '#1b1d21';
}

/** Gives the axes, their titles and the legend the page's text colour (light or dark theme). */
function applyTextColour(chart: Chart<'scatter', PathXY[]>, text: string): void {
  const { options } = chart;
  options.color = text;
  for (const scale of [options.scales?.x, options.scales?.y]) {
    if (!scale) continue;
    scale.ticks = { ...scale.ticks, color: text };
    if ('title' in scale && scale.title) scale.title.color = text;
  }
  const labels = options.plugins?.legend?.labels;
  if (labels) labels.color = text;
}

function configuration(
  data: PlotData,
  canvas: HTMLCanvasElement,
): ChartConfiguration<'scatter', PathXY[]> {
  const text = textColour(canvas);
  const axis = (title: string) => ({
    type: 'linear' as const,
    title: { display: true, text: title, color: text },
    ticks: { color: text },
    grid: { color: 'rgba(128, 128, 128, 0.3)' },
  });
  return {
    type: 'scatter',
    data: { datasets: datasets(data) },
    options: {
      animation: false,
      responsive: true,
      aspectRatio: 1.25,
      color: text,
      scales: { x: axis(data.xLabel), y: axis(data.yLabel) },
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { color: text, usePointStyle: false } },
        tooltip: {
          filter: (item) => !data.series[item.datasetIndex]?.reference,
          callbacks: {
            label: (item: TooltipItem<'scatter'>) => {
              const point = item.raw as PathXY;
              return `${point.label}: ${item.dataset.label ?? ''} (${point.x.toPrecision(3)}, ${point.y.toPrecision(4)})`;
            },
          },
        },
      },
    },
  };
}

function publish(canvas: HTMLCanvasElement, data: PlotData): void {
  canvas.dataset.points = JSON.stringify(
    data.series.map((series) => ({
      label: series.label,
      reference: Boolean(series.reference),
      points: series.points,
    })),
  );
}

/** Where the canvas cannot draw (no 2D context): the data is still published, nothing drawn. */
function unpainted(canvas: HTMLCanvasElement, initial: PlotData): PlotHandle {
  publish(canvas, initial);
  return {
    update: (data) => publish(canvas, data),
    activate: () => undefined,
    destroy: () => undefined,
  };
}

export function createPlot(canvas: HTMLCanvasElement, initial: PlotData): PlotHandle {
  if (!canvas.getContext('2d')) return unpainted(canvas, initial);
  let current = initial;
  const chart = new Chart(canvas, configuration(initial, canvas));
  // The page's colour scheme may change while the plot is shown: its text follows.
  const scheme =
    typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const followScheme = () => {
    applyTextColour(chart, textColour(canvas));
    chart.update('none');
  };
  scheme?.addEventListener('change', followScheme);
  publish(canvas, initial);
  return {
    update(data) {
      current = data;
      chart.data.datasets = datasets(data);
      const { x, y } = chart.options.scales ?? {};
      if (x && 'title' in x && x.title) x.title.text = data.xLabel;
      if (y && 'title' in y && y.title) y.title.text = data.yLabel;
      chart.update('none');
      publish(canvas, data);
    },
    activate(index) {
      const measured = current.series.findIndex((series) => !series.reference);
      const active = index === null || measured < 0 ? [] : [{ datasetIndex: measured, index }];
      chart.setActiveElements(active);
      chart.tooltip?.setActiveElements(active, { x: 0, y: 0 });
      chart.update('none');
    },
    destroy() {
      scheme?.removeEventListener('change', followScheme);
      chart.destroy();
    },
  };
}
