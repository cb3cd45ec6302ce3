// Picks what the results view plots out of the worker's analysis (selection only, no arithmetic).
import type { Mat2, SequenceAnalysis, StrainComponent } from '../../core/index';

/** One image's value of a strain component against its press travel. */
export interface TrendPoint {
  name: string;
  x: number;
  y: number;
  /** The value's standard uncertainty, when the worker propagated one. */
  sigma?: number;
}

/** Each chart's PNG maker, registered by the chart once it is drawn. */
export type ChartRegistry = Map<StrainComponent, () => Promise<Blob>>;

export function componentOf(strain: Mat2, component: StrainComponent): number {
  if (component === 'xx') return strain[0][0];
  if (component === 'yy') return strain[1][1];
  return strain[0][1];
}

/** The images the fits kept (a strain and a press travel, not left out): what the regression used. */
export function trendPoints(analysis: SequenceAnalysis, component: StrainComponent): TrendPoint[] {
  const points: TrendPoint[] = [];
  const leftOut = new Set(analysis.leftOut.map((o) => o.imageIndex));
  analysis.images.forEach((image, index) => {
    if (!image.ok || image.pressTravel === null || leftOut.has(index)) return;
    const uncertainty = image.strain.strainUncertainty;
    // The reference against itself is zero by definition, known exactly.
    const own = image.strain.referenceIndex === index;
    points.push({
      name: image.name,
      x: image.pressTravel,
      y: componentOf(image.strain.strain, component),
      ...(uncertainty ? { sigma: own ? 0 : componentOf(uncertainty, component) } : {}),
    });
  });
  return points;
}
