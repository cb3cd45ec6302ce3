// Hostile files through the real "Add photos" and "Open…" of the production build, each made
// here, each under 2 MB, with the renderer's memory read while they go in (its resident
// memory, the worker's included, sampled every 50 ms). The cap: no such input grows the
// renderer by more than 500 MB, and none holds up a good photo added after it. A bundle that
// unpacks a thousandfold is refused without a long main-thread task and leaves the project
// and its storage as they were; a bundle whose photos are text ends with the Project menu
// idle, however late its progress messages arrive. An intake the user cancels stops at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBundle } from '../../src/io/bundle';
import { parseProjectFile } from '../../src/io/projectFile';
import {
  gifFrameLargerThanScreen,
  jpegSizeBehindComments,
  onePixelPng,
  paddedPhotoBundle,
  tiledTiff,
} from '../support/hostileFiles';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { sampleMemory, storedCounts } from './support/storage';
import { settleAfterLoad } from './support/workflow';

const MB = 1024 * 1024;
/** How much any input under 2 MB may grow the renderer (the tab and its worker). */
const RENDERER_GROWTH_CAP = 500 * MB;

const demoProject = readFileSync(
  fileURLToPath(new URL('../fixtures/projects/v1-press-demo.strainseer.json', import.meta.url)),
  'utf8',
);

/** Records the longest main-thread task of the page (Chromium's 'longtask' entries). */
function watchLongestTask() {
  const w = window as unknown as { longestTask: number };
  w.longestTask = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.longestTask = Math.max(w.longestTask, entry.duration);
  }).observe({ type: 'longtask' });
}

const longestTask = (page: Page) =>
  page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);

describeWithBrowser('hostile files', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  let cdp: CDPSession;
  const profile = mkdtempSync(join(tmpdir(), 'strain-seer-hostile-'));
  const files = mkdtempSync(join(tmpdir(), 'strain-seer-hostile-files-'));
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(files, name), bytes);
    return join(files, name);
  };

  beforeAll(async () => {
    server = await startPreview(4271);
    browser = await launchChromium(executablePath, { userDataDir: profile });
    page = browser.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    problems = watchForErrors(page);
    await page.goto(server.url);
    await settleAfterLoad(page);
    await page.evaluate(watchLongestTask);
    cdp = await page.context().newCDPSession(page);
  });

  afterAll(async () => {
    await cdp?.detach().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  /** How far the renderer's resident memory rose above its level before `work`, at its peak. */
  async function rendererGrowth(work: () => Promise<void>): Promise<number> {
    const before = sampleMemory(cdp, profile, 50);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const baseline = (await before.stop()).renderer;
    // The renderer was found and read: a growth of 0 from nothing would prove nothing.
    expect(baseline).toBeGreaterThan(20 * MB);
    const during = sampleMemory(cdp, profile, 50);
    await work();
    const peak = (await during.stop()).renderer;
    return peak - baseline;
  }

  const refusal = (name: string) =>
    page.getByRole('alert').getByRole('listitem').filter({ hasText: name });

  it('refuses photos whose real size lies past their first bytes, and adds the photo after them at once', async () => {
    const inputs = [
      write('comments.jpg', jpegSizeBehindComments(23_000)),
      write('frame.gif', gifFrameLargerThanScreen(20_000)),
      write('tiles.tif', tiledTiff(8000)),
      write('after.png', onePixelPng()),
    ];
    const growth = await rendererGrowth(async () => {
      const started = Date.now();
      await page.getByLabel('Add photos').setInputFiles(inputs);
      const added = page.getByRole('button', { name: 'Open after.png' });
      await expect.poll(() => added.count(), { timeout: 15_000 }).toBe(1);
      // Not held up behind the TIFF's quarter of a million tiles.
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const name of ['comments.jpg', 'frame.gif', 'tiles.tif']) {
        await expect.poll(() => refusal(name).count(), { timeout: 10_000 }).toBe(1);
      }
    });
    expect(await refusal('comments.jpg').textContent()).toContain('23000 × 23000 pixels (529 MP)');
    expect(await refusal('frame.gif').textContent()).toContain('20000 × 20000 pixels (400 MP)');
    expect(await refusal('tiles.tif').textContent()).toMatch(/250000 tiles of 16 × 16 pixels/);
    for (const name of ['comments.jpg', 'frame.gif', 'tiles.tif']) {
      expect(await page.getByRole('button', { name: `Open ${name}` }).count()).toBe(0);
    }
    expect(growth, `renderer grew by ${Math.round(growth / MB)} MB`).toBeLessThan(
      RENDERER_GROWTH_CAP,
    );
    expect(problems.all()).toEqual([]);
  });

  it('refuses a bundle that unpacks a thousandfold, leaving the project, its storage and the main thread alone', async () => {
    const names = JSON.parse(demoProject).project.images.map(
      (image: { name: string }) => image.name,
    );
    const bytes = paddedPhotoBundle(demoProject, names, 255 * MB);
    expect(bytes.length).toBeLessThan(2 * MB);
    const bundle = write('padded.strainseer', bytes);
    const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
    const rowsBefore = await rows.count();
    const storedBefore = await storedCounts(page);
    await page.evaluate(() => ((window as unknown as { longestTask: number }).longestTask = 0));

    const growth = await rendererGrowth(async () => {
      await page.getByLabel('Open…').setInputFiles(bundle);
      await page.getByText('“padded.strainseer” could not be opened:').waitFor({ timeout: 15_000 });
    });
    expect(
      await page.getByRole('alert').filter({ hasText: 'padded.strainseer' }).textContent(),
    ).toMatch(/times its packed size/);
    expect(await rows.count()).toBe(rowsBefore);
    expect((await storedCounts(page)).photos).toBe(storedBefore.photos);
    expect(await longestTask(page)).toBeLessThan(250);
    expect(growth, `renderer grew by ${Math.round(growth / MB)} MB`).toBeLessThan(
      RENDERER_GROWTH_CAP,
    );
  });

  it('cancels an intake on the user’s word: the decode under way stops, the files after it are not added', async () => {
    // An honest TIFF that takes many seconds: 15,625 tiles of 64 × 64, each its own Deflate stream.
    // Named so that the slow one comes first in the intake's natural order.
    const inputs = [
      write('a-slow.tif', tiledTiff(8000, 64)),
      write('b-next.png', onePixelPng()),
      write('c-next.png', onePixelPng()),
    ];
    await page.getByLabel('Add photos').setInputFiles(inputs);
    const cancel = page.getByRole('button', { name: 'Cancel adding photos' });
    await cancel.click({ timeout: 10_000 });
    const clicked = Date.now();
    await expect.poll(() => cancel.count(), { timeout: 10_000 }).toBe(0);
    expect(Date.now() - clicked).toBeLessThan(3000);
    for (const name of ['a-slow.tif', 'b-next.png', 'c-next.png']) {
      expect(await refusal(name).textContent()).toMatch(/Not added: the intake was cancelled/);
      expect(await page.getByRole('button', { name: `Open ${name}` }).count()).toBe(0);
    }
    expect(problems.all()).toEqual([]);
  });

  it('ends idle with Open… and both saves enabled after opening a bundle of text photo entries', async () => {
    const parsed = parseProjectFile(demoProject);
    if (!parsed.ok) throw new Error('fixture');
    const photos = new Map(
      parsed.document.images.map((image) => [image.name, new TextEncoder().encode('text')]),
    );
    const created = await createBundle(parsed.document, photos);
    if (!created.ok) throw new Error('bundle');
    const bundle = write(
      'text-photos.strainseer',
      new Uint8Array(await created.blob.arrayBuffer()),
    );
    const group = page.getByRole('group', { name: 'Project file' });
    for (let run = 0; run < 3; run++) {
      await page.getByLabel('Open…').setInputFiles(bundle);
      // Over a project with work not saved to a file, the menu asks first.
      const replace = page.getByRole('button', { name: 'Open and replace' });
      const opened = page.getByText(/^Opened text-photos.strainseer: 3 images/);
      await expect
        .poll(async () => (await replace.count()) + (await opened.count()), { timeout: 15_000 })
        .toBeGreaterThan(0);
      if ((await replace.count()) > 0) await replace.click();
      await opened.waitFor({ timeout: 15_000 });
      // Any progress message still on its way has arrived well within this.
      await page.waitForTimeout(300);
      expect(await page.getByText(/Opening|Reading/).count()).toBe(0);
      expect(await group.getByRole('button', { name: 'Save project file' }).isEnabled()).toBe(true);
      expect(await group.getByRole('button', { name: 'Save bundle with photos' }).isEnabled()).toBe(
        true,
      );
      expect(await page.getByLabel('Open…').isEnabled()).toBe(true);
    }
    expect(problems.all()).toEqual([]);
  });
});
