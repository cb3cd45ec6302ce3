// How the bench summarises runs and judges a figure (scripts/bench/stats.ts, figures.ts): the
// verdicts in BENCHMARKS.md come from these, so a wrong median or a budget judged on the wrong
// run would misreport the app.
import { describe, expect, it } from 'vitest';
import { formatSpread, missesBudget, verdict, type Figure } from '../../../scripts/bench/figures';
import { exact, overParts, rms, spread } from '../../../scripts/bench/stats';

const figure = (values: number[], limits: Partial<Figure> = {}): Figure => ({
  section: 's',
  name: 'n',
  unit: 'ms',
  value: spread(values),
  ...limits,
});

describe('spread', () => {
  it('is the median and the range, whatever the order of the runs', () => {
    expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, runs: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  it('is not moved by one wild run, unlike a mean', () => {
    expect(spread([10, 11, 12, 13, 900]).median).toBe(12);
  });

  it('refuses no runs at all', () => {
    expect(() => spread([])).toThrow();
  });

  it('a whole-set figure keeps its own centre and takes the range of its parts', () => {
    expect(overParts(0.025, [0.033, 0.017, 0.022])).toEqual({
      median: 0.025,
      min: 0.017,
      max: 0.033,
      runs: 3,
    });
  });

  it('rms of a constant is that constant', () => {
    expect(rms([-0.02, 0.02, 0.02])).toBeCloseTo(0.02, 15);
  });
});

describe('verdict', () => {
  it('judges the median against budget and aim', () => {
    expect(verdict(figure([40, 45, 200], { budget: 150, aim: 50 }))).toBe('meets aim');
    expect(verdict(figure([60, 70, 80], { budget: 150, aim: 50 }))).toBe('within budget');
    expect(verdict(figure([140, 160, 170], { budget: 150, aim: 50 }))).toBe('OVER BUDGET');
  });

  it('judges the worst run when asked: one long task over 50 ms is a miss', () => {
    expect(verdict(figure([0, 0, 0, 0, 51], { budget: 50, judge: 'max' }))).toBe('OVER BUDGET');
    expect(verdict(figure([0, 0, 0, 0, 50], { budget: 50, judge: 'max' }))).toBe('within budget');
  });

  it('has no verdict without a budget or aim', () => {
    expect(verdict(figure([1, 2, 3]))).toBe('—');
  });

  it('judges a two-sided range on both sides: an uncertainty stated too large misses too', () => {
    const range = [0.7, 1.4] as const;
    expect(verdict(figure([0.91], { unit: 'factor', range }))).toBe('within budget');
    expect(verdict(figure([0.5], { unit: 'factor', range }))).toBe('OUTSIDE RANGE');
    expect(verdict(figure([11.5], { unit: 'factor', range }))).toBe('OUTSIDE RANGE');
    expect(missesBudget(verdict(figure([0.5], { unit: 'factor', range })))).toBe(true);
    expect(missesBudget('within budget')).toBe(false);
  });
});

describe('formatSpread', () => {
  it('gives the median, the range and the number of runs', () => {
    expect(formatSpread(spread([5123.4, 4800, 6001]), 'ms')).toBe('5123 ms (4800–6001, n=3)');
    expect(formatSpread(spread([1.1, 1.3, 1.2]), 'ratio')).toBe('1.20x (1.10x–1.30x, n=3)');
  });

  it('says when every run agreed, and shows an exact figure alone', () => {
    expect(formatSpread(spread([0, 0, 0]), 'ms')).toBe('0 ms (all 3 runs)');
    expect(formatSpread(exact(73.84), 'KB')).toBe('73.8 KB');
  });
});
