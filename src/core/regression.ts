// Ordinary least squares of a strain component on press travel, with the same
// quantities and definitions as scipy.stats.linregress (docs/science.md, "Trends").
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { InsufficientDataError, InvalidInputError, RegressionError } from './errors';

export interface LinearRegression {
  slope: number;
  intercept: number;
  /** Coefficient of determination, r^2. */
  rSquared: number;
  /** Two-sided p-value of the slope (null hypothesis: slope 0), Student t with n - 2 dof. */
  pValue: number;
  slopeStderr: number;
  interceptStderr: number;
  /** Number of (travel, strain) pairs fitted. */
  n: number;
  /** 95 % confidence interval of the slope: slope -/+ t(0.975, n - 2) * slopeStderr. */
  slopeCi95: readonly [number, number];
  /** Mean press travel of the fitted points (the band is narrowest there). */
  xMean: number;
  /** Residual standard deviation sqrt(SSE / (n - 2)), in strain units. */
  residualStd: number;
  /** Student t quantile at 0.975 with n - 2 degrees of freedom. */
  t95: number;
}

/**
 * 1 - r^2 at or below this is a perfect fit: the residual variance is within
 * floating-point rounding of the strain variance (a real measurement never
 * comes within a factor of 1e-13 of a line).
 */
const PERFECT_FIT = 1e-13;

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function linearRegression(x: readonly number[], y: readonly number[]): LinearRegression {
  if (x.length !== y.length) {
    throw new InvalidInputError(
      `Press travels (${x.length}) and strain values (${y.length}) must come in pairs.`,
    );
  }
  const n = x.length;
  if (n < 3) {
    throw new InsufficientDataError(
      `A trend needs at least 3 images with a press travel; there ${n === 1 ? 'is' : 'are'} ${n}.`,
    );
  }
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) {
    throw new InvalidInputError('A press travel or strain value is not a finite number.');
  }
  const xMean = mean(x);
  const yMean = mean(y);
  // Population (biased) moments, as numpy.cov(x, y, bias=True) inside linregress.
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - xMean;
    const dy = (y[i] as number) - yMean;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  sxx /= n;
  sxy /= n;
  syy /= n;
  if (sxx === 0) {
    throw new RegressionError(
      'All press travels are equal, so strain cannot be plotted against travel; enter each photo’s own travel.',
    );
  }

  const rDenominator = Math.sqrt(sxx * syy);
  const r = rDenominator === 0 ? 0 : Math.min(1, Math.max(-1, sxy / rDenominator));
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  const dof = n - 2;
  const unexplained = (1 - r) * (1 + r);
  let pValue: number;
  if (unexplained <= PERFECT_FIT) {
    // Residuals at rounding level: a perfect fit, p = 0 (docs/science.md, "Trends"). scipy's
    // 1e-20 guard would instead give e.g. 9e-11 for three points.
    pValue = 0;
  } else {
    const t = r * Math.sqrt(dof / unexplained);
    // Two-sided tail from the lower tail at -|t|: no 1 - cdf cancellation.
    pValue = 2 * tCdf(-Math.abs(t), dof);
  }
  const slopeStderr = Math.sqrt(((1 - r * r) * syy) / sxx / dof);
  const interceptStderr = slopeStderr * Math.sqrt(sxx + xMean * xMean);
  // slopeStderr = s / sqrt(n sxx) with s^2 = SSE / (n - 2), so s follows
  // without a second pass over the data.
  const residualStd = slopeStderr * Math.sqrt(n * sxx);
  const t95 = tQuantile(0.975, dof);
  const halfWidth = t95 * slopeStderr;
  return {
    slope,
    intercept,
    rSquared: r * r,
    pValue,
    slopeStderr,
    interceptStderr,
    n,
    slopeCi95: [slope - halfWidth, slope + halfWidth],
    xMean,
    residualStd,
    t95,
  };
}

/**
 * 95 % confidence band of the fitted line's mean at travel x:
 * yhat(x) -/+ t(0.975, n - 2) * s * sqrt(1/n + (x - xMean)^2 / Sxx), with
 * Sxx the sum of squared travel deviations. It bounds where the true line
 * lies, not where a new measurement would fall (that band is wider).
 */
export function confidenceBand(regression: LinearRegression, x: number): readonly [number, number] {
  const { slope, intercept, n, xMean, residualStd, slopeStderr, t95 } = regression;
  const dx = x - xMean;
  // s^2 (1/n + dx^2/Sxx) = s^2/n + slopeStderr^2 dx^2, as slopeStderr^2 = s^2/Sxx.
  const stderr = Math.sqrt((residualStd * residualStd) / n + slopeStderr * slopeStderr * dx * dx);
  const fitted = intercept + slope * x;
  return [fitted - t95 * stderr, fitted + t95 * stderr];
}
