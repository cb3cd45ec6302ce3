// The chart.js side of a trend plot. Imported on demand by TrendChart.svelte, so
// chart.js stays out of the first-load chunk; registers only what it uses.
import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
} from 'chart.js';
import type { ChartConfiguration } from 'chart.js';
import { opaquePng } from '../../io/download';

Chart.register(
  ScatterController,
  LineController,
  LinearScale,
  PointElement,
  LineElement,
  Tooltip,
  Legend,
  Title,
);

export interface XY {
  x: number;
  y: number;
}

export interface TrendChartData {
  title: string;
  xLabel: string;
  yLabel: string;
  points: XY[];
  /** The regression line's two end points. */
  line: XY[];
}

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
          label: 'Measured',
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
      ],
    },
    options: {
      // Redraws are synchronous (PNG export relies on it) and nothing moves for reduced-motion users.
      animation: false,
      responsive: true,
      maintainAspectRatio: true,
      aspectRatio: 1.6,
      scales: { x: axis(data.xLabel), y: axis(data.yLabel) },
      plugins: {
        title: { display: true, text: data.title },
        legend: { position: 'bottom', labels: { usePointStyle: true } },
      },
    },
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
  const [measured, line] = chart.data.datasets;
  if (measured) {
    measured.backgroundColor = palette.points;
    measured.borderColor = palette.points;
  }
  if (line) {
    line.borderColor = palette.line;
    line.backgroundColor = palette.line;
  }
}

function setData(chart: TrendChart, data: TrendChartData): void {
  const [measured, line] = chart.data.datasets;
  if (measured) measured.data = data.points;
  if (line) line.data = data.line;
  const { x, y } = chart.options.scales ?? {};
  if (x && 'title' in x && x.title) x.title.text = data.xLabel;
  if (y && 'title' in y && y.title) y.title.text = data.yLabel;
  if (chart.options.plugins?.title) chart.options.plugins.title.text = data.title;
}

export function createTrendChart(
  canvas: HTMLCanvasElement,
  data: TrendChartData,
): TrendChartHandle {
  const chart: TrendChart = new Chart(canvas, configuration(data));
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
      setData(chart, next);
      chart.update('none');
    },
    toPng() {
      applyPalette(chart, LIGHT);
      chart.update('none');
      // opaquePng copies the canvas before it returns, so the page colours can come back at once.
      const png = opaquePng(canvas);
      followScheme();
      return png;
    },
    destroy() {
      scheme?.removeEventListener('change', followScheme);
      chart.destroy();
    },
  };
}
