// The first load's figures judged against their budgets: no task of 50 ms or more in any first
// visit, Lighthouse's mobile Total Blocking Time, and its performance scores as a floor.
import { describe, expect, it } from 'vitest';
import { verdict } from '../../../scripts/bench/figures';
import type { LighthouseRun } from '../../../scripts/bench/lighthouse';
import { firstLoadFigures } from '../../../scripts/bench/loadFigures';

const run = (performance: number, tbt: number): LighthouseRun => ({ performance, tbt, lcp: 900 });
const quiet = [
  { longest: 0, over50: 0 },
  { longest: 0, over50: 0 },
];

function verdicts(figures: ReturnType<typeof firstLoadFigures>): Record<string, string> {
  return Object.fromEntries(figures.map((figure) => [figure.name, verdict(figure)]));
}

describe('first-load figures', () => {
  it('pass when no first visit has a long task and Lighthouse scores at its floors', () => {
    const figures = firstLoadFigures(quiet, {
      mobile: [run(98, 80), run(99, 40)],
      desktop: [run(100, 0), run(100, 0)],
    });
    expect(Object.values(verdicts(figures))).not.toContain('OVER BUDGET');
    expect(Object.values(verdicts(figures))).not.toContain('OUTSIDE RANGE');
  });

  it('miss on one long task in any visit, and on scores under their floors', () => {
    const figures = verdicts(
      firstLoadFigures([...quiet, { longest: 61, over50: 1 }], {
        mobile: [run(92, 150)],
        desktop: [run(99, 0)],
      }),
    );
    expect(figures).toMatchObject({
      'Longest main-thread task from navigation to the app settled (first visit)': 'OVER BUDGET',
      'Lighthouse mobile: performance score (of 100)': 'OUTSIDE RANGE',
      'Lighthouse mobile: Total Blocking Time': 'OVER BUDGET',
      'Lighthouse desktop: performance score (of 100)': 'OUTSIDE RANGE',
    });
  });

  it('leave Lighthouse out when it could not run', () => {
    const figures = firstLoadFigures(quiet, { mobile: [], desktop: [], problem: 'no network' });
    expect(figures.map((figure) => figure.name)).toEqual([
      'Longest main-thread task from navigation to the app settled (first visit)',
    ]);
  });
});
