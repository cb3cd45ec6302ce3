// The chart.js side of a trend plot. Imported on demand by TrendChart.svelte, so
// chart.js stays out of the first-load chunk; registers only what it uses. Draws each
// point's error bar (±1 standard uncertainty), the fitted line's 95 % confidence band and,
// apart as hollow crosses, the images left out of the fit; writes what it drew onto the
// canvas (data-error-bars, data-band, data-left-out) so what is on the picture can be read
// back without reading pixels.
import { Filler, SubTitle, Title } from 'chart.js';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { color } from 'chart.js/helpers';
import { opaquePng } from '../../io/download';
import { Chart } from './chartParts';

Chart.register(Title, SubTitle, Filler);

export interface XY {
  x: number;
  y: number;
}

export interface TrendChartData {
  title: string;
  /** The fit's equation and statistics, one line each: drawn on the exported picture only. */
  stats?: string[];
  xLabel: string;
  yLabel: string;
  points: XY[];
  /** Images left out of the fit (by choice or automatically), drawn apart; none: empty. */
  leftOut?: XY[];
  /** Each point's standard uncertainty (same order as points); none: no error bars. */
  errors?: number[];
  /** The regression line's two end points. */
  line: XY[];
  /** The line's 95 % confidence band, low and high, at the same travels; none: no band. */
  band?: { low: XY[]; high: XY[] };
}

/** Legend words, also used by the page's text around the chart. */
export const MEASURED_LABEL = 'Measured';
export const ERROR_BAR_LABEL = 'Measured, error bars ±1σ';
export const BAND_LABEL = '95 % confidence band of the line';
export const LEFT_OUT_LABEL = 'Left out of the fit';
const BAND_LOW_LABEL = 'band low';

export interface TrendChartHandle {
  update(data: TrendChartData): void;
  /** The chart as a PNG on white, drawn in the light colours whatever the page's theme. */
  toPng(): Promise<Blob>;
  destroy(): void;
}

interface Palette {
  text: string;
  muted: string;
  grid: string;
  points: string;
  line: string;
}

/** Each point's standard uncertainty, kept beside the chart (chart.js has no error bars). */
const errorsOf = new WeakMap<Chart, readonly number[]>();

/**
 * Draws each measured point's error bar, ±1 standard uncertainty, as a vertical line with
 * caps, in the points' colour, and records the bars on the canvas in data units.
 */
const errorBars: Plugin = {
  id: 'strainSeerErrorBars',
  afterDatasetsDraw(chart) {
    const errors = errorsOf.get(chart);
    const meta = chart.getDatasetMeta(0);
    const dataset = chart.data.datasets[0];
    const y = chart.scales.y;
    const drawn: { x: number; low: number; high: number }[] = [];
    if (errors && dataset && y && !meta.hidden) {
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = String(dataset.borderColor ?? LIGHT.points);
      ctx.lineWidth = 1.5;
      (dataset.data as XY[]).forEach((point, i) => {
        const sigma = errors[i];
        const element = meta.data[i];
        if (sigma === undefined || !Number.isFinite(sigma) || !element) return;
        const top = y.getPixelForValue(point.y + sigma);
        const bottom = y.getPixelForValue(point.y - sigma);
        const x = element.x;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - 4, top);
        ctx.lineTo(x + 4, top);
        ctx.moveTo(x - 4, bottom);
        ctx.lineTo(x + 4, bottom);
        ctx.stroke();
        drawn.push({ x: point.x, low: point.y - sigma, high: point.y + sigma });
      });
      ctx.restore();
    }
    chart.canvas.dataset.errorBars = JSON.stringify(drawn);
    // The band as chart.js laid it out (its two edges) and the left-out points, in data units.
    const shown = (index: number) =>
      chart.isDatasetVisible(index)
        ? ((chart.data.datasets[index]?.data as XY[] | undefined) ?? [])
        : [];
    chart.canvas.dataset.band = JSON.stringify({ low: shown(2), high: shown(3) });
    chart.canvas.dataset.leftOut = JSON.stringify(shown(4));
  },
};

/** The light theme's colours (theme.css), also used for PNGs. */
const LIGHT: Palette = {
  text: '#1b1d21',
  muted: '#4a505a',
  grid: '#c6cad1',
  points: '#0a55c7',
  line: '#8a4b00',
};

/** Colours from the page's CSS custom properties, so the chart reads in dark mode too. */
function pagePalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--color-text', LIGHT.text),
    muted: read('--color-text-muted', LIGHT.muted),
    grid: read('--color-border', LIGHT.grid),
    points: read('--color-link', LIGHT.points),
    line: read('--color-accent', LIGHT.line),
  };
}

type TrendChart = Chart<'scatter' | 'line', XY[]>;

/** The y range that keeps every error bar on the chart (chart.js sizes to the points only). */
function yRange(data: TrendChartData): { suggestedMin?: number; suggestedMax?: number } {
  if (!data.errors) return {};
  let low = Infinity;
  let high = -Infinity;
  data.points.forEach((point, i) => {
    const sigma = data.errors?.[i] ?? 0;
    if (!Number.isFinite(sigma)) return;
    low = Math.min(low, point.y - sigma);
    high = Math.max(high, point.y + sigma);
  });
  return Number.isFinite(low) && Number.isFinite(high)
    ? { suggestedMin: low, suggestedMax: high }
    : {};
}

function configuration(data: TrendChartData): ChartConfiguration<'scatter' | 'line', XY[]> {
  const axis = (title: string) => ({
    type: 'linear' as const,
    title: { display: true, text: title },
  });
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          type: 'scatter',
          label: data.errors ? ERROR_BAR_LABEL : MEASURED_LABEL,
          data: data.points,
          pointRadius: 4,
          pointHoverRadius: 6,
        },
        {
          type: 'line',
          label: 'Regression line',
          data: data.line,
          pointStyle: 'line',
          pointRadius: 0,
          borderWidth: 2,
          borderDash: [6, 4],
          fill: false,
        },
        // The band: its low edge, then its high edge filled down to it.
        {
          type: 'line',
          label: BAND_LOW_LABEL,
          data: data.band?.low ?? [],
          pointRadius: 0,
          borderWidth: 0,
          fill: false,
          hidden: !data.band,
        },
        {
          type: 'line',
          label: BAND_LABEL,
          data: data.band?.high ?? [],
          pointStyle: 'rect',
          pointRadius: 0,
          borderWidth: 0,
          fill: '-1',
          hidden: !data.band,
        },
        // Not in the fit: hollow crosses in the muted colour, over nothing of the fit's.
        {
          type: 'scatter',
          label: LEFT_OUT_LABEL,
          data: data.leftOut ?? [],
          pointStyle: 'crossRot',
          pointRadius: 6,
          pointHoverRadius: 8,
          borderWidth: 2,
          hidden: !data.leftOut?.length,
        },
      ],
    },
    options: {
      // Redraws are synchronous (PNG export relies on it) and nothing moves for reduced-motion users.
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 1.6,
      scales: { x: axis(data.xLabel), y: { ...axis(data.yLabel), ...yRange(data) } },
      plugins: {
        title: { display: true, text: data.title },
        legend: {
          position: 'bottom',
          labels: {
            usePointStyle: true,
            // The band's low edge is half of one band, not an entry of its own; a band or
            // error bars that are not there have no entry either.
            filter: (item, chartData) =>
              item.text !== BAND_LOW_LABEL &&
              !(item.datasetIndex !== undefined && chartData.datasets[item.datasetIndex]?.hidden),
          },
        },
      },
    },
    plugins: [errorBars],
  };
}

function applyPalette(chart: TrendChart, palette: Palette): void {
  const options = chart.options;
  options.color = palette.text;
  options.borderColor = palette.grid;
  for (const scale of [options.scales?.x, options.scales?.y]) {
    if (!scale) continue;
    scale.grid = { ...scale.grid, color: palette.grid };
    scale.ticks = { ...scale.ticks, color: palette.muted };
    if ('title' in scale && scale.title) scale.title.color = palette.text;
  }
  if (options.plugins?.title) options.plugins.title.color = palette.text;
  const [measured, line, , band, leftOut] = chart.data.datasets;
  if (measured) {
    measured.backgroundColor = palette.points;
    measured.borderColor = palette.points;
  }
  if (line) {
    line.borderColor = palette.line;
    line.backgroundColor = palette.line;
  }
  if (band) {
    // The line's colour, faint: the band sits behind the points and the line.
    band.backgroundColor = color(palette.line).alpha(0.18).rgbString();
    band.borderColor = band.backgroundColor;
  }
  if (leftOut) leftOut.borderColor = palette.muted;
}

function setData(chart: TrendChart, data: TrendChartData): void {
  const [measured, line, low, high, leftOut] = chart.data.datasets;
  if (measured) {
    measured.data = data.points;
    measured.label = data.errors ? ERROR_BAR_LABEL : MEASURED_LABEL;
  }
  if (line) line.data = data.line;
  if (low && high) {
    low.data = data.band?.low ?? [];
    high.data = data.band?.high ?? [];
    low.hidden = !data.band;
    high.hidden = !data.band;
  }
  if (leftOut) {
    leftOut.data = data.leftOut ?? [];
    leftOut.hidden = !data.leftOut?.length;
  }
  if (data.errors) errorsOf.set(chart, data.errors);
  else errorsOf.delete(chart);
  const { x, y } = chart.options.scales ?? {};
  if (y) {
    const range = yRange(data);
    Object.assign(y, { suggestedMin: range.suggestedMin, suggestedMax: range.suggestedMax });
  }
  if (x && 'title' in x && x.title) x.title.text = data.xLabel;
  if (y && 'title' in y && y.title) y.title.text = data.yLabel;
  if (chart.options.plugins?.title) chart.options.plugins.title.text = data.title;
}

export function createTrendChart(
  canvas: HTMLCanvasElement,
  data: TrendChartData,
): TrendChartHandle {
  let current = data;
  const chart: TrendChart = new Chart(canvas, configuration(data));
  if (data.errors) errorsOf.set(chart, data.errors);
  applyPalette(chart, pagePalette(canvas));
  chart.update('none');

  const scheme =
    typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const followScheme = () => {
    applyPalette(chart, pagePalette(canvas));
    chart.update('none');
  };
  scheme?.addEventListener('change', followScheme);

  return {
    update(next) {
      current = next;
      setData(chart, next);
      chart.update('none');
    },
    toPng() {
      return printPng(current, canvas.ownerDocument);
    },
    destroy() {
      scheme?.removeEventListener('change', followScheme);
      chart.destroy();
    },
  };
}

/** The exported picture's size in CSS pixels, and how many image pixels each becomes. */
export const PRINT_SIZE = { width: 800, height: 560, pixelRatio: 3 } as const;

/**
 * The chart as it is drawn for print: a fixed size at three image pixels per CSS pixel
 * (2400 × 1680 px), in the light colours, with the fit's equation and statistics under
 * the title. chart.js draws on a canvas only, it has no SVG backend, so the export is a
 * PNG at print resolution; no other library is loaded for SVG.
 */
export function printConfiguration(
  data: TrendChartData,
): ChartConfiguration<'scatter' | 'line', XY[]> {
  const config = configuration(data);
  const options = config.options ?? {};
  config.options = {
    ...options,
    responsive: false,
    devicePixelRatio: PRINT_SIZE.pixelRatio,
    plugins: {
      ...options.plugins,
      subtitle: {
        display: (data.stats ?? []).length > 0,
        text: data.stats ?? [],
        color: LIGHT.text,
        font: { size: 13 },
        padding: { bottom: 10 },
      },
    },
  };
  return config;
}

/** Draws the chart for print on a canvas of its own, off screen, and returns it as a PNG. */
async function printPng(data: TrendChartData, document: Document): Promise<Blob> {
  const holder = document.createElement('div');
  holder.style.cssText = 'position:fixed;left:-10000px;top:0;';
  const canvas = document.createElement('canvas');
  canvas.width = PRINT_SIZE.width;
  canvas.height = PRINT_SIZE.height;
  holder.append(canvas);
  document.body.append(holder);
  const chart: TrendChart = new Chart(canvas, printConfiguration(data));
  try {
    if (data.errors) errorsOf.set(chart, data.errors);
    applyPalette(chart, LIGHT);
    chart.update('none');
    return await opaquePng(canvas);
  } finally {
    chart.destroy();
    holder.remove();
  }
}
