// The large projects' figures (scripts/bench/large.ts): the autosave's longest task at a few
// hundred photos, and a project file of thousands of images opened, a travel typed in it and
// the typing undone, each against the app's budget of no task over 50 ms.
import type { Figure } from './figures';
import type { HugeRuns, LargeRuns } from './large';
import { LONG_TASK_MS } from './probes';
import { spread } from './stats';

const MB = 1024 * 1024;

/** Large projects: the autosave at a few hundred photos, a project file of thousands of images. */
export function largeProjectFigures(
  large: LargeRuns,
  hugeRuns: HugeRuns,
  largeCount: number,
): Figure[] {
  const section = 'Large projects';
  const huge = `${hugeRuns.images}-image project file (${(hugeRuns.fileBytes / MB).toFixed(1)} MB)`;
  return [
    {
      section,
      name: `Autosave after a typed travel, ${largeCount} photos: longest main-thread task`,
      unit: 'ms',
      value: spread(large.autosaveLongestTask),
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    {
      section,
      name: `${huge}: open until the status table holds every image`,
      unit: 'ms',
      value: spread(hugeRuns.openMs),
      budget: 3000,
      note: `the strain table held every image after ${spread(hugeRuns.analysedMs).median.toFixed(0)} ms (median).`,
    },
    {
      section,
      name: `${huge}: longest main-thread task while it opens`,
      unit: 'ms',
      value: spread(hugeRuns.openLongestTask),
    },
    {
      section,
      name: `${huge}: longest main-thread task while a travel is typed`,
      unit: 'ms',
      value: spread(hugeRuns.typingLongestTask),
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    {
      section,
      name: `${huge}: longest main-thread task while that typing is undone`,
      unit: 'ms',
      value: spread(hugeRuns.undoLongestTask),
      budget: LONG_TASK_MS,
      judge: 'max',
    },
  ];
}
