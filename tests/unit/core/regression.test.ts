// Regression checks against independent oracles: exact lines, closed-form
// Student t distributions for 1 and 2 degrees of freedom, and invariances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearRegression } from '../../../src/core';
import { expectClose } from './helpers';

describe('linearRegression', () => {
  it('an exact line gives its slope and intercept, R^2 = 1, p = 0 and zero standard errors', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        (slope, intercept, n) => {
          fc.pre(Math.abs(slope) > 1e-3);
          const x = Array.from({ length: n }, (_, i) => i * 1.5);
          const y = x.map((v) => slope * v + intercept);
          const fit = linearRegression(x, y);
          expectClose(fit.slope, slope, 1e-11, 1e-12);
          expectClose(fit.intercept, intercept, 1e-9, 1e-9);
          expectClose(fit.rSquared, 1, 1e-12);
          expect(fit.pValue).toBe(0);
          expect(fit.slopeStderr).toBeLessThan(1e-6 * Math.abs(slope));
        },
      ),
    );
  });

  it('a perfect fit on few points gives p = 0 exactly (as scipy does)', () => {
    const fit = linearRegression([0, 15, 30], [0, 0.1, 0.2]);
    expect(fit.rSquared).toBe(1);
    expect(fit.pValue).toBe(0);
  });

  it('n = 3: the p-value is the Cauchy (t with 1 dof) two-sided tail', () => {
    const x = [0, 1, 2];
    const y = [0, 2, 1];
    const fit = linearRegression(x, y);
    // By hand: slope 0.5, r = 0.5, t = r sqrt(1 / (1 - r^2)) = 1/sqrt(3).
    expectClose(fit.slope, 0.5, 1e-15);
    expectClose(fit.intercept, 0.5, 1e-15);
    expectClose(fit.rSquared, 0.25, 1e-15);
    const t = 1 / Math.sqrt(3);
    expectClose(fit.pValue, 1 - (2 / Math.PI) * Math.atan(t), 1e-12);
    expectClose(fit.pValue, 2 / 3, 1e-12);
  });

  it('n = 4: the p-value matches the closed-form t with 2 dof', () => {
    const x = [0, 10, 20, 30];
    const y = [0.01, 0.05, 0.04, 0.12];
    const fit = linearRegression(x, y);
    const r = Math.sqrt(fit.rSquared) * Math.sign(fit.slope);
    const t = r * Math.sqrt(2 / (1 - r * r));
    // Two-sided tail of t with 2 dof: 1 - |t| / sqrt(2 + t^2).
    expectClose(fit.pValue, 1 - Math.abs(t) / Math.sqrt(2 + t * t), 1e-11);
  });

  it('shifting travels moves the intercept, not the slope; scaling strain scales slope and errors only', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (noise, shift, k) => {
          const x = [0, 5, 10, 15, 20];
          const y = x.map((v, i) => 0.01 * v + 0.02 * (noise[i] ?? 0));
          fc.pre(Math.max(...noise.map(Math.abs)) > 0.1);
          const base = linearRegression(x, y);
          const shifted = linearRegression(
            x.map((v) => v + shift),
            y,
          );
          expectClose(shifted.slope, base.slope, 1e-8, 1e-13);
          expectClose(shifted.intercept, base.intercept - base.slope * shift, 1e-8, 1e-10);
          expectClose(shifted.pValue, base.pValue, 1e-8, 1e-12);
          const scaled = linearRegression(
            x,
            y.map((v) => k * v),
          );
          expectClose(scaled.slope, k * base.slope, 1e-10, 1e-14);
          expectClose(scaled.slopeStderr, k * base.slopeStderr, 1e-10, 1e-14);
          expectClose(scaled.rSquared, base.rSquared, 1e-10, 1e-13);
          expectClose(scaled.pValue, base.pValue, 1e-8, 1e-13);
        },
      ),
    );
  });
});
