// A large project in Chromium against the production build: 200 JPEG photos of
// 12 MP (4000 x 3000), made in the page itself, go through the real file input;
// they are autosaved and restored, first as a 30-photo project, then all 200.
// Only thumbnails and the open photo are ever decoded, so the tab's memory stays
// bounded; the peak JS heap and the renderer's resident memory are reported. Then a project
// file of 5000 marked images (made by the test, within the file limits) is opened and a
// travel typed in it, timing the open and the main thread's longest task.
//
// Encoding 200 distinct 12 MP JPEGs would take most of the run on two cores, so
// the page encodes a few distinct photos and files them under 200 names: every
// file is still decoded, thumbnailed and stored on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { longTasksBetween, pageNow, recordLongTasks } from '../../scripts/bench/probes';
import { openAppForSuite } from './support/appPage';
import { hugeName, tableRows, writeHugeProject } from './support/hugeProject';
import { restoredShownAt, sampleMemory, storedCounts } from './support/storage';
import type { MemoryPeaks } from './support/storage';

const WIDTH = 4000;
const HEIGHT = 3000;
const DISTINCT = 8;
const FIRST = 30;
const TOTAL = 200;
const MB = 1024 * 1024;

const nameOf = (i: number) => `specimen-${String(i).padStart(3, '0')}.jpg`;

/** Encodes `distinct` textured 12 MP JPEGs with five dark dots each, one canvas at a time. */
async function makePhotos(page: Page): Promise<number[]> {
  return page.evaluate(
    async ({ distinct, width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const g = canvas.getContext('2d')!;
      const blobs: Blob[] = [];
      for (let i = 0; i < distinct; i++) {
        let seed = 7919 * (i + 1);
        const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const gradient = g.createLinearGradient(0, 0, width, height);
        gradient.addColorStop(0, `hsl(${(i * 47) % 360} 25% 75%)`);
        gradient.addColorStop(1, `hsl(${(i * 47 + 140) % 360} 25% 45%)`);
        g.fillStyle = gradient;
        g.fillRect(0, 0, width, height);
        // Texture, so the files are photo-sized rather than a few kilobytes.
        for (let k = 0; k < 4000; k++) {
          g.fillStyle = `hsl(${rand() * 360} 35% ${35 + rand() * 45}%)`;
          g.fillRect(rand() * width, rand() * height, 3 + rand() * 50, 3 + rand() * 50);
        }
        g.fillStyle = '#141414';
        const dots = [
          [0.3, 0.3],
          [0.7, 0.3],
          [0.7, 0.7],
          [0.3, 0.7],
          [0.5, 0.5],
        ];
        for (const [x, y] of dots) {
          g.beginPath();
          g.arc(x! * width + 9 * i, y! * height, 45, 0, 2 * Math.PI);
          g.fill();
        }
        blobs.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 }));
      }
      (window as unknown as { photos: Blob[] }).photos = blobs;
      return blobs.map((blob) => blob.size);
    },
    { distinct: DISTINCT, width: WIDTH, height: HEIGHT },
  );
}

/** Hands photos [from, to) to the app's file input, as picking them would. */
async function addPhotos(page: Page, from: number, to: number): Promise<void> {
  const names = Array.from({ length: to - from }, (_, k) => nameOf(from + k));
  await page.getByLabel('Add photos').evaluate((input: HTMLInputElement, names: string[]) => {
    const photos = (window as unknown as { photos: Blob[] }).photos;
    const transfer = new DataTransfer();
    names.forEach((name, k) => {
      transfer.items.add(new File([photos[k % photos.length]!], name, { type: 'image/jpeg' }));
    });
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, names);
}

const openButtons = (page: Page) => page.getByRole('button', { name: /^Open specimen-/ });

/** Waits until `count` photos are in the table and nothing is being processed. */
async function ingested(page: Page, count: number): Promise<void> {
  await expect
    .poll(() => openButtons(page).count(), { timeout: 240_000, interval: 500 })
    .toBe(count);
  await expect.poll(() => page.getByText(/^Processing /).count(), { timeout: 30_000 }).toBe(0);
}

/** Waits until storage holds `count` photos, thumbnails, and a session with `count` images. */
async function saved(page: Page, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const stored = await storedCounts(page);
        return [stored.photos, stored.thumbnails, stored.session?.doc.images.length ?? 0];
      },
      { timeout: 120_000, interval: 500 },
    )
    .toEqual([count, count, count]);
}

/**
 * Reloads and waits until the notice says `count` photos came back and every row shows its
 * thumbnail; returns the time since navigation, and the restore's own duration.
 */
async function reloadAndRestore(page: Page, count: number) {
  await page.reload();
  const sinceNavigation = await restoredShownAt(page, count, 120_000);
  const restoreMs = await page.evaluate(
    () =>
      (performance.getEntriesByName('strain-seer:restored')[0] as PerformanceMark | undefined)
        ?.detail?.ms as number,
  );
  const longestTask = await page.evaluate(() =>
    Math.round(Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks)),
  );
  return {
    sinceNavigation: Math.round(sinceNavigation),
    restoreMs: Math.round(restoreMs),
    longestTask,
  };
}

/** Every thumbnail is a real image (decoded here, in the test, a few at a time). */
async function thumbnailsDecode(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const sources = [...document.querySelectorAll<HTMLImageElement>('img[src^="blob:"]')].map(
      (img) => img.src,
    );
    let good = 0;
    for (const src of sources) {
      const bitmap = await createImageBitmap(await (await fetch(src)).blob());
      if (bitmap.width > 0 && bitmap.height > 0) good++;
      bitmap.close();
    }
    return good;
  });
}

describeWithBrowser('a 200-photo project of 12 MP JPEGs', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let cdp: CDPSession;
  let problems: PageProblems;
  let sampler: ReturnType<typeof sampleMemory> | undefined;
  // Made in beforeAll, so that a skipped suite leaves nothing behind.
  let profile = '';
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'strain-seer-large-'));
    server = await startPreview(4206);
    browser = await launchChromium(executablePath, { userDataDir: profile });
    page = browser.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    problems = watchForErrors(page);
    cdp = await browser.context.newCDPSession(page);
    // Long main-thread tasks, from the first moment of every load (reported, not budgeted).
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(server.url);
    await page.getByText('Your work is saved in this browser as you go.').waitFor();
    sampler = sampleMemory(cdp, profile);
  });

  afterAll(async () => {
    const peaks: MemoryPeaks | undefined = await sampler?.stop();
    if (peaks) {
      figures.peakMainThreadJsHeapMB = +(peaks.jsHeap / MB).toFixed(1);
      figures.peakRendererRssMB = Math.round(peaks.renderer / MB);
      figures.peakChromiumRssMB = Math.round(peaks.total / MB);
      figures.memorySamples = peaks.samples;
    }
    console.info('large project figures:', JSON.stringify(figures));
    await browser?.close();
    await server?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('saves and restores a 30-photo project (restore time)', async () => {
    let started = Date.now();
    const sizes = await makePhotos(page);
    figures.generateMs = Date.now() - started;
    figures.jpegSizesMB = sizes.map((size) => +(size / MB).toFixed(2));
    expect(Math.min(...sizes)).toBeGreaterThan(500_000);

    started = Date.now();
    await addPhotos(page, 0, FIRST);
    await ingested(page, FIRST);
    figures.ingest30Ms = Date.now() - started;
    await saved(page, FIRST);
    figures.ingestAndSave30Ms = Date.now() - started;

    figures.restore30 = await reloadAndRestore(page, FIRST);
    expect(await thumbnailsDecode(page)).toBe(FIRST);
  }, 300_000);

  it('grows to 200 photos, autosaves them all, and restores all 200 without decoding them', async () => {
    // The reload dropped the generated files: make them again (one canvas at a time).
    await makePhotos(page);
    const started = Date.now();
    await addPhotos(page, FIRST, TOTAL);
    await ingested(page, TOTAL);
    figures.ingest170Ms = Date.now() - started;
    await saved(page, TOTAL);
    figures.ingestAndSave170Ms = Date.now() - started;

    figures.restore200 = await reloadAndRestore(page, TOTAL);
    expect(await thumbnailsDecode(page)).toBe(TOTAL);
    const names = await openButtons(page).allTextContents();
    expect(names.map((n) => n.replace('Open', '').trim())).toEqual(
      Array.from({ length: TOTAL }, (_, i) => nameOf(i)),
    );

    // The restored files open at full size, one at a time, on demand.
    for (const i of [TOTAL - 1, 0]) {
      await page.getByRole('button', { name: `Open ${nameOf(i)}` }).click();
      await page.getByRole('heading', { name: `Mark points on ${nameOf(i)}` }).waitFor();
      await page.locator('.stage[aria-busy="false"]').waitFor({ timeout: 30_000 });
    }
    expect(problems.all()).toEqual([]);
  }, 480_000);

  it('kept the tab within bounded memory throughout', async () => {
    const peaks = sampler!.peaks;
    expect(peaks.samples).toBeGreaterThan(10);
    // 200 decoded 12 MP photos would be 9.6 GB; thumbnails and one open photo are far below 1.5 GB.
    expect(peaks.renderer).toBeGreaterThan(0);
    expect(peaks.renderer).toBeLessThan(1.5 * 1024 * MB);
    expect(peaks.jsHeap).toBeLessThan(256 * MB);
  });
});

describeWithBrowser('a 5000-image project file', (executablePath) => {
  const COUNT = 5000;
  let page: Page;
  let problems: PageProblems;
  let dir = '';
  const figures: Record<string, number> = {};

  openAppForSuite(executablePath, 4207, { width: 1400, height: 1000 }, (app) => {
    ({ page, problems } = app);
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strain-seer-huge-'));
    await page.evaluate(recordLongTasks);
  });
  afterAll(() => {
    console.info('5000-image project figures:', JSON.stringify(figures));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens within seconds, with its status and strain tables drawn', async () => {
    const file = writeHugeProject(dir, COUNT);
    figures.fileBytes = file.bytes;
    const started = await pageNow(page);
    const t0 = Date.now();
    await page.getByLabel('Open…').setInputFiles(file.path);
    await expect
      .poll(() => tableRows(page, 'Images in sequence order'), { timeout: 60_000, interval: 50 })
      .toBe(COUNT + 1);
    figures.openMs = Date.now() - t0;
    await expect
      .poll(() => tableRows(page, 'Strain per image'), { timeout: 60_000, interval: 100 })
      .toBe(COUNT + 1);
    figures.analysedMs = Date.now() - t0;
    await page.waitForTimeout(1000);
    figures.openLongestTaskMs = (await longTasksBetween(page, started, Infinity)).longest;
    expect(figures.openMs).toBeLessThan(5000);
  }, 120_000);

  // The worker keeps the analysis between edits and the autosave writes only the images that
  // changed, so a key costs about what it costs in a small project. The budget, no task over
  // 50 ms, is the bench's to judge on a quiet machine; this bound holds on a loaded one, where
  // sending the whole sequence to the worker and back used to take 150 to 550 ms.
  it('takes a typed travel, and its undo, without a long main-thread task', async () => {
    const input = page.getByLabel(`Press travel for ${hugeName(1)} (mm)`);
    await input.click();
    await input.press('Control+A');
    const started = await pageNow(page);
    const t0 = Date.now();
    // Keys go to the focused box; the page is not searched for it again at each key.
    await page.keyboard.type('12.75', { delay: 60 });
    figures.typeMs = Date.now() - t0;
    // The analysis follows the new travel, and the save after it.
    // Read where the results view keeps it, behind its tab: showing the view would add its
    // drawing to the tasks measured here.
    const row = page.locator('#view-results tr[data-row]').filter({ hasText: hugeName(1) });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('12.75');
    await page.waitForTimeout(1500);
    figures.typingLongestTaskMs = (await longTasksBetween(page, started, Infinity)).longest;

    // The typing undone as one step: written as the edit was, not as a save of every image.
    await input.blur();
    const undoing = await pageNow(page);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).not.toContain('12.75');
    await page.waitForTimeout(1500);
    figures.undoLongestTaskMs = (await longTasksBetween(page, undoing, Infinity)).longest;
    expect(problems.all()).toEqual([]);
    expect(figures.typingLongestTaskMs).toBeLessThan(200);
    expect(figures.undoLongestTaskMs).toBeLessThan(200);
  }, 120_000);
});
