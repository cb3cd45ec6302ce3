// A 200-photo project reopened: 200 photos of 12 MP are added once (each name its own file to
// the app, decoded, thumbnailed and autosaved), then the page is reloaded several times and the
// app restores the project from the browser's storage. The figure is the main thread's JS heap
// while it does so; only thumbnails are decoded, so it should stay near the empty app's. Then
// the autosave's longest task after a typed travel in it. Last, a project file of thousands
// of marked images is opened, a travel typed and the typing undone, timing the main thread.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { hugeName, tableRows, writeHugeProject } from '../../tests/e2e/support/hugeProject';
import { restoredShownAt, sampleMemory, storedCounts } from '../../tests/e2e/support/storage';
import { afterFrames, longTasksBetween, pageNow, retainedHeap } from './probes';
import { appSettled, openSession } from './session';
import { waitUntil } from './wait';

export interface LargeRuns {
  /** Adding all the photos until every one is stored, ms (once, not a figure's run). */
  addAndStoreMs: number;
  /** From navigation to the restore notice with every thumbnail shown, ms. */
  restoreMs: number[];
  heapPeak: number[];
  heapAfter: number[];
  rendererPeak: number[];
  /** The autosave's longest main-thread task after a travel typed in the reopened project, ms. */
  autosaveLongestTask: number[];
}

export async function measureLargeProject(
  executablePath: string,
  url: string,
  paths: string[],
  reloads: number,
): Promise<LargeRuns> {
  const profile = mkdtempSync(join(tmpdir(), 'strain-seer-bench-large-'));
  const session = await openSession(executablePath, url, { profile });
  const { page, cdp } = session;
  try {
    await appSettled(page);
    const count = paths.length;
    const started = Date.now();
    await page.getByLabel('Add photos').setInputFiles(paths);
    await waitUntil(
      `autosave to hold all ${count} photos`,
      async () => {
        const stored = await storedCounts(page);
        return (
          stored.photos === count &&
          stored.thumbnails === count &&
          stored.session?.doc.images.length === count
        );
      },
      900_000,
      1_000,
    );
    const runs: LargeRuns = {
      addAndStoreMs: Date.now() - started,
      restoreMs: [],
      heapPeak: [],
      heapAfter: [],
      rendererPeak: [],
      autosaveLongestTask: [],
    };
    for (let k = 0; k < reloads; k++) {
      const sampler = sampleMemory(cdp, profile, 100);
      await page.reload();
      runs.restoreMs.push(await restoredShownAt(page, count, 180_000));
      await afterFrames(page);
      await page.waitForTimeout(1_000);
      const peaks = await sampler.stop();
      runs.heapPeak.push(peaks.jsHeap);
      runs.rendererPeak.push(peaks.renderer);
      runs.heapAfter.push(await retainedHeap(cdp));
    }
    runs.autosaveLongestTask = await autosaveLongestTasks(page, 5);
    return runs;
  } finally {
    await session.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The autosave's longest main-thread task after each of `edits` travels typed, ms. */
export async function autosaveLongestTasks(page: Page, edits: number): Promise<number[]> {
  const longest: number[] = [];
  const box = page.getByLabel(/^Press travel for /).first();
  for (let k = 0; k < edits; k++) {
    const from = await pageNow(page);
    await box.fill(String(10 + k / 4));
    await waitUntil(
      'the autosave after a typed travel',
      () =>
        page.evaluate(
          (t) => performance.getEntriesByName('strain-seer:autosaved').some((m) => m.startTime > t),
          from,
        ),
      30_000,
      100,
    );
    await afterFrames(page);
    longest.push((await longTasksBetween(page, from, await pageNow(page))).longest);
  }
  return longest;
}

export interface HugeRuns {
  images: number;
  fileBytes: number;
  /** From handing the file to Open… until the status table holds every image, ms. */
  openMs: number[];
  /** Until the strain table holds every image too, ms. */
  analysedMs: number[];
  /** Longest main-thread task from the open until a second after the analysis, ms. */
  openLongestTask: number[];
  /** Longest main-thread task while a travel is typed and the analysis follows it, ms. */
  typingLongestTask: number[];
  /** Longest main-thread task while that typing is undone and the analysis follows, ms. */
  undoLongestTask: number[];
}

/** Opens a project file of `count` marked images, then types a travel, `runs` times. */
export async function measureHugeProject(
  executablePath: string,
  url: string,
  work: string,
  count: number,
  runs: number,
): Promise<HugeRuns> {
  const file = writeHugeProject(work, count);
  const result: HugeRuns = {
    images: count,
    fileBytes: file.bytes,
    openMs: [],
    analysedMs: [],
    openLongestTask: [],
    typingLongestTask: [],
    undoLongestTask: [],
  };
  for (let k = 0; k < runs; k++) {
    const session = await openSession(executablePath, url);
    const { page } = session;
    try {
      await appSettled(page);
      const started = await pageNow(page);
      const t0 = Date.now();
      await page.getByLabel('Open…').setInputFiles(file.path);
      const rows = (caption: string) => async () => (await tableRows(page, caption)) === count + 1;
      await waitUntil('the status table', rows('Images in sequence order'), 120_000, 50);
      result.openMs.push(Date.now() - t0);
      await waitUntil('the strain table', rows('Strain per image'), 120_000, 100);
      result.analysedMs.push(Date.now() - t0);
      await page.waitForTimeout(1_000);
      result.openLongestTask.push((await longTasksBetween(page, started, Infinity)).longest);

      const box = page.getByLabel(`Press travel for ${hugeName(1)} (mm)`);
      await box.click();
      await box.press('Control+A');
      const typing = await pageNow(page);
      await page.keyboard.type('12.75', { delay: 60 });
      await page.waitForTimeout(3_000);
      result.typingLongestTask.push((await longTasksBetween(page, typing, Infinity)).longest);

      await box.blur();
      const undoing = await pageNow(page);
      await page.keyboard.press('Control+Z');
      await page.waitForTimeout(3_000);
      result.undoLongestTask.push((await longTasksBetween(page, undoing, Infinity)).longest);
    } finally {
      await session.close();
    }
  }
  return result;
}
