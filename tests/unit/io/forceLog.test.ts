// Testing machines' logs as they come: delimiters, decimal commas, header lines, units in
// the column names or in a row of their own; and each photo's force read off the log.
import { describe, expect, it } from 'vitest';
import { photoForces } from '../../../src/io/forceLog/interpolate';
import { suggestColumn } from '../../../src/io/forceLog/columns';
import { readForceLog } from '../../../src/io/forceLog/read';

function read(text: string) {
  const reading = readForceLog(text);
  if (!reading.ok) throw new Error(reading.message);
  return reading.log;
}

describe('reading a force log', () => {
  it('finds a semicolon, a decimal comma, three header lines and the units in the names', () => {
    const log = read(
      'Machine: Z050\nSpecimen 7; 2026-12-07\nTravel (mm);Force [kN]\n0,0;0,00\n0,5;1,25\n1,0;2,50\n',
    );
    expect(log).toMatchObject({ delimiter: ';', decimalComma: true, headerLines: 3 });
    expect(log.columns).toEqual([
      { name: 'Travel', unit: 'mm' },
      { name: 'Force', unit: 'kN' },
    ]);
    expect(log.rows).toEqual([
      [0, 0],
      [0.5, 1.25],
      [1, 2.5],
    ]);
  });

  it('reads tabs with a row of units under the names', () => {
    const log = read('Time\tStroke\tLoad\ns\tmm\tN\n0\t0\t0\n0.1\t0.02\t15.5\n0.2\t0.04\t31\n');
    expect(log).toMatchObject({ delimiter: '\t', decimalComma: false, headerLines: 2 });
    expect(log.columns.map((c) => c.unit)).toEqual(['s', 'mm', 'N']);
    expect(suggestColumn(log.columns, 'force')).toBe(2);
    expect(suggestColumn(log.columns, 'travel')).toBe(1);
    expect(suggestColumn(log.columns, 'time')).toBe(0);
  });

  it('reads plain commas without a header, and says when there is no table', () => {
    const log = read('0,1.5\n1,2.5\n2,3.5\n');
    expect(log).toMatchObject({ delimiter: ',', headerLines: 0 });
    expect(log.columns.map((c) => c.name)).toEqual(['Column 1', 'Column 2']);
    expect(readForceLog('just some words\nand more')).toMatchObject({ ok: false });
  });
});

describe('forces at the photos', () => {
  const log = { axis: 'travel' as const, x: [0, 1, 2, 3], force: [0, 10, 30, 60] };

  it('interpolates linearly inside the range and says when a photo is outside it', () => {
    const forces = photoForces(log, [
      { travel: 0.5, time: null },
      { travel: 3, time: null },
      { travel: 3.5, time: null },
      { travel: null, time: null },
    ]);
    expect(forces[0]).toEqual({ ok: true, force: 5 });
    expect(forces[1]).toEqual({ ok: true, force: 60 });
    expect(forces[2]).toEqual({
      ok: false,
      reason: 'its travel 3.5 mm is outside the logged range (0 to 3 mm)',
    });
    expect(forces[3]).toMatchObject({ ok: false, reason: 'it has no press travel' });
  });

  it('takes the first crossing of a log that goes back (an unloading)', () => {
    const back = { axis: 'time' as const, x: [0, 2, 1, 3], force: [0, 20, 0, 40] };
    expect(photoForces(back, [{ travel: null, time: 1.5 }])[0]).toEqual({ ok: true, force: 15 });
  });
});
