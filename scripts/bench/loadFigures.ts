// The first load's figures: the longest main-thread task of a first visit (each ingest run
// starts on a fresh profile and is one), and Lighthouse's mobile and desktop figures beside
// their budgets (scripts/bench/lighthouse.ts).
import type { Figure } from './figures';
import {
  LIGHTHOUSE,
  LIGHTHOUSE_BUDGETS,
  type LighthouseRun,
  type LighthouseRuns,
} from './lighthouse';
import { LONG_TASK_MS, type LongTasks } from './probes';
import { spread } from './stats';

const SECTION = 'First load';

function lighthouseFigures(runs: LighthouseRun[], formFactor: 'mobile' | 'desktop'): Figure[] {
  if (runs.length === 0) return [];
  const of = (pick: (run: LighthouseRun) => number) => spread(runs.map(pick));
  const minimum =
    formFactor === 'mobile'
      ? LIGHTHOUSE_BUDGETS.mobilePerformance
      : LIGHTHOUSE_BUDGETS.desktopPerformance;
  return [
    {
      section: SECTION,
      name: `Lighthouse ${formFactor}: performance score (of 100)`,
      unit: 'score',
      value: of((run) => run.performance),
      range: [minimum, 100],
      note: `${LIGHTHOUSE}, ${formFactor === 'mobile' ? 'its default mobile profile (simulated slow 4G and a 4x slower CPU)' : '--preset=desktop'}; Largest Contentful Paint ${of((run) => run.lcp).median.toFixed(0)} ms (median).`,
    },
    {
      section: SECTION,
      name: `Lighthouse ${formFactor}: Total Blocking Time`,
      unit: 'ms',
      value: of((run) => run.tbt),
      ...(formFactor === 'mobile' ? { budget: LIGHTHOUSE_BUDGETS.mobileTbtMs } : {}),
    },
  ];
}

export function firstLoadFigures(firstLoad: LongTasks[], lighthouse: LighthouseRuns): Figure[] {
  return [
    {
      section: SECTION,
      name: 'Longest main-thread task from navigation to the app settled (first visit)',
      unit: 'ms',
      value: spread(firstLoad.map((load) => load.longest)),
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    ...lighthouseFigures(lighthouse.mobile, 'mobile'),
    ...lighthouseFigures(lighthouse.desktop, 'desktop'),
  ];
}
