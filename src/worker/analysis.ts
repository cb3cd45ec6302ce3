// The worker's analysis service: everything the results view shows, computed
// from plain marks. Global problems come back as data, not exceptions, so the
// UI can show them next to the field at fault.
import {
  STRAIN_MEASURES,
  analyseSequence,
  principalStrains,
  strainTensor,
  toProblem,
  volumeConstancyStrains,
} from '../core';
import type {
  Mat2,
  PrincipalStrains,
  Problem,
  SequenceAnalysis,
  SequenceRequest,
  StrainMeasure,
} from '../core';

export type AnalysisResponse =
  | { ok: true; analysis: SequenceAnalysis; durationMs: number }
  | { ok: false; problem: Problem; durationMs: number };

export function analyse(request: SequenceRequest): AnalysisResponse {
  const started = performance.now();
  try {
    const analysis = analyseSequence(request);
    return { ok: true, analysis, durationMs: performance.now() - started };
  } catch (error) {
    return { ok: false, problem: toProblem(error), durationMs: performance.now() - started };
  }
}

export interface MeasureComparison {
  measure: StrainMeasure;
  tensor: Mat2;
  principal: PrincipalStrains;
}

export type ComparisonResponse =
  | { ok: true; measures: MeasureComparison[]; equivalentStrain: number; thicknessStrain: number }
  | { ok: false; problem: Problem };

/** The same deformation gradient in all four strain measures, side by side. */
export function compareMeasures(F: Mat2): ComparisonResponse {
  try {
    const measures = STRAIN_MEASURES.map((measure) => {
      const tensor = strainTensor(F, measure);
      return { measure, tensor, principal: principalStrains(tensor) };
    });
    const { equivalent, thickness } = volumeConstancyStrains(F);
    return { ok: true, measures, equivalentStrain: equivalent, thicknessStrain: thickness };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}
