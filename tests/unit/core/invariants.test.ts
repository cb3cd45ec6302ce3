// Independent checks of the strain measures: physical invariants, closed-form
// special cases and an independent matrix exponential (mathjs), none of which
// repeat the implementation's formulas.
import fc from 'fast-check';
import { expm, matrix } from 'mathjs';
import { describe, expect, it } from 'vitest';
import {
  areaChange,
  deformationGradient,
  fitDeformation,
  principalStrains,
  rotationAngle,
  strainTensor,
  volumeConstancyStrains,
} from '../../../src/core';
import type { Mat2 } from '../../../src/core';
import {
  deform,
  expectClose,
  expectMatClose,
  matMul,
  matT,
  rotation,
  squareMarkers,
} from './helpers';

const inverse = (m: Mat2): Mat2 => {
  const d = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  return [
    [m[1][1] / d, -m[0][1] / d],
    [-m[1][0] / d, m[0][0] / d],
  ];
};

/** Well-conditioned F = R(a) diag(s1, s2) R(b) with stretches in [0.5, 2]. */
const wellConditionedF = fc
  .record({
    s1: fc.double({ min: 0.5, max: 2, noNaN: true }),
    s2: fc.double({ min: 0.5, max: 2, noNaN: true }),
    a: fc.double({ min: -180, max: 180, noNaN: true }),
    b: fc.double({ min: -180, max: 180, noNaN: true }),
  })
  .map(({ s1, s2, a, b }) =>
    matMul(
      matMul(rotation(a), [
        [s1, 0],
        [0, s2],
      ]),
      rotation(b),
    ),
  );

describe('pure rotations', () => {
  it.each([-170, -45, -1e-3, 5, 30, 90, 135])(
    'a rotation of %s degrees gives zero Green-Lagrange and Hencky strain, and reports the angle',
    (degrees) => {
      const reference = squareMarkers(30, 30, 12);
      const current = deform(reference, rotation(degrees), [7, -3]);
      const F = deformationGradient(reference, current);
      expectMatClose(
        strainTensor(F, 'green_lagrangian'),
        [
          [0, 0],
          [0, 0],
        ],
        0,
        1e-13,
      );
      expectMatClose(
        strainTensor(F, 'hencky'),
        [
          [0, 0],
          [0, 0],
        ],
        0,
        1e-13,
      );
      expectMatClose(
        strainTensor(F, 'almansi'),
        [
          [0, 0],
          [0, 0],
        ],
        0,
        1e-13,
      );
      expectClose(rotationAngle(F), degrees, 1e-11, 1e-11);
      expectClose(areaChange(F), 0, 0, 1e-13);
    },
  );
});

describe('pure stretch diag(a, b)', () => {
  it('Hencky gives ln a and ln b; every measure has its textbook value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        (a, b) => {
          const F: Mat2 = [
            [a, 0],
            [0, b],
          ];
          const reference = squareMarkers(0, 0, 20);
          const Ffit = deformationGradient(reference, deform(reference, F, [3, 4]));
          expectMatClose(Ffit, F, 1e-12);
          const diag = (x: number, y: number): Mat2 => [
            [x, 0],
            [0, y],
          ];
          expectMatClose(
            strainTensor(Ffit, 'hencky'),
            diag(Math.log(a), Math.log(b)),
            1e-12,
            1e-14,
          );
          expectMatClose(strainTensor(Ffit, 'small'), diag(a - 1, b - 1), 1e-12, 1e-14);
          expectMatClose(
            strainTensor(Ffit, 'green_lagrangian'),
            diag((a * a - 1) / 2, (b * b - 1) / 2),
            1e-12,
            1e-14,
          );
          expectMatClose(
            strainTensor(Ffit, 'almansi'),
            diag((1 - 1 / (a * a)) / 2, (1 - 1 / (b * b)) / 2),
            1e-12,
            1e-14,
          );
        },
      ),
    );
  });

  it('thickness and equivalent strain follow volume constancy (docs/science.md example: 0.100, not 0.088)', () => {
    const F: Mat2 = [
      [Math.exp(0.1), 0],
      [0, Math.exp(-0.05)],
    ];
    const { thickness, equivalent } = volumeConstancyStrains(F);
    expectClose(thickness, -0.05, 1e-12);
    expect(equivalent.toFixed(3)).toBe('0.100');
    // For contrast, the figure of tools that take h3 = 0 in the von Mises form
    // sqrt(2)/3 sqrt((h1-h2)^2 + (h2-h3)^2 + (h3-h1)^2), as docs/science.md quotes.
    const h1 = 0.1;
    const h2 = -0.05;
    const planar = (Math.SQRT2 / 3) * Math.sqrt((h1 - h2) ** 2 + h2 ** 2 + h1 ** 2);
    expect(planar.toFixed(3)).toBe('0.088');
  });
});

describe('random well-conditioned F (property-based)', () => {
  it('the fit recovers F exactly from markers moved by F and a translation, with zero residual', () => {
    fc.assert(
      fc.property(wellConditionedF, fc.double({ min: -500, max: 500, noNaN: true }), (F, shift) => {
        const reference = squareMarkers(200, 150, 60);
        const fit = fitDeformation(reference, deform(reference, F, [shift, -shift / 2]));
        expectMatClose(fit.F, F, 1e-10, 1e-12);
        expect(fit.residualRms).toBeLessThan(1e-9);
      }),
    );
  });

  it('Almansi equals F^-T E F^-1 (E Green-Lagrange)', () => {
    fc.assert(
      fc.property(wellConditionedF, (F) => {
        const E = strainTensor(F, 'green_lagrangian');
        const Finv = inverse(F);
        expectMatClose(
          strainTensor(F, 'almansi'),
          matMul(matMul(matT(Finv), E), Finv),
          1e-10,
          1e-13,
        );
      }),
    );
  });

  it('Hencky H satisfies exp(2H) = F^T F (matrix exponential from mathjs)', () => {
    fc.assert(
      fc.property(wellConditionedF, (F) => {
        const H = strainTensor(F, 'hencky');
        const twoH = matrix([
          [2 * H[0][0], 2 * H[0][1]],
          [2 * H[1][0], 2 * H[1][1]],
        ]);
        const exp = expm(twoH).toArray() as Mat2;
        expectMatClose(exp, matMul(matT(F), F), 1e-10, 1e-12);
      }),
    );
  });

  it('material measures ignore a rigid rotation after the deformation; Almansi rotates with it', () => {
    fc.assert(
      fc.property(
        wellConditionedF,
        fc.double({ min: -180, max: 180, noNaN: true }),
        (F, degrees) => {
          const Q = rotation(degrees);
          const QF = matMul(Q, F);
          for (const measure of ['green_lagrangian', 'hencky'] as const) {
            expectMatClose(strainTensor(QF, measure), strainTensor(F, measure), 1e-10, 1e-13);
          }
          const rotated = matMul(matMul(Q, strainTensor(F, 'almansi')), matT(Q));
          expectMatClose(strainTensor(QF, 'almansi'), rotated, 1e-10, 1e-13);
        },
      ),
    );
  });

  it('principal strains are eigenpairs: trace, determinant and E n = e1 n', () => {
    fc.assert(
      fc.property(
        wellConditionedF,
        fc.constantFrom('small', 'green_lagrangian', 'almansi', 'hencky' as const),
        (F, measure) => {
          const E = strainTensor(F, measure);
          const { e1, e2, angle, maxShear } = principalStrains(E);
          expect(e1).toBeGreaterThanOrEqual(e2);
          expect(angle).toBeGreaterThan(-90);
          expect(angle).toBeLessThanOrEqual(90);
          expectClose(e1 + e2, E[0][0] + E[1][1], 1e-10, 1e-12);
          expectClose(e1 * e2, E[0][0] * E[1][1] - E[0][1] * E[1][0], 1e-9, 1e-12);
          expectClose(maxShear, (e1 - e2) / 2, 1e-12);
          const n = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)] as const;
          expectClose(E[0][0] * n[0] + E[0][1] * n[1], e1 * n[0], 1e-9, 1e-11);
          expectClose(E[1][0] * n[0] + E[1][1] * n[1], e1 * n[1], 1e-9, 1e-11);
        },
      ),
    );
  });

  it('for small deformations all four measures agree to second order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
        ([a = 0, b = 0, c = 0, d = 0]) => {
          const eps = 1e-6;
          const sym = (b + c) / 2;
          // A symmetric perturbation keeps the rotation second order too.
          const F: Mat2 = [
            [1 + eps * a, eps * sym],
            [eps * sym, 1 + eps * d],
          ];
          const small = strainTensor(F, 'small');
          for (const measure of ['green_lagrangian', 'almansi', 'hencky'] as const) {
            expectMatClose(strainTensor(F, measure), small, 0, 1e-11);
          }
        },
      ),
    );
  });
});

describe('principal directions in image axes (y down)', () => {
  it('stretching along the screen diagonal from top-left to bottom-right gives e1 at +45 degrees', () => {
    const E: Mat2 = [
      [0.1, 0.05],
      [0.05, 0.1],
    ];
    const { e1, e2, angle } = principalStrains(E);
    expectClose(e1, 0.15, 1e-14);
    expectClose(e2, 0.05, 1e-14);
    expectClose(angle, 45, 1e-12);
  });

  it('pure vertical stretch gives angle 90, never -90', () => {
    expect(
      principalStrains([
        [0, -0],
        [-0, 0.2],
      ]).angle,
    ).toBe(90);
    expect(
      principalStrains([
        [-0.1, 0],
        [0, 0.2],
      ]).angle,
    ).toBe(90);
  });
});
