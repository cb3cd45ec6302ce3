// The original Strain Seer's four export files, built as strings from the project
// document and the worker's analysis: same names and columns, new quantities after them.
import {
  HAND_PLACED_UNCERTAINTY_PX,
  IMAGE_STATUS_LABELS,
  STRAIN_COMPONENTS,
  imageStatus,
  omissionList,
} from '../core/index';
import type {
  FitOmission,
  ImageOutcome,
  SequenceAnalysis,
  TrendOutcome,
  Vec2,
} from '../core/index';
import { TREND_KEYS } from './exportNames';
import { num, toCsv } from './csv';
import type { Cell } from './csv';
import { fittedQuantities, quantityCells, quantityHeaders } from './quantityExports';
import type { ExportQuantities } from './quantityExports';

export { EXPORT_FILE_NAMES, TREND_KEYS, chartFileName, seriesFileName } from './exportNames';
export { FORMULA_START } from './csv';
export { SERIES_CSV_COLUMNS, plotSeriesCsv } from './seriesCsv';
export type { PlotSeriesRow } from './seriesCsv';

/** One image as the exports need it (a ProjectImage fits). */
export interface ExportImage {
  id: string;
  name: string;
  fiducials: readonly (Vec2 | null)[];
  scalePoints: readonly (Vec2 | null)[];
  /** Standard uncertainty (px) of each located point; null or absent for a hand-placed one. */
  fiducialUncertainty?: readonly (number | null)[];
  scaleUncertainty?: readonly (number | null)[];
  pressTravel: number | null;
  /** The user's reason for leaving the photo out of the trend fits, when they did. */
  leftOut?: { reason: string } | null;
}

/** The project as the exports need it (a ProjectDocument fits). */
export interface ExportDocument {
  images: readonly ExportImage[];
  scaleLength: number | null;
  /** The standard uncertainty (px) every hand-placed point was given. */
  handPlacedUncertainty?: number;
}

/** An analysis together with the ids of the images it was computed for, in its order. */
export interface AnalysedImages {
  analysis: SequenceAnalysis;
  imageIds: readonly string[];
}

/** The original's columns first, then Strain Seer's additions (existing spreadsheets keep working). */
export const RAW_CSV_COLUMNS = [
  'filename',
  'deformation_distance',
  'strain_xx',
  'strain_yy',
  'strain_xy',
  'strain_measure',
  'reference_image',
  'e1',
  'e2',
  'principal_angle_deg',
  'max_shear',
  'area_change',
  'rotation_deg',
  'thickness_strain',
  'equivalent_strain',
  'fit_residual_mm',
  'problem',
  // Standard uncertainties (1 sigma) of the quantities above, propagated from the points'.
  'strain_xx_uncertainty',
  'strain_yy_uncertainty',
  'strain_xy_uncertainty',
  'e1_uncertainty',
  'e2_uncertainty',
  'principal_angle_deg_uncertainty',
  'equivalent_strain_uncertainty',
  // Whether the trend fits leave the photo out ("user" or "automatic"), and why.
  'left_out_of_fits',
  'left_out_reason',
] as const;

export const RESULTS_CSV_COLUMNS = [
  'component',
  'slope',
  'intercept',
  'r_squared',
  'p_value',
  'slope_stderr',
  'intercept_stderr',
  'slope_ci95_low',
  'slope_ci95_high',
  // How many photos each fit used, and those it left out with why.
  'n',
  'left_out_of_fits',
] as const;

function pointsOf(image: ExportImage) {
  // The original's three keys first; each point's standard uncertainty (px, null when placed
  // by hand) after them, which readers that look points up by key never see.
  const placed = (
    points: readonly (Vec2 | null)[],
    uncertainties: readonly (number | null)[] | undefined,
    label: string,
    labelId: number,
  ) =>
    points.flatMap((p, i) =>
      p === null
        ? []
        : [
            {
              point: [p[0], p[1]],
              label,
              label_id: labelId,
              uncertainty_px: num(uncertainties?.[i]),
            },
          ],
    );
  return [
    ...placed(image.fiducials, image.fiducialUncertainty, 'Fiducial', 0),
    ...placed(image.scalePoints, image.scaleUncertainty, 'Scale', 1),
  ];
}

/**
 * raw_data.json as the original wrote it: every image keyed by its id, in
 * sequence order, with placed points in marker order (fiducials 0-4, then scale).
 */
export function rawDataJson(doc: ExportDocument): string {
  const filesData: Record<string, unknown> = {};
  doc.images.forEach((image, order) => {
    const status = imageStatus({
      fiducials: [...image.fiducials],
      scalePoints: [...image.scalePoints],
      pressTravel: image.pressTravel,
    });
    filesData[image.id] = {
      id: image.id,
      filename: image.name,
      order,
      points: pointsOf(image),
      deformation_distance: num(image.pressTravel),
      status: [status === 'complete', IMAGE_STATUS_LABELS[status]],
      ...(image.leftOut ? { left_out_of_fits: { reason: image.leftOut.reason } } : {}),
    };
  });
  return JSON.stringify(
    {
      files_data: filesData,
      scale_length: num(doc.scaleLength),
      // What a point with "uncertainty_px": null was given in the analysis.
      hand_placed_uncertainty_px: num(doc.handPlacedUncertainty ?? HAND_PLACED_UNCERTAINTY_PX),
    },
    null,
    2,
  );
}

/** Each photo the fits leave out, by image id: the analysis's word, else the document's. */
function omissionsById(
  doc: ExportDocument,
  analysed: AnalysedImages | null,
): Map<string, Pick<FitOmission, 'source' | 'reason'>> {
  const byId = new Map<string, Pick<FitOmission, 'source' | 'reason'>>();
  for (const image of doc.images) {
    if (image.leftOut) byId.set(image.id, { source: 'user', reason: image.leftOut.reason });
  }
  for (const omission of analysed?.analysis.leftOut ?? []) {
    const id = analysed?.imageIds[omission.imageIndex];
    if (id !== undefined) byId.set(id, omission);
  }
  return byId;
}

function outcomesById(analysed: AnalysedImages | null): Map<string, ImageOutcome> {
  const byId = new Map<string, ImageOutcome>();
  if (!analysed) return byId;
  analysed.imageIds.forEach((id, index) => {
    const outcome = analysed.analysis.images[index];
    if (outcome) byId.set(id, outcome);
  });
  return byId;
}

/**
 * raw_data.csv: one row per image in sequence order. Images the analysis did
 * not include (not complete yet) or could not compute keep empty strain cells.
 */
export function rawDataCsv(
  doc: ExportDocument,
  analysed: AnalysedImages | null,
  /** The user's quantities for the same analysis: their columns come last. */
  quantities: ExportQuantities | null = null,
): string {
  const outcomes = outcomesById(analysed);
  const omissions = omissionsById(doc, analysed);
  const place = new Map(analysed?.imageIds.map((id, index) => [id, index]));
  const rows = doc.images.map((image): Cell[] => {
    const omission = omissions.get(image.id);
    const fitCells: Cell[] = [omission?.source ?? null, omission?.reason ?? null];
    const extra = quantityCells(quantities, place.get(image.id));
    return [...strainCells(image, outcomes.get(image.id), analysed), ...fitCells, ...extra];
  });
  return toCsv([...RAW_CSV_COLUMNS, ...quantityHeaders(quantities)], rows);
}

/** The columns of raw_data.csv before the fit's: the photo, its strain, or its problem. */
function strainCells(
  image: ExportImage,
  outcome: ImageOutcome | undefined,
  analysed: AnalysedImages | null,
): Cell[] {
  const base: Cell[] = [image.name, num(image.pressTravel)];
  const empty = Array.from({ length: RAW_CSV_COLUMNS.length - 4 }, () => null);
  if (!outcome || !analysed) return [...base, ...empty];
  if (!outcome.ok) {
    const problemAt = RAW_CSV_COLUMNS.indexOf('problem');
    const row: Cell[] = [...base, ...empty];
    row[problemAt] = outcome.problem.message;
    return row;
  }
  const s = outcome.strain;
  const reference = analysed.analysis.images[s.referenceIndex]?.name ?? null;
  // The reference against itself is zero by definition, known exactly: no uncertainty.
  const own = analysed.analysis.images[s.referenceIndex] === outcome;
  const u = own ? undefined : s.strainUncertainty;
  const pu = own ? undefined : s.principalUncertainty;
  return [
    ...base,
    num(s.strain[0][0]),
    num(s.strain[1][1]),
    num(s.strain[0][1]),
    analysed.analysis.measure,
    reference,
    num(s.principal.e1),
    num(s.principal.e2),
    num(s.principal.angle),
    num(s.principal.maxShear),
    num(s.areaChange),
    num(s.rotation),
    num(s.thicknessStrain),
    num(s.equivalentStrain),
    num(s.residualRms),
    null,
    num(u?.[0][0]),
    num(u?.[1][1]),
    num(u?.[0][1]),
    num(pu?.e1),
    num(pu?.e2),
    num(pu?.angle),
    num(pu?.equivalentStrain),
  ];
}

interface TrendRecord {
  slope: number | null;
  intercept: number | null;
  r_squared: number | null;
  p_value: number | null;
  slope_stderr: number | null;
  intercept_stderr: number | null;
  /** 95 % confidence interval of the slope (Student t, n - 2 degrees of freedom). */
  slope_ci95_low: number | null;
  slope_ci95_high: number | null;
  /** Photos fitted. */
  n: number | null;
  /** The photos the fit leaves out, and why. */
  left_out_of_fits: { filename: string; source: FitOmission['source']; reason: string }[];
  problem?: string;
}

function trendRecord(analysis: SequenceAnalysis, trend: TrendOutcome): TrendRecord {
  const leftOut = analysis.leftOut.map((o) => ({
    filename: o.imageName,
    source: o.source,
    reason: o.reason,
  }));
  if (!trend.ok) {
    return {
      slope: null,
      intercept: null,
      r_squared: null,
      p_value: null,
      slope_stderr: null,
      intercept_stderr: null,
      slope_ci95_low: null,
      slope_ci95_high: null,
      n: null,
      left_out_of_fits: leftOut,
      problem: trend.problem.message,
    };
  }
  const r = trend.regression;
  return {
    slope: num(r.slope),
    intercept: num(r.intercept),
    r_squared: num(r.rSquared),
    p_value: num(r.pValue),
    slope_stderr: num(r.slopeStderr),
    intercept_stderr: num(r.interceptStderr),
    slope_ci95_low: num(r.slopeCi95[0]),
    slope_ci95_high: num(r.slopeCi95[1]),
    n: r.n,
    left_out_of_fits: leftOut,
  };
}

/** Every fit of the results files: the strain components', then the user's fitted quantities'. */
function allTrends(
  analysis: SequenceAnalysis,
  quantities: ExportQuantities | null,
): { key: string; trend: TrendOutcome }[] {
  return [
    ...STRAIN_COMPONENTS.map((c) => ({ key: TREND_KEYS[c], trend: analysis.trends[c] })),
    ...fittedQuantities(quantities),
  ];
}

/** analysis_results.json: the original's keys first; a trend that could not be fitted has nulls and a problem. */
export function analysisResultsJson(
  analysis: SequenceAnalysis,
  quantities: ExportQuantities | null = null,
): string {
  const out: Record<string, TrendRecord> = {};
  for (const { key, trend } of allTrends(analysis, quantities)) {
    out[key] = trendRecord(analysis, trend);
  }
  return JSON.stringify(out, null, 2);
}

/** analysis_results.csv: rows x_axis, y_axis, shear, then one per fitted quantity of the user's. */
export function analysisResultsCsv(
  analysis: SequenceAnalysis,
  quantities: ExportQuantities | null = null,
): string {
  const rows = allTrends(analysis, quantities).map(({ key, trend }): Cell[] => {
    const t = trendRecord(analysis, trend);
    return [
      key,
      t.slope,
      t.intercept,
      t.r_squared,
      t.p_value,
      t.slope_stderr,
      t.intercept_stderr,
      t.slope_ci95_low,
      t.slope_ci95_high,
      t.n,
      omissionList(analysis.leftOut) || null,
    ];
  });
  return toCsv(RESULTS_CSV_COLUMNS, rows);
}
