// What the strain path view plots, picked from the worker's analysis and the core's strain
// path: the path with its reference lines, and the principal and equivalent strains
// against press travel. Selection and wording only; the numbers come from the core.
import { STRAIN_MEASURE_LABELS, referenceSegments } from '../../core/index';
import type { StrainMeasure, StrainPathPoint } from '../../core/index';
import type { PathXY, PlotData } from './strainPathChart';

/** "step-15mm.png, d = 15 mm", or the name alone without a travel. */
export function pointLabel(point: Pick<StrainPathPoint, 'name' | 'pressTravel'>): string {
  return point.pressTravel === null ? point.name : `${point.name}, d = ${point.pressTravel} mm`;
}

export function pathPlot(points: readonly StrainPathPoint[], measure: StrainMeasure): PlotData {
  const label = STRAIN_MEASURE_LABELS[measure];
  return {
    xLabel: `Minor principal strain e2 (${label})`,
    yLabel: `Major principal strain e1 (${label})`,
    series: [
      {
        label: 'Strain path, photo by photo',
        points: points.map((p) => ({ x: p.minor, y: p.major, label: pointLabel(p) })),
      },
      ...referenceSegments(points).map(({ path, end }) => ({
        label: path.label,
        reference: true,
        points: [
          { x: 0, y: 0, label: path.label },
          { x: end.minor, y: end.major, label: path.label },
        ],
      })),
    ],
  };
}

/** e1, e2 (in the measure) and the equivalent strain against travel, photos with a travel only. */
export function travelPlot(points: readonly StrainPathPoint[], measure: StrainMeasure): PlotData {
  const withTravel = points.filter((p) => p.pressTravel !== null);
  const series = (label: string, value: (p: StrainPathPoint) => number) => ({
    label,
    points: withTravel.map((p): PathXY => ({
      x: p.pressTravel as number,
      y: value(p),
      label: pointLabel(p),
    })),
  });
  return {
    xLabel: 'Press travel d (mm)',
    yLabel: `Strain (${STRAIN_MEASURE_LABELS[measure]}; equivalent: von Mises of Hencky)`,
    series: [
      series('e1, major', (p) => p.major),
      series('e2, minor', (p) => p.minor),
      series('Equivalent strain', (p) => p.equivalent),
    ],
  };
}

/** Round tick values covering [low, high], about `count` of them, at 1, 2 or 5 × 10ⁿ apart. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  }
  return ticks;
}
