// The original Strain Seer's own test cases (docs/science.md, "Known cases").
import { describe, expect, it } from 'vitest';
import { deformationGradient, normalizeByScale, strainTensor } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { deform, squareMarkers } from './helpers';

describe('known cases from the original', () => {
  it('identical point sets give a zero tensor in every measure', () => {
    const points = squareMarkers(123.4, 56.7, 31.2);
    const F = deformationGradient(points, points);
    for (const measure of ['small', 'green_lagrangian', 'almansi', 'hencky'] as const) {
      const E = strainTensor(F, measure);
      expect(E.flat().map(Math.abs)).toEqual([0, 0, 0, 0]);
    }
  });

  it('scaling all x by 1.2 about any point gives small exx = 0.2, eyy = 0', () => {
    const reference = squareMarkers(10, 20, 5);
    const pivot: Vec2 = [-37, 91];
    const current = reference.map(([x, y]): Vec2 => [pivot[0] + 1.2 * (x - pivot[0]), y]);
    const E = strainTensor(deformationGradient(reference, current), 'small');
    expect(E[0][0]).toBeCloseTo(0.2, 12);
    expect(E[1][1]).toBeCloseTo(0, 12);
    expect(E[0][1]).toBeCloseTo(0, 12);
  });

  it('green_lagrangian differs from small for that case: exx = (1.2^2 - 1)/2 = 0.22', () => {
    const reference = squareMarkers();
    const current = deform(reference, [
      [1.2, 0],
      [0, 1],
    ]);
    const E = strainTensor(deformationGradient(reference, current), 'green_lagrangian');
    expect(E[0][0]).toBeCloseTo(0.22, 12);
    expect(E[1][1]).toBeCloseTo(0, 12);
  });

  it('scale points (0,0)-(1,0) with L = 10 map (1, y) to (10, 10y)', () => {
    const scale: [Vec2, Vec2] = [
      [0, 0],
      [1, 0],
    ];
    const mapped = normalizeByScale(
      [
        [1, 0],
        [1, 2.5],
        [1, -3],
      ],
      scale,
      10,
    );
    expect(mapped).toEqual([
      [10, 0],
      [10, 25],
      [10, -30],
    ]);
  });
});
