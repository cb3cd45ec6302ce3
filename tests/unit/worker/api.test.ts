// The worker API over a real comlink channel (a MessageChannel stands in for
// the worker's port): requests and results survive structured cloning, and
// problems arrive as data the UI can place next to the thing at fault.
import { expose, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { api } from '../../../src/worker/api';
import type { WorkerApi } from '../../../src/worker/api';
import type { ImageMarks, Vec2 } from '../../../src/core';
import { markerSquare } from '../../support/markers';

const channel = new MessageChannel();
expose(api, channel.port1);
const remote: Remote<WorkerApi> = wrap<WorkerApi>(channel.port2);
afterAll(() => {
  channel.port1.close();
  channel.port2.close();
});

function image(name: string, travel: number, sx: number, sy: number): ImageMarks {
  const mm = markerSquare(10);
  return {
    name,
    fiducials: mm.map(([x, y]): Vec2 => [500 + 12 * sx * x, 400 + 12 * sy * y]),
    scalePoints: [
      [100, 900],
      [220, 900],
    ],
    pressTravel: travel,
  };
}

describe('worker API through comlink', () => {
  it('analyses a sequence and returns plain, complete results', async () => {
    const response = await remote.analyse({
      images: [image('a.png', 0, 1, 1), image('b.png', 15, 1.1, 0.9), image('c.png', 30, 1.2, 0.8)],
      scaleLength: 10,
      measure: 'green_lagrangian',
      reference: { kind: 'total', referenceIndex: 0 },
    });
    expect(response.ok).toBe(true);
    if (!response.ok) return;
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    const last = response.analysis.images[2];
    if (!last?.ok) throw new Error('expected a result for c.png');
    expect(last.strain.strain[0][0]).toBeCloseTo((1.2 ** 2 - 1) / 2, 12);
    expect(last.strain.strain[1][1]).toBeCloseTo((0.8 ** 2 - 1) / 2, 12);
    expect(last.strain.principal.e1).toBeCloseTo((1.2 ** 2 - 1) / 2, 12);
    expect(last.strain.equivalentStrain).toBeGreaterThan(0);
    const xx = response.analysis.trends.xx;
    expect(xx.ok).toBe(true);
    if (xx.ok) expect(xx.regression.slope).toBeGreaterThan(0);
  });

  it('returns a problem, not an exception, for a bad scale length', async () => {
    const response = await remote.analyse({
      images: [image('a.png', 0, 1, 1)],
      scaleLength: -1,
      measure: 'small',
      reference: { kind: 'incremental' },
    });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.problem.code).toBe('invalid-scale');
      expect(response.problem.message).toMatch(/positive number of millimetres/);
    }
  });

  it('compares the four measures for one deformation gradient', async () => {
    const response = await remote.compareMeasures([
      [0.5, 0],
      [0, 2],
    ]);
    if (!response.ok) throw new Error(response.problem.message);
    const byMeasure = Object.fromEntries(response.measures.map((m) => [m.measure, m.tensor[0][0]]));
    expect(byMeasure.small).toBeCloseTo(-0.5, 14);
    expect(byMeasure.green_lagrangian).toBeCloseTo(-0.375, 14);
    expect(byMeasure.almansi).toBeCloseTo(-1.5, 14);
    expect(byMeasure.hencky).toBeCloseTo(Math.log(0.5), 14);
    expect(response.thicknessStrain).toBeCloseTo(0, 14);
  });

  it('reports an inverted configuration as a problem', async () => {
    const response = await remote.compareMeasures([
      [-1, 0],
      [0, 1],
    ]);
    expect(response.ok).toBe(false);
    if (!response.ok) expect(response.problem.code).toBe('inverted-configuration');
  });
});
