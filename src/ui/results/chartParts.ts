// chart.js with the parts every plot of the app draws with (scatter and line, linear axes,
// points, lines, tooltip, legend), registered once. Each chart module adds what only it uses.
// Imported only by the lazily loaded chart modules, so chart.js stays out of the first load.
import {
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

Chart.register(
  ScatterController,
  LineController,
  LinearScale,
  PointElement,
  LineElement,
  Tooltip,
  Legend,
);

export { Chart };
