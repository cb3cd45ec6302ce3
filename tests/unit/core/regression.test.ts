// Regression checks against independent oracles: exact lines, closed-form
// Student t distributions for 1 and 2 degrees of freedom, and invariances.
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confidenceBand, linearRegression } from '../../../src/core';
import { expectClose } from './helpers';
import { seededNormal, seededRandom } from './uncertaintyCases';

/** The 0.975 quantile of Student t by bisection of its distribution function. */
function tQuantileByBisection(dof: number): number {
  let low = 0;
  let high = 1000;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (tCdf(mid, dof) < 0.975) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Sum of squared residuals of a line, straight from the data. */
function residualSumOfSquares(x: number[], y: number[], slope: number, intercept: number): number {
  return x.reduce((sum, xi, i) => sum + ((y[i] as number) - (intercept + slope * xi)) ** 2, 0);
}

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

describe('slope confidence interval and confidence band', () => {
  it('n = 3 and n = 4: the interval uses the closed-form t quantiles of 1 and 2 dof, and the table values', () => {
    // t(0.975, 1) = tan(0.475 pi); t(0.975, 2) = (2p - 1) sqrt(2 / (4 p (1 - p))).
    const oneDof = Math.tan(0.475 * Math.PI);
    const twoDof = 0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025));
    expectClose(oneDof, 12.7062, 0, 5e-5); // table values, to their 4 decimals
    expectClose(twoDof, 4.3027, 0, 5e-5);
    const three = linearRegression([0, 1, 2], [0, 2, 1]);
    expect(three.n).toBe(3);
    expectClose(three.t95, oneDof, 1e-12);
    expectClose(three.slopeCi95[0], three.slope - oneDof * three.slopeStderr, 1e-12);
    expectClose(three.slopeCi95[1], three.slope + oneDof * three.slopeStderr, 1e-12);
    const four = linearRegression([0, 10, 20, 30], [0.01, 0.05, 0.04, 0.12]);
    expect(four.n).toBe(4);
    expectClose(four.t95, twoDof, 1e-12);
  });

  it('n = 7 and beyond: the t quantile matches the table (t(0.975, 5) = 2.5706) and a bisection of the t distribution', () => {
    const x = [0, 1, 2, 3, 4, 5, 6];
    const y = [0.0, 0.011, 0.019, 0.032, 0.039, 0.052, 0.058];
    const fit = linearRegression(x, y);
    expect(fit.n).toBe(7);
    expectClose(fit.t95, 2.5706, 0, 5e-5);
    for (const n of [5, 8, 12, 30, 101]) {
      const xs = Array.from({ length: n }, (_, i) => i);
      const ys = xs.map((v, i) => 0.01 * v + 0.001 * Math.sin(3 * i));
      expectClose(linearRegression(xs, ys).t95, tQuantileByBisection(n - 2), 1e-10);
    }
  });

  it('the residual spread and the band follow from the data: yhat -/+ t s sqrt(1/n + (x - mean)^2 / Sxx)', () => {
    const x = [0, 2.5, 5, 7.5, 10, 12.5];
    const y = [0.001, 0.024, 0.051, 0.069, 0.104, 0.122];
    const fit = linearRegression(x, y);
    const n = x.length;
    const xMean = x.reduce((a, b) => a + b, 0) / n;
    const sxx = x.reduce((sum, v) => sum + (v - xMean) ** 2, 0);
    const s = Math.sqrt(residualSumOfSquares(x, y, fit.slope, fit.intercept) / (n - 2));
    expectClose(fit.xMean, xMean, 1e-14);
    expectClose(fit.residualStd, s, 1e-10);
    expectClose(fit.slopeStderr, s / Math.sqrt(sxx), 1e-10);
    for (const at of [-5, 0, xMean, 9, 20]) {
      const [low, high] = confidenceBand(fit, at);
      const half = fit.t95 * s * Math.sqrt(1 / n + (at - xMean) ** 2 / sxx);
      const fitted = fit.intercept + fit.slope * at;
      expectClose(low, fitted - half, 1e-10, 1e-15);
      expectClose(high, fitted + half, 1e-10, 1e-15);
    }
    // Narrowest at the mean travel, where it is t s / sqrt(n) each side.
    const [low, high] = confidenceBand(fit, xMean);
    expectClose((high - low) / 2, (fit.t95 * s) / Math.sqrt(n), 1e-10);
  });

  it('a perfect line has a zero-width interval and band', () => {
    const fit = linearRegression([0, 1, 2, 3], [0, 0.5, 1, 1.5]);
    expect(fit.slopeCi95[1] - fit.slopeCi95[0]).toBeLessThan(1e-14);
    const [low, high] = confidenceBand(fit, 10);
    expect(high - low).toBeLessThan(1e-13);
    expectClose((low + high) / 2, 5, 1e-14);
  });

  it('covers the true slope and the true mean line about 95 % of the time (4000 noisy data sets, 93.5-96.5 %)', () => {
    // Binomial spread of the coverage over 4000 sets: 0.34 %, so the window is
    // more than 4 standard deviations wide either side.
    const normal = seededNormal(seededRandom(2024));
    const x = [0, 1, 3, 4, 6, 9];
    const slope = 0.013;
    const intercept = -0.004;
    const sigma = 0.002;
    const probe = 8;
    let slopeCovered = 0;
    let bandCovered = 0;
    const sets = 4000;
    for (let k = 0; k < sets; k++) {
      const y = x.map((v) => intercept + slope * v + sigma * normal());
      const fit = linearRegression(x, y);
      if (fit.slopeCi95[0] <= slope && slope <= fit.slopeCi95[1]) slopeCovered++;
      const [low, high] = confidenceBand(fit, probe);
      const truth = intercept + slope * probe;
      if (low <= truth && truth <= high) bandCovered++;
    }
    for (const covered of [slopeCovered, bandCovered]) {
      expect(covered / sets).toBeGreaterThan(0.935);
      expect(covered / sets).toBeLessThan(0.965);
    }
  });
});
