// A figure of the bench: a measured value (the summary of its runs), its reference measured in
// the same run, and the budget and aim it is held to. Lower is better for every figure here.
import type { Spread } from './stats';

export type Unit =
  'ms' | 'ratio' | 'KB' | 'MB' | 'px' | 'strain' | 'tasks' | 'factor' | '%' | 'score';

export interface Figure {
  section: string;
  name: string;
  unit: Unit;
  value: Spread;
  /** What the central value is: the median of the runs unless said otherwise (e.g. "RMS"). */
  stat?: string;
  reference?: { name: string; value: Spread; unit?: Unit };
  budget?: number;
  aim?: number;
  /**
   * Which value the budget judges: the median, or the worst run (for "no task over 50 ms" a
   * single run over it is a miss).
   */
  judge?: 'median' | 'max';
  /**
   * A two-sided budget, for figures that are right in a band rather than the lower the better
   * (how well a stated uncertainty predicts the real error: too small and too large are both
   * wrong). Judged on the central value; `budget` is then not used.
   */
  range?: readonly [number, number];
  note?: string;
}

export type Verdict =
  'meets aim' | 'within budget' | 'OVER BUDGET' | 'OUTSIDE RANGE' | 'misses aim' | '—';

/** Verdicts that mean a budget was missed. */
export function missesBudget(v: string): boolean {
  return v === 'OVER BUDGET' || v === 'OUTSIDE RANGE';
}

export function verdict(figure: Figure): Verdict {
  if (figure.range) {
    const [low, high] = figure.range;
    const central = figure.value.median;
    return central < low || central > high ? 'OUTSIDE RANGE' : 'within budget';
  }
  const judged = figure.judge === 'max' ? figure.value.max : figure.value.median;
  if (figure.budget !== undefined && judged > figure.budget) return 'OVER BUDGET';
  if (figure.aim !== undefined)
    return judged <= figure.aim
      ? 'meets aim'
      : figure.budget !== undefined
        ? 'within budget'
        : 'misses aim';
  return figure.budget !== undefined ? 'within budget' : '—';
}

/** A number in a unit, with as many digits as the unit's resolution deserves. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      // No long task is a plain 0, not "0.0".
      return value === 0 ? '0' : value < 10 ? value.toFixed(1) : value.toFixed(0);
    case 'ratio':
      return `${value.toFixed(2)}x`;
    case 'KB':
    case 'MB':
      return value.toFixed(1);
    case 'px':
      return value.toFixed(4);
    case 'strain':
      return value.toExponential(1);
    case 'tasks':
      return value.toFixed(value % 1 === 0 ? 0 : 1);
    case 'factor':
      return value.toFixed(2);
    case '%':
      return value.toFixed(1);
    case 'score':
      return value.toFixed(0);
  }
}

const UNIT_SUFFIX: Record<Unit, string> = {
  ms: ' ms',
  ratio: '',
  KB: ' KB',
  MB: ' MB',
  px: ' px',
  strain: '',
  tasks: '',
  factor: '',
  '%': ' %',
  score: '',
};

export const withUnit = (value: number, unit: Unit): string =>
  `${formatValue(value, unit)}${UNIT_SUFFIX[unit]}`;

/** "6019 ms (5800–6400, 5 runs)", or just the value for a figure of one exact number. */
export function formatSpread(value: Spread, unit: Unit, stat?: string): string {
  const central = withUnit(value.median, unit);
  const label = stat ? `${central} ${stat}` : central;
  if (value.runs <= 1) return label;
  if (value.min === value.max) return `${label} (all ${value.runs} runs)`;
  const range = `${formatValue(value.min, unit)}–${formatValue(value.max, unit)}`;
  return `${label} (${range}, n=${value.runs})`;
}
