// The four export files read back the way a spreadsheet or a script would:
// the original's names, columns and order, the core's own numbers in full
// precision, and text cells that a spreadsheet cannot run as formulas.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { analyseSequence, linearRegression } from '../../../src/core';
import type { SequenceAnalysis, Vec2 } from '../../../src/core';
import {
  RAW_CSV_COLUMNS,
  analysisResultsCsv,
  analysisResultsJson,
  rawDataCsv,
  rawDataJson,
} from '../../../src/io/exports';
import type { ExportImage } from '../../../src/io/exports';
import { parseOriginalRawData } from '../../../src/io/originalRawData';
import { SCALE_LENGTH, documentOf, markedImage, requestOf } from './fixtures';

const ORIGINAL_RAW_COLUMNS = [
  'filename',
  'deformation_distance',
  'strain_xx',
  'strain_yy',
  'strain_xy',
];
const ORIGINAL_RESULT_COLUMNS = ['component', 'slope', 'intercept', 'r_squared', 'p_value'];
const ORIGINAL_TREND_KEYS = ['slope', 'intercept', 'r_squared', 'p_value'];
/** What each trend carries after the original's figures, as JSON keys and as CSV columns alike. */
const ADDED_TREND_KEYS = [
  'slope_stderr',
  'intercept_stderr',
  'slope_ci95_low',
  'slope_ci95_high',
  'n',
  'left_out_of_fits',
];

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** A cell that must hold exactly this number, written in full precision. */
function expectNumberCell(cell: string | undefined, value: number) {
  expect(cell).toBeDefined();
  expect(cell, 'a number cell is a plain number, never text').not.toMatch(/^'/);
  // === rather than Object.is: -0 is written as "0", which is the same number.
  expect(Number(cell) === value, `${cell} should read back as ${value}`).toBe(true);
}

function analysed(
  images: ExportImage[],
  analysis: SequenceAnalysis = analyseSequence(requestOf(images)),
) {
  return { analysis, imageIds: images.map((image) => image.id) };
}

const travels = [0, 2.5, 5, 7.5, 10];
const images = travels.map((t, i) => markedImage(i, t));

describe('raw_data.json', () => {
  it('has the original shape: files_data keyed by id, in sequence order, and scale_length', () => {
    const parsed = JSON.parse(rawDataJson(documentOf(images)));
    // The original's two keys first; the hand-placed uncertainty after them.
    expect(Object.keys(parsed)).toEqual([
      'files_data',
      'scale_length',
      'hand_placed_uncertainty_px',
    ]);
    expect(parsed.hand_placed_uncertainty_px).toBe(0.5);
    expect(parsed.scale_length).toBe(SCALE_LENGTH);
    expect(Object.keys(parsed.files_data)).toEqual(images.map((image) => image.id));
    images.forEach((image, order) => {
      const entry = parsed.files_data[image.id];
      expect(Object.keys(entry)).toEqual([
        'id',
        'filename',
        'order',
        'points',
        'deformation_distance',
        'status',
      ]);
      expect(entry.id).toBe(image.id);
      expect(entry.filename).toBe(image.name);
      expect(entry.order).toBe(order);
      expect(entry.deformation_distance).toBe(image.pressTravel);
      expect(entry.status).toEqual([true, 'Complete']);
      expect(entry.points).toEqual([
        ...image.fiducials.map((p) => ({
          point: p,
          label: 'Fiducial',
          label_id: 0,
          uncertainty_px: null,
        })),
        ...image.scalePoints.map((p) => ({
          point: p,
          label: 'Scale',
          label_id: 1,
          uncertainty_px: null,
        })),
      ]);
      // Each point keeps the original's keys first, in their order.
      for (const point of entry.points) {
        expect(Object.keys(point)).toEqual(['point', 'label', 'label_id', 'uncertainty_px']);
      }
    });
  });

  it('gives each located point its uncertainty in px, null for one placed by hand', () => {
    const located: ExportImage = {
      ...markedImage(0, 0),
      fiducialUncertainty: [0.03, null, 0.125, 0.04, 0.02],
      scaleUncertainty: [null, 0.3],
    };
    const text = rawDataJson({ ...documentOf([located]), handPlacedUncertainty: 0.7 });
    const parsed = JSON.parse(text);
    const entry = parsed.files_data[located.id];
    expect(entry.points.map((p: { uncertainty_px: number | null }) => p.uncertainty_px)).toEqual([
      0.03,
      null,
      0.125,
      0.04,
      0.02,
      null,
      0.3,
    ]);
    expect(parsed.hand_placed_uncertainty_px).toBe(0.7);
    // Strain Seer reads its own export back with the same uncertainties.
    const back = parseOriginalRawData(text);
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.document.images[0]?.fiducialUncertainty).toEqual([0.03, null, 0.125, 0.04, 0.02]);
    expect(back.document.images[0]?.scaleUncertainty).toEqual([null, 0.3]);
    expect(back.document.handPlacedUncertainty).toBe(0.7);
  });

  it('writes the original statuses, null travel and only the points that are placed', () => {
    const full = markedImage(0, 0);
    const partial: ExportImage = {
      ...markedImage(1, 5),
      fiducials: [[1, 2], null, [3, 4], null, null],
      scalePoints: [null, null],
    };
    const noTravel: ExportImage = { ...markedImage(2, null) };
    const empty: ExportImage = {
      ...markedImage(3, null),
      fiducials: [null, null, null, null, null],
      scalePoints: [null, null],
    };
    const parsed = JSON.parse(rawDataJson(documentOf([full, partial, noTravel, empty], null)));
    const entry = (image: ExportImage) => parsed.files_data[image.id];
    expect(entry(partial).status).toEqual([false, 'Incomplete']);
    expect(entry(partial).points.map((p: { point: Vec2 }) => p.point)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(entry(noTravel).status).toEqual([false, 'Missing Distance']);
    expect(entry(noTravel).deformation_distance).toBeNull();
    expect(entry(empty).status).toEqual([false, 'Missing']);
    expect(entry(empty).points).toEqual([]);
    expect(parsed.scale_length).toBeNull();
  });
});

describe('raw_data.csv', () => {
  it('starts with the original columns, in order, then the new ones', () => {
    const [header] = parseCsv(rawDataCsv(documentOf(images), analysed(images)));
    expect(header?.slice(0, 5)).toEqual(ORIGINAL_RAW_COLUMNS);
    expect(header).toEqual([...RAW_CSV_COLUMNS]);
    expect(header).toContain('equivalent_strain');
    expect(header).toContain('fit_residual_mm');
    // The uncertainties come after every column there was before them, then the fits' choice.
    expect(header?.slice(-10, -2)).toEqual([
      'problem',
      'strain_xx_uncertainty',
      'strain_yy_uncertainty',
      'strain_xy_uncertainty',
      'e1_uncertainty',
      'e2_uncertainty',
      'principal_angle_deg_uncertainty',
      'equivalent_strain_uncertainty',
    ]);
    expect(header?.slice(-2)).toEqual(['left_out_of_fits', 'left_out_reason']);
  });

  it('writes each strain’s uncertainty in full precision, empty where there is none', () => {
    const strainUncertainty: [[number, number], [number, number]] = [
      [1.2345678901234567e-4, 2 / 3e4],
      [2 / 3e4, 3.3e-4],
    ];
    const principalUncertainty = {
      e1: 1 / 7e3,
      e2: 2.5e-4,
      angle: 0.123456789,
      equivalentStrain: 1e-4 / 3,
    };
    const base = analyseSequence(requestOf(images));
    const analysis: SequenceAnalysis = {
      ...base,
      images: base.images.map((outcome) =>
        outcome.ok
          ? { ...outcome, strain: { ...outcome.strain, strainUncertainty, principalUncertainty } }
          : outcome,
      ),
    };
    const [header, ...rows] = parseCsv(rawDataCsv(documentOf(images), analysed(images, analysis)));
    const col = (name: string) => (header as string[]).indexOf(name);
    // The reference against itself is zero by definition, known exactly: no uncertainty.
    const first = rows[0] as string[];
    expect(first[col('strain_xx_uncertainty')]).toBe('');
    expect(first[col('equivalent_strain_uncertainty')]).toBe('');
    const row = rows[1] as string[];
    expectNumberCell(row[col('strain_xx_uncertainty')], strainUncertainty[0][0]);
    expectNumberCell(row[col('strain_yy_uncertainty')], strainUncertainty[1][1]);
    expectNumberCell(row[col('strain_xy_uncertainty')], strainUncertainty[0][1]);
    expectNumberCell(row[col('e1_uncertainty')], principalUncertainty.e1);
    expectNumberCell(row[col('e2_uncertainty')], principalUncertainty.e2);
    expectNumberCell(row[col('principal_angle_deg_uncertainty')], principalUncertainty.angle);
    expectNumberCell(
      row[col('equivalent_strain_uncertainty')],
      principalUncertainty.equivalentStrain,
    );
    expect(row[col('problem')]).toBe('');
  });

  it('holds the core’s strain of every image, in sequence order and full precision', () => {
    const analysis = analyseSequence(requestOf(images, 'hencky', 1));
    const [header, ...rows] = parseCsv(rawDataCsv(documentOf(images), analysed(images, analysis)));
    const col = (name: string) => (header as string[]).indexOf(name);
    expect(rows).toHaveLength(images.length);
    rows.forEach((row, i) => {
      const outcome = analysis.images[i];
      if (!outcome?.ok) throw new Error(`image ${i} should have a strain`);
      const s = outcome.strain;
      expect(row[col('filename')]).toBe(images[i]?.name);
      expectNumberCell(row[col('deformation_distance')], travels[i] as number);
      expectNumberCell(row[col('strain_xx')], s.strain[0][0]);
      expectNumberCell(row[col('strain_yy')], s.strain[1][1]);
      expectNumberCell(row[col('strain_xy')], s.strain[0][1]);
      expect(row[col('strain_measure')]).toBe('hencky');
      expect(row[col('reference_image')]).toBe('step-1.png');
      expectNumberCell(row[col('e1')], s.principal.e1);
      expectNumberCell(row[col('e2')], s.principal.e2);
      expectNumberCell(row[col('principal_angle_deg')], s.principal.angle);
      expectNumberCell(row[col('max_shear')], s.principal.maxShear);
      expectNumberCell(row[col('area_change')], s.areaChange);
      expectNumberCell(row[col('rotation_deg')], s.rotation);
      expectNumberCell(row[col('thickness_strain')], s.thicknessStrain);
      expectNumberCell(row[col('equivalent_strain')], s.equivalentStrain);
      expectNumberCell(row[col('fit_residual_mm')], s.residualRms);
      expect(row[col('problem')]).toBe('');
    });
    // Against the physics, not only the core: about +1 % x and -2 % y per mm of travel.
    const last = rows.at(-1) as string[];
    expect(Number(last[col('strain_xx')])).toBeGreaterThan(0.05);
    expect(Number(last[col('strain_yy')])).toBeLessThan(-0.1);
  });

  it('keeps a travel such as 0.1 + 0.2 to the last digit', () => {
    const odd = [markedImage(0, 0), markedImage(1, 0.1 + 0.2), markedImage(2, 1 / 3)];
    const rows = parseCsv(rawDataCsv(documentOf(odd), analysed(odd))).slice(1);
    expect(rows[1]?.[1]).toBe('0.30000000000000004');
    expectNumberCell(rows[2]?.[1], 1 / 3);
  });

  it('lists images the analysis left out with empty strain cells, and null travel as an empty cell', () => {
    const complete = [markedImage(0, 0), markedImage(1, 5), markedImage(2, 10)];
    const unfinished: ExportImage = { ...markedImage(3, null), scalePoints: [null, null] };
    const all = [complete[0], unfinished, complete[1], complete[2]] as ExportImage[];
    const rows = parseCsv(
      rawDataCsv(documentOf(all), analysed(complete, analyseSequence(requestOf(complete)))),
    ).slice(1);
    expect(rows.map((row) => row[0])).toEqual(all.map((image) => image.name));
    const left = rows[1] as string[];
    expect(left).toHaveLength(RAW_CSV_COLUMNS.length);
    expect(left.slice(1)).toEqual(Array.from({ length: RAW_CSV_COLUMNS.length - 1 }, () => ''));
    expect(Number((rows[2] as string[])[2])).not.toBe(0);
  });

  it('without an analysis still lists every image and its travel', () => {
    const rows = parseCsv(rawDataCsv(documentOf(images), null)).slice(1);
    expect(rows.map((row) => Number(row[1]))).toEqual(travels);
    expect(rows.every((row) => row.slice(2).every((cell) => cell === ''))).toBe(true);
  });

  it('says in the problem column why an image has no strain', () => {
    const collinear: ExportImage = {
      ...markedImage(2, 10),
      fiducials: [
        [0, 0],
        [10, 0],
        [20, 0],
        [30, 0],
        [40, 0],
      ],
    };
    const seq = [markedImage(0, 0), markedImage(1, 5), collinear];
    const [header, ...rows] = parseCsv(rawDataCsv(documentOf(seq), analysed(seq)));
    const bad = rows[2] as string[];
    expect(bad[(header as string[]).indexOf('strain_xx')]).toBe('');
    expect(bad[(header as string[]).indexOf('problem')]).toMatch(/step-2\.png/);
    expect(bad[(header as string[]).indexOf('strain_xx_uncertainty')]).toBe('');
  });

  it('neutralises text cells a spreadsheet would run as formulas; numbers stay numbers', () => {
    const hostile = [
      '=HYPERLINK("http://evil","x")',
      '+1+2',
      '-2+3',
      '@SUM(A1:A9)',
      '\tcmd',
      '\rcmd',
      '=1\n=2',
      'plain.png',
    ];
    const seq = hostile.map((name, i) => markedImage(i, i * 2, name));
    const rows = parseCsv(rawDataCsv(documentOf(seq), analysed(seq))).slice(1);
    rows.forEach((row, i) => {
      const name = hostile[i] as string;
      expect(row[0]).toBe(name === 'plain.png' ? name : `'${name}`);
    });
    // Negative strains are numbers, so they are not prefixed.
    const negative = rows.map((row) => row[3] as string).filter((cell) => cell.startsWith('-'));
    expect(negative.length).toBeGreaterThan(0);
    for (const cell of negative) expect(Number.isFinite(Number(cell))).toBe(true);
  });

  it('quotes every name holding a delimiter of any locale, so no split piece starts a formula', () => {
    const names = ['a;=1+2.png', 'b\t=1+2.png', 'c,=1+2.png', 'plain.png'];
    const seq = names.map((name, i) => markedImage(i, i * 2, name));
    const lines = rawDataCsv(documentOf(seq), analysed(seq)).split('\r\n').slice(1, 5);
    lines.forEach((line, i) => {
      const name = names[i] as string;
      // A spreadsheet splitting on `;`, tab or `,` keeps a quoted cell whole.
      expect(line.startsWith(name === 'plain.png' ? `${name},` : `"${name}",`)).toBe(true);
    });
  });
});

describe('analysis_results.json', () => {
  it('has x_axis, y_axis and shear with the original keys first, then the standard errors and slope CI', () => {
    const analysis = analyseSequence(requestOf(images, 'green_lagrangian'));
    const parsed = JSON.parse(analysisResultsJson(analysis));
    expect(Object.keys(parsed)).toEqual(['x_axis', 'y_axis', 'shear']);
    const components = { x_axis: 'xx', y_axis: 'yy', shear: 'xy' } as const;
    for (const [key, component] of Object.entries(components)) {
      const entry = parsed[key];
      expect(Object.keys(entry)).toEqual([...ORIGINAL_TREND_KEYS, ...ADDED_TREND_KEYS]);
      const trend = analysis.trends[component];
      if (!trend.ok) throw new Error(`${component} trend should fit`);
      expect(entry).toEqual({
        slope: trend.regression.slope,
        intercept: trend.regression.intercept,
        r_squared: trend.regression.rSquared,
        p_value: trend.regression.pValue,
        slope_stderr: trend.regression.slopeStderr,
        intercept_stderr: trend.regression.interceptStderr,
        slope_ci95_low: trend.regression.slopeCi95[0],
        slope_ci95_high: trend.regression.slopeCi95[1],
        n: images.length,
        left_out_of_fits: [],
      });
      // An independent check of the interval: Student t(0.975) for these 3 dof is 3.182446305.
      expect(entry.slope_ci95_high - entry.slope).toBeCloseTo(3.182446305 * entry.slope_stderr, 12);
    }
  });

  it('is the regression of the exported strains on the exported travels', () => {
    const analysis = analyseSequence(requestOf(images));
    const rows = parseCsv(rawDataCsv(documentOf(images), analysed(images, analysis))).slice(1);
    const refit = linearRegression(
      rows.map((row) => Number(row[1])),
      rows.map((row) => Number(row[2])),
    );
    const parsed = JSON.parse(analysisResultsJson(analysis));
    expect(parsed.x_axis.slope).toBe(refit.slope);
    expect(parsed.x_axis.p_value).toBe(refit.pValue);
    expect(parsed.x_axis.slope).toBeCloseTo(0.01, 3);
  });

  it('writes nulls and the reason when a trend cannot be fitted (all travels equal)', () => {
    const flat = [markedImage(0, 5), markedImage(1, 5), markedImage(2, 5)];
    const parsed = JSON.parse(analysisResultsJson(analyseSequence(requestOf(flat))));
    expect(parsed.x_axis.slope).toBeNull();
    expect(parsed.x_axis.p_value).toBeNull();
    expect(parsed.x_axis.slope_ci95_low).toBeNull();
    expect(parsed.x_axis.slope_ci95_high).toBeNull();
    expect(parsed.x_axis.problem).toMatch(/travel/i);
  });
});

describe('analysis_results.csv', () => {
  it('has the original columns and rows, the core’s numbers in full precision', () => {
    const analysis = analyseSequence(requestOf(images, 'almansi'));
    const [header, ...rows] = parseCsv(analysisResultsCsv(analysis));
    expect(header?.slice(0, 5)).toEqual(ORIGINAL_RESULT_COLUMNS);
    expect(header).toEqual([...ORIGINAL_RESULT_COLUMNS, ...ADDED_TREND_KEYS]);
    expect(rows.map((row) => row[0])).toEqual(['x_axis', 'y_axis', 'shear']);
    (['xx', 'yy', 'xy'] as const).forEach((component, i) => {
      const trend = analysis.trends[component];
      if (!trend.ok) throw new Error(`${component} trend should fit`);
      const row = rows[i] as string[];
      const r = trend.regression;
      [
        r.slope,
        r.intercept,
        r.rSquared,
        r.pValue,
        r.slopeStderr,
        r.interceptStderr,
        r.slopeCi95[0],
        r.slopeCi95[1],
      ].forEach((value, k) => expectNumberCell(row[k + 1], value));
    });
  });

  it('leaves the cells of a trend that cannot be fitted empty', () => {
    const flat = [markedImage(0, 5), markedImage(1, 5), markedImage(2, 5)];
    const rows = parseCsv(analysisResultsCsv(analyseSequence(requestOf(flat)))).slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.slice(1)).toEqual(['', '', '', '', '', '', '', '', '', '']);
  });
});
