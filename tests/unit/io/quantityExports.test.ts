// The user's quantities in the exports: raw_data.csv ends with the force and one column per
// quantity (named with its unit), and the results files add a fit for each fitted quantity,
// the same record as the strain components'.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { analyseSequence } from '../../../src/core';
import { analysisResultsCsv, analysisResultsJson, rawDataCsv } from '../../../src/io/exports';
import { evaluateQuantities } from '../../../src/worker/quantities';
import { documentOf, markedImage, requestOf } from './fixtures';

const images = [0, 2.5, 5, 7.5].map((t, i) => markedImage(i, t));
const analysis = analyseSequence(requestOf(images));
const analysed = { analysis, imageIds: images.map((image) => image.id) };
const rows = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

describe('quantities in the exports', async () => {
  const quantities = await evaluateQuantities({
    analysis,
    times: images.map(() => null),
    forceLog: {
      fileName: 'log.csv',
      axis: 'travel',
      axisColumn: 'Travel',
      forceColumn: 'Force',
      axisUnit: 'mm',
      forceUnit: 'kN',
      x: [0, 10],
      force: [0, 10],
    },
    specimen: { width: 10, thickness: 2 },
    definitions: [
      { name: 'Stress', expression: 'F / A0', unit: 'MPa', fit: true },
      { name: 'Ratio', expression: 'eyy / exx', unit: '', fit: false },
    ],
  });

  it('raw_data.csv adds force_N and each quantity, row by row', () => {
    const csv = rows(rawDataCsv(documentOf(images), analysed, quantities));
    expect(Object.keys(csv[0]!).slice(-3)).toEqual(['force_N', 'Stress (MPa)', 'Ratio']);
    // 1 kN per mm of travel over 20 mm²: 50 MPa per mm.
    expect(csv.map((row) => Number(row['force_N']))).toEqual([0, 2500, 5000, 7500]);
    expect(Number(csv[3]!['Stress (MPa)'])).toBeCloseTo(375, 10);
    const strain = analysis.images[3];
    if (!strain?.ok) throw new Error('no strain');
    const [[exx], [, eyy]] = strain.strain.strain;
    expect(Number(csv[3]!['Ratio'])).toBe(eyy / exx);
    expect(rawDataCsv(documentOf(images), analysed)).not.toContain('force_N');
  });

  it('the results files fit the fitted quantity like a strain component', () => {
    const json = JSON.parse(analysisResultsJson(analysis, quantities));
    expect(Object.keys(json)).toEqual(['x_axis', 'y_axis', 'shear', 'Stress (MPa)']);
    expect(json['Stress (MPa)'].slope).toBeCloseTo(50, 9);
    expect(json['Stress (MPa)'].n).toBe(4);
    const csv = rows(analysisResultsCsv(analysis, quantities));
    expect(csv.map((row) => row['component'])).toEqual([
      'x_axis',
      'y_axis',
      'shear',
      'Stress (MPa)',
    ]);
  });
});
