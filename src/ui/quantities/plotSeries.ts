// What the quantities' chart can plot, per analysed photo: the built-in quantities (travel,
// time, force, the strains) and each of the user's columns; and the points of one series
// against another (selection only, no arithmetic).
import type { SequenceAnalysis } from '../../core/index';
import type { QuantitiesResponse } from '../../worker/quantities';

export interface PlotSeries {
  /** A key for the select: "travel", "eq", "q:True stress", … */
  key: string;
  label: string;
  /** One value per analysed photo; null where it has none. */
  values: (number | null)[];
}

export interface PlotPoint {
  name: string;
  x: number;
  y: number;
}

type Builtin = [
  key: string,
  label: string,
  value: (image: SequenceAnalysis['images'][number]) => number | null,
];

const BUILTINS: Builtin[] = [
  ['travel', 'Press travel (mm)', (image) => image.pressTravel],
  [
    'eq',
    'Equivalent strain (von Mises of Hencky)',
    (i) => (i.ok ? i.strain.equivalentStrain : null),
  ],
  ['e1', 'e1, major principal strain', (i) => (i.ok ? i.strain.principal.e1 : null)],
  ['e2', 'e2, minor principal strain', (i) => (i.ok ? i.strain.principal.e2 : null)],
  ['exx', 'exx', (i) => (i.ok ? i.strain.strain[0][0] : null)],
  ['eyy', 'eyy', (i) => (i.ok ? i.strain.strain[1][1] : null)],
  ['exy', 'exy', (i) => (i.ok ? i.strain.strain[0][1] : null)],
  ['h3', 'Thickness strain', (i) => (i.ok ? i.strain.thicknessStrain : null)],
  ['areaChange', 'Area change', (i) => (i.ok ? i.strain.areaChange : null)],
];

/** The key of a user's column in the chart's selects. */
export const quantityKey = (name: string) => `q:${name}`;

export function quantityLabel(name: string, unit: string): string {
  return unit ? `${name} (${unit})` : name;
}

/** Every series the chart offers, built-ins first, then time and force where known, then the user's. */
export function plotSeries(
  analysis: SequenceAnalysis,
  times: readonly (number | null)[],
  response: QuantitiesResponse | null,
): PlotSeries[] {
  const series: PlotSeries[] = BUILTINS.map(([key, label, value]) => ({
    key,
    label,
    values: analysis.images.map(value),
  }));
  if (times.some((t) => t !== null)) {
    series.splice(1, 0, { key: 'time', label: 'Time (s)', values: [...times] });
  }
  if (response?.forces) {
    series.push({
      key: 'force',
      label: 'Force (N)',
      values: response.forces.map((f) => (f.ok ? f.force : null)),
    });
  }
  for (const column of response?.columns ?? []) {
    if (!column.ok) continue;
    series.push({
      key: quantityKey(column.name),
      label: quantityLabel(column.name, column.unit),
      values: column.values,
    });
  }
  return series;
}

/** The photos that have both values, as points (x from `across`, y from `up`). */
export function pointsOf(
  analysis: SequenceAnalysis,
  up: PlotSeries,
  across: PlotSeries,
): PlotPoint[] {
  return analysis.images.flatMap((image, i) => {
    const x = across.values[i];
    const y = up.values[i];
    return x === null || x === undefined || y === null || y === undefined
      ? []
      : [{ name: image.name, x, y }];
  });
}
