// The user's quantities, evaluated as the worker does: the presets against hand-computed
// values, two independent physical checks (true stress of a constant-volume compression,
// Lankford r of an isotropic uniaxial test) and the units a column is reported in.
import { describe, expect, it } from 'vitest';
import { analyseSequence } from '../../../src/core';
import type { Mat2, SequenceAnalysis } from '../../../src/core';
import { QUANTITY_PRESETS } from '../../../src/model/quantities';
import type { ForceLog, QuantityDefinition, Specimen } from '../../../src/model/quantities';
import { evaluateQuantities } from '../../../src/worker/quantities';
import type { QuantityColumn } from '../../../src/worker/quantities';
import { markerPattern } from '../../support/markers';

const SCALE: [[number, number], [number, number]] = [
  [0, 900],
  [1000, 900],
];

/** A sequence whose photos are the reference deformed by each F, at travels 0, 1, 2, … mm. */
function sequenceOf(gradients: Mat2[]): SequenceAnalysis {
  return analyseSequence({
    images: gradients.map((F, i) => ({
      name: `p${i}.png`,
      fiducials: markerPattern([500, 500], 100, F),
      scalePoints: SCALE,
      pressTravel: i,
    })),
    scaleLength: 100,
    measure: 'small',
    reference: { kind: 'total', referenceIndex: 0 },
  });
}

const stretch = (lx: number, ly: number): Mat2 => [
  [lx, 0],
  [0, ly],
];

function preset(name: string): QuantityDefinition {
  const found = QUANTITY_PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`no preset ${name}`);
  return { name: found.name, expression: found.expression, unit: found.unit, fit: found.fit };
}

function okColumn(column: QuantityColumn | undefined) {
  if (!column?.ok) throw new Error(`column failed: ${JSON.stringify(column)}`);
  return column;
}

// Constant-volume compression along y: the width (x) and thickness grow alike.
const SQUEEZES = [1, 0.95, 0.9, 0.8];
const compression = SQUEEZES.map((ly) => stretch(1 / Math.sqrt(ly), ly));
const LOG: ForceLog = {
  fileName: 'press.csv',
  axis: 'travel',
  axisColumn: 'travel (mm)',
  forceColumn: 'force',
  axisUnit: 'mm',
  forceUnit: 'kN',
  x: [0, 1, 2, 3],
  force: [0, 1, 2.5, 4],
};
const SPECIMEN = { width: 20, thickness: 5 };

/** The quantities of photos deformed by `gradients`, with the test's log and specimen by default. */
function evaluate(
  gradients: Mat2[],
  definitions: QuantityDefinition[],
  setting: { forceLog?: ForceLog | null; specimen?: Specimen | null } = {},
) {
  return evaluateQuantities({
    analysis: sequenceOf(gradients),
    times: gradients.map(() => null),
    forceLog: setting.forceLog === undefined ? LOG : setting.forceLog,
    specimen: setting.specimen === undefined ? SPECIMEN : setting.specimen,
    definitions,
  });
}

describe('quantities of the user', () => {
  it('engineering stress is F / A0 in MPa', async () => {
    const answer = await evaluate(compression, [preset('Engineering stress')]);
    const column = okColumn(answer.columns[0]);
    expect(column.unit).toBe('MPa');
    // 1000 N over 100 mm² is 10 MPa, and so on.
    expect(column.values[1]).toBeCloseTo(10, 12);
    expect(column.values[2]).toBeCloseTo(25, 12);
    expect(column.values[3]).toBeCloseTo(40, 12);
  });

  it('true stress of a constant-volume compression is force × stretch / A0', async () => {
    const answer = await evaluate(compression, [preset('True stress')]);
    const column = okColumn(answer.columns[0]);
    SQUEEZES.forEach((ly, i) => {
      const force = (LOG.force[i] as number) * 1000;
      expect(column.values[i]).toBeCloseTo((force * ly) / 100, 9);
    });
  });

  it('Lankford r of an isotropic, volume-keeping uniaxial test is 1, and β follows e2/e1', async () => {
    // Tension along y: width and thickness each shrink by the square root of the stretch.
    const tension = [1, 1.05, 1.1, 1.2].map((ly) => stretch(1 / Math.sqrt(ly), ly));
    const answer = await evaluate(tension, [preset('Lankford r'), preset('Strain ratio β')], {
      forceLog: null,
      specimen: null,
    });
    const r = okColumn(answer.columns[0]);
    const beta = okColumn(answer.columns[1]);
    expect(r.values[0]).toBeNull(); // the reference: 0 / 0
    for (const value of r.values.slice(1)) expect(value).toBeCloseTo(1, 12);
    // Small strain: e1 = ly − 1 along y, e2 = 1/√ly − 1 across it.
    [1.05, 1.1, 1.2].forEach((ly, i) => {
      expect(beta.values[i + 1]).toBeCloseTo((1 / Math.sqrt(ly) - 1) / (ly - 1), 12);
    });
  });

  it('checks units: a stress asked in N is refused with a sentence, a bare strain in MPa too', async () => {
    const answer = await evaluate(compression, [
      { name: 'wrong', expression: 'F / A0', unit: 'N', fit: false },
      { name: 'bare', expression: 'exx', unit: 'MPa', fit: false },
      { name: 'kN', expression: 'F', unit: 'kN', fit: false },
      { name: 'per cent', expression: 'exx * 100', unit: '', fit: true },
      { name: 'no unit', expression: 'F', unit: '', fit: false },
      { name: 'not a unit', expression: 'F', unit: 'parsecs of joy', fit: false },
    ]);
    const [wrong, bare, kN, perCent, noUnit, notUnit] = answer.columns;
    expect(wrong).toMatchObject({
      ok: false,
      message: expect.stringContaining('cannot be expressed in N'),
    });
    expect(bare).toMatchObject({ ok: false, message: expect.stringContaining('pure number') });
    expect(okColumn(kN).values[3]).toBeCloseTo(4, 12);
    expect(okColumn(perCent).trend?.ok).toBe(true);
    expect(noUnit).toMatchObject({
      ok: false,
      message: expect.stringContaining('give the column a unit'),
    });
    expect(notUnit).toMatchObject({ ok: false, message: expect.stringContaining('is not a unit') });
  });

  it('says why a photo has no value, and keeps the others', async () => {
    const answer = await evaluate(compression, [preset('Engineering stress')], {
      forceLog: { ...LOG, axisUnit: 'cm', x: [0.05, 0.1, 0.2, 0.25] },
    });
    const column = okColumn(answer.columns[0]);
    expect(column.values[0]).toBeNull();
    expect(column.notes[0]).toMatch(/outside the logged range \(0.5 to 2.5 mm\)/);
    expect(column.values[1]).toBeCloseTo(10, 12);
    expect(answer.forces?.[3]).toMatchObject({ ok: false });
  });

  it('a formula missing what it needs everywhere is an error of the formula', async () => {
    const answer = await evaluate(compression, [preset('Engineering stress')], { specimen: null });
    expect(answer.columns[0]).toMatchObject({
      ok: false,
      message: expect.stringMatching(/specimen size/),
    });
  });

  it('finds a video frame’s force at its time when the log is against time', async () => {
    const answer = await evaluateQuantities({
      analysis: sequenceOf(compression),
      times: [0, 0.5, null, 2],
      forceLog: { ...LOG, axis: 'time', axisUnit: 'ms', x: [0, 1000, 2000], force: [0, 2, 4] },
      specimen: SPECIMEN,
      definitions: [{ name: 'force', expression: 'F', unit: 'kN', fit: false }],
    });
    const column = okColumn(answer.columns[0]);
    expect(column.values).toEqual([0, 1, null, 4]);
    expect(column.notes[2]).toBe('no force: it has no time (not a video frame)');
  });
});
