// How the results view writes numbers: formatting only, every value comes from the worker.
import type { LinearRegression, StrainComponent } from '../../core/index';

const MINUS = '\u2212';

/** Strain components as the UI names them. */
export const COMPONENT_NAMES: Readonly<Record<StrainComponent, string>> = {
  xx: 'exx',
  yy: 'eyy',
  xy: 'exy',
};

/** A fixed number of decimals, with a true minus sign and no "-0". */
export function fixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  const text = value.toFixed(decimals);
  if (/^-0\.?0*$/.test(text)) return text.slice(1);
  return text.replace('-', MINUS);
}

/**
 * Below this a displayed strain, coefficient or error is floating-point rounding
 * (the measurement noise floor is near 1e-4), so it reads as 0. Exports keep it.
 */
const ROUNDING_NOISE = 1e-12;

/** A few significant digits, trailing zeros dropped; tiny or huge values in e-notation. */
export function significant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) < ROUNDING_NOISE) return '0';
  const magnitude = Math.abs(value);
  const text =
    magnitude < 1e-4 || magnitude >= 1e6
      ? magnitude.toExponential(digits - 1)
      : magnitude
          .toPrecision(digits)
          .replace(/(\.\d*?)0+$/, '$1')
          .replace(/\.$/, '');
  return value < 0 ? MINUS + text : text;
}

/**
 * A standard uncertainty as the tables show it after a ±: two significant digits, in plain
 * decimals down to 1e-6 (0.000056 reads beside a value of 0.00123), e-notation below.
 */
export function uncertaintyText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return String(Number(Math.abs(value).toPrecision(2)));
}

/** Scientific notation with two decimals, as the original showed p-values (1.27e-17). */
export function scientific(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toExponential(2);
}

/** "exx = 0.0123 · d − 0.0004": the regression line in the press travel d (mm). */
export function equation(component: StrainComponent, regression: LinearRegression): string {
  const { slope, intercept } = regression;
  const sign = intercept < 0 ? MINUS : '+';
  return `${COMPONENT_NAMES[component]} = ${significant(slope, 3)} · d ${sign} ${significant(Math.abs(intercept), 3)}`;
}

/**
 * The fit in a few lines for a chart's picture: the equation, the slope with its 95 %
 * interval's half-width and the interval, the intercept, then R², p and n.
 */
export function fitStatistics(component: StrainComponent, regression: LinearRegression): string[] {
  const { slope, slopeCi95, intercept, interceptStderr, rSquared, pValue, n } = regression;
  const halfWidth = (slopeCi95[1] - slopeCi95[0]) / 2;
  return [
    equation(component, regression),
    `slope = ${significant(slope, 3)} ± ${significant(halfWidth, 2)} per mm (95 % CI ${significant(slopeCi95[0], 3)} to ${significant(slopeCi95[1], 3)})`,
    `intercept = ${significant(intercept, 3)} (std. error ${significant(interceptStderr, 2)}), R² = ${fixed(rSquared, 4)}, p = ${scientific(pValue)}, n = ${n}`,
  ];
}
