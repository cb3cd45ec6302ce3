// Picks what the results view plots out of the worker's analysis (selection only, no arithmetic).
import type { Mat2, SequenceAnalysis, StrainComponent } from '../../core/index';

/** One image's value of a strain component against its press travel. */
export interface TrendPoint {
  name: string;
  x: number;
  y: number;
  /** The value's standard uncertainty, when the worker propagated one. */
  sigma?: number;
  /** Why the fits left this image out (by choice or automatically); absent: the fits used it. */
  leftOut?: string;
}

/** Each chart's PNG maker, registered by the chart once it is drawn. */
export type ChartRegistry = Map<StrainComponent, () => Promise<Blob>>;

export function componentOf(strain: Mat2, component: StrainComponent): number {
  if (component === 'xx') return strain[0][0];
  if (component === 'yy') return strain[1][1];
  return strain[0][1];
}

/**
 * Every image with a strain and a press travel, in sequence order: those the fits used, and
 * those left out of them, marked with the reason (the chart draws them apart, the exports
 * list them so).
 */
export function trendPoints(analysis: SequenceAnalysis, component: StrainComponent): TrendPoint[] {
  const points: TrendPoint[] = [];
  const leftOut = new Map(analysis.leftOut.map((o) => [o.imageIndex, o.reason]));
  analysis.images.forEach((image, index) => {
    if (!image.ok || image.pressTravel === null) return;
    const uncertainty = image.strain.strainUncertainty;
    // The reference against itself is zero by definition, known exactly.
    const own = image.strain.referenceIndex === index;
    const reason = leftOut.get(index);
    points.push({
      name: image.name,
      x: image.pressTravel,
      y: componentOf(image.strain.strain, component),
      ...(uncertainty ? { sigma: own ? 0 : componentOf(uncertainty, component) } : {}),
      ...(reason !== undefined ? { leftOut: reason } : {}),
    });
  });
  return points;
}

/** The points the fits used. */
export function fittedPoints(points: readonly TrendPoint[]): TrendPoint[] {
  return points.filter((p) => p.leftOut === undefined);
}
