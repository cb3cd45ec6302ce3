// Ingest, side by side with its reference in the same page: the app taking the 30 photos through
// its real file input (from the input's change event to every thumbnail in the table and the
// first photo drawn), and the browser's bare createImageBitmap decode of the same 30 files, one
// after another as the app's worker decodes them, run just before and just after the app. Long
// tasks and the JS heap are read over the app's ingest; the bare decodes' long tasks are kept as
// the page's own floor.
import type { Page } from 'playwright-core';
import { sampleMemory, storedCounts } from '../../tests/e2e/support/storage';
import { longTasksBetween, retainedHeap, type LongTasks } from './probes';
import type { AppSession } from './session';
import { waitUntil, withTimeout } from './wait';

export interface IngestRun {
  appMs: number;
  /** Mean of the bare decodes just before and just after the app's ingest. */
  bareMs: number;
  /** The two bare decodes, before and after. */
  bareSpreadMs: [number, number];
  appTasks: LongTasks;
  bareTasks: LongTasks;
  /** Main-thread JS heap: the settled empty app, the peak while ingesting, what stays after. */
  heapEmpty: number;
  heapPeak: number;
  heapAfter: number;
  /** Renderer process resident memory at its peak (the tab with its worker), bytes. */
  rendererPeak: number;
}

interface IngestWindow {
  benchIngest?: Promise<{ start: number; end: number }>;
}

/**
 * Runs in the page before the files are handed over: resolves with the change event's time and
 * the time of the frame after the one in which `count` thumbnails and the opened photo were
 * ready (the frame in which the annotation canvas paints the photo).
 */
function watchIngest(count: number): void {
  const w = window as IngestWindow;
  w.benchIngest = new Promise((resolve) => {
    let start = -1;
    const onChange = (event: Event) => {
      const target = event.target;
      if (!(target instanceof HTMLInputElement) || target.type !== 'file') return;
      start = event.timeStamp;
      document.removeEventListener('change', onChange, true);
    };
    document.addEventListener('change', onChange, true);
    const check = () => {
      const thumbnails = document.querySelectorAll('img[src^="blob:"]').length;
      const stage = document.querySelector('canvas[role="application"]')?.parentElement;
      const drawn = stage?.getAttribute('aria-busy') === 'false';
      if (start >= 0 && thumbnails >= count && drawn) {
        requestAnimationFrame(() => resolve({ start, end: performance.now() }));
      } else {
        requestAnimationFrame(check);
      }
    };
    requestAnimationFrame(check);
  });
}

/** Runs in the page: decodes every file of the bench's own input, one after another. */
async function decodeAll(): Promise<{ start: number; end: number }> {
  const input = document.getElementById('bench-files') as HTMLInputElement;
  const files = [...(input.files ?? [])];
  const start = performance.now();
  for (const file of files) {
    const bitmap = await createImageBitmap(file);
    if (bitmap.width === 0) throw new Error(`${file.name} decoded empty`);
    bitmap.close();
  }
  return { start, end: performance.now() };
}

async function bareDecode(page: Page, paths: string[]) {
  await page.evaluate(() => {
    if (document.getElementById('bench-files')) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'bench-files';
    input.hidden = true;
    document.body.append(input);
  });
  await page.locator('#bench-files').setInputFiles(paths);
  const { start, end } = await page.evaluate(decodeAll);
  return { ms: end - start, tasks: await longTasksBetween(page, start, end) };
}

async function appIngest(session: AppSession, paths: string[]) {
  const { page, cdp, profile } = session;
  const sampler = sampleMemory(cdp, profile, 100);
  await page.evaluate(watchIngest, paths.length);
  await page.getByLabel('Add photos').setInputFiles(paths);
  const { start, end } = await withTimeout(
    page.evaluate(() => (window as IngestWindow).benchIngest!),
    `${paths.length} thumbnails and the first photo drawn`,
    240_000,
  );
  // Autosave stores the photos after they show; wait for it so that it never overlaps the bare
  // decode (it would slow the reference down and flatter the ratio).
  await waitUntil(
    `autosave to store all ${paths.length} photos`,
    async () => (await storedCounts(page)).photos === paths.length,
    240_000,
  );
  const peaks = await sampler.stop();
  return { ms: end - start, tasks: await longTasksBetween(page, start, end), peaks };
}

/**
 * One run on a freshly loaded app: the bare decode just before and just after the app's ingest,
 * their mean the reference. Load from other processes drifts over seconds on a shared machine;
 * sandwiching the app's ingest between two references cancels a steady drift in the ratio.
 */
export async function measureIngest(session: AppSession, paths: string[]): Promise<IngestRun> {
  const heapEmpty = await retainedHeap(session.cdp);
  const before = await bareDecode(session.page, paths);
  const app = await appIngest(session, paths);
  const after = await bareDecode(session.page, paths);
  return {
    appMs: app.ms,
    bareMs: (before.ms + after.ms) / 2,
    bareSpreadMs: [before.ms, after.ms],
    appTasks: app.tasks,
    bareTasks: {
      longest: Math.max(before.tasks.longest, after.tasks.longest),
      over50: before.tasks.over50 + after.tasks.over50,
    },
    heapEmpty,
    heapPeak: app.peaks.jsHeap,
    heapAfter: await retainedHeap(session.cdp),
    rendererPeak: app.peaks.renderer,
  };
}
