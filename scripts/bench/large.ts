// A 200-photo project reopened: 200 photos of 12 MP are added once (each name its own file to
// the app, decoded, thumbnailed and autosaved), then the page is reloaded several times and the
// app restores the project from the browser's storage. The figure is the main thread's JS heap
// while it does so; only thumbnails are decoded, so it should stay near the empty app's.
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoredShownAt, sampleMemory, storedCounts } from '../../tests/e2e/support/storage';
import { afterFrames, retainedHeap } from './probes';
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
    return runs;
  } finally {
    await session.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
