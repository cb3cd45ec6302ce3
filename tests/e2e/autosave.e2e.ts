// Autosave and restore in Chromium against the production build, on one
// browser profile that is closed and reopened between tests: a marked project
// comes back whole after a reload; a second tab does not save until it takes
// over; a page closed without unload, or a crashed renderer, loses no edit, even one
// made 50 ms before the crash; a new project asks first and clears storage. Prints the
// autosave latency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import { startPreview } from './support/server';
import { storedCounts } from './support/storage';
import type { RunningServer } from './support/server';
import {
  addDemoPhotos,
  canvas,
  clickPoint,
  markDemoPhoto,
  openImage,
  screenOf,
  showView,
} from './support/workflow';

const SAVED_MARK = 'strain-seer:autosaved';
const RESTORED_MARK = 'strain-seer:restored';

const stored = storedCounts;

interface SaveLog {
  saves: number[];
  writeMs: number[];
  /** When the latest pointer press reached the page (the event's own time stamp). */
  pressedAt: number;
}

/** Logs every autosave commit (each sets the mark anew; an observer sees them all) and presses. */
async function watchSaves(page: Page) {
  await page.evaluate((name) => {
    const w = window as unknown as SaveLog;
    w.saves = [];
    w.writeMs = [];
    w.pressedAt = -1;
    addEventListener('pointerdown', (event) => (w.pressedAt = event.timeStamp), true);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name !== name) continue;
        w.saves.push(entry.startTime);
        w.writeMs.push((entry as PerformanceMark).detail.ms);
      }
    }).observe({ type: 'mark' });
  }, SAVED_MARK);
}

const savesSince = (page: Page, since: number) =>
  page.evaluate((t) => (window as unknown as SaveLog).saves.filter((s) => s > t), since);

const pressedAt = (page: Page) => page.evaluate(() => (window as unknown as SaveLog).pressedAt);

/** The point table of the open image: [x, y] per slot as shown (blank when not placed). */
async function pointCells(page: Page, file: string): Promise<string[]> {
  const table = page.getByRole('table', { name: `Points on ${file}, in image pixels` });
  return table.locator('td.num').allTextContents();
}

/**
 * Each point's standard uncertainty as the point table says it. A snapped point's grade
 * comes back with it, but why a grade is below good is known only in the session that
 * snapped it ("; dot fair: faint" there, "; dot fair" after a restore), so only the
 * uncertainty is compared.
 */
async function precisionCells(page: Page, file: string): Promise<string[]> {
  const table = page.getByRole('table', { name: `Points on ${file}, in image pixels` });
  const cells = await table.locator('td.quality').allTextContents();
  return cells.map((cell) => cell.trim().replace(/; dot (good|fair|poor)(: .*)?$/, ''));
}

interface Snapshot {
  points: Record<string, string[]>;
  precision: Record<string, string[]>;
  handPlaced: string;
  travels: Record<string, number>;
  scaleLength: number;
  hencky: boolean;
  reference: string;
  marking: string | null;
}

async function snapshot(page: Page): Promise<Snapshot> {
  const marking = await page.getByRole('heading', { name: /^Mark points on / }).textContent();
  const points: Record<string, string[]> = {};
  const precision: Record<string, string[]> = {};
  const travels: Record<string, number> = {};
  for (const photo of DEMO_PHOTOS) {
    await openImage(page, photo.file);
    points[photo.file] = await pointCells(page, photo.file);
    precision[photo.file] = await precisionCells(page, photo.file);
    travels[photo.file] = Number(
      await page.getByLabel(`Press travel for ${photo.file} (mm)`).inputValue(),
    );
  }
  // Put the selection back where it was, so taking the snapshot changes nothing.
  if (marking) await openImage(page, marking.replace('Mark points on ', ''));
  // The radios are read by role, which sees only what is shown: the results view, briefly.
  await showView(page, 'Results');
  const hencky = await page.getByRole('radio', { name: 'Hencky (logarithmic)' }).isChecked();
  await showView(page, 'Mark photos');
  return {
    points,
    precision,
    handPlaced: await page.getByLabel('Hand-placed point uncertainty (px)').inputValue(),
    travels,
    // Compared as numbers: the box shows a restored 40 as "40.0".
    scaleLength: Number(await page.getByLabel('Scale length (mm)').inputValue()),
    hencky,
    reference: await page.getByLabel('Reference image', { exact: true }).inputValue(),
    marking,
  };
}

describeWithBrowser('autosave and restore', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  // Made in beforeAll, so that a skipped suite leaves nothing behind.
  let profile = '';
  const figures: Record<string, number | number[]> = {};

  const launch = async () => {
    browser = await launchChromium(executablePath, { userDataDir: profile });
    await browser.page.setViewportSize({ width: 1400, height: 1000 });
    return browser.page;
  };

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'strain-seer-autosave-'));
    server = await startPreview(4205);
  });

  afterAll(async () => {
    console.info('autosave figures (ms):', JSON.stringify(figures));
    await browser?.close();
    await server?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  let before: Snapshot;

  it('marks a project, reloads, and finds every point, travel and setting again', async () => {
    const page = await launch();
    const problems = watchForErrors(page);
    await page.goto(server!.url);
    await page.getByText('Your work is saved in this browser as you go.').waitFor();
    await addDemoPhotos(page);
    for (const photo of DEMO_PHOTOS.slice(0, 2)) await markDemoPhoto(page, photo);
    // The first photo's centre snapped to its dot: its located uncertainty is saved too.
    const first = DEMO_PHOTOS[0]!;
    await openImage(page, first.file);
    await page.getByRole('button', { name: 'Delete fiducial 4 (centre)' }).click();
    await canvas(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const centre = await screenOf(page, first.fiducials[4]!);
    await page.mouse.click(centre.x, centre.y);
    await expect
      .poll(async () => (await precisionCells(page, first.file))[4], { timeout: 20_000 })
      .toMatch(/^±0\.\d\d px$/);

    // The last photo is marked one click at a time, timing each commit to IndexedDB.
    await watchSaves(page);
    const last = DEMO_PHOTOS[2]!;
    await openImage(page, last.file);
    const latencies: number[] = [];
    for (const point of [...last.fiducials, ...last.scale]) {
      await page.waitForTimeout(600); // let the previous save settle, so each click saves alone
      await clickPoint(page, point);
      // From the press reaching the page to the data committed in IndexedDB.
      const clickedAt = await pressedAt(page);
      await expect.poll(() => savesSince(page, clickedAt).then((s) => s.length)).toBe(1);
      latencies.push((await savesSince(page, clickedAt))[0]! - clickedAt);
    }
    figures.autosaveLatency = latencies.map(Math.round);
    // Of which the save itself (snapshot, IndexedDB write and commit), after the debounce.
    figures.autosaveWrite = await page.evaluate(() =>
      (window as unknown as SaveLog).writeMs.map(Math.round),
    );
    await expect.poll(() => page.getByText('All points placed').count()).toBe(1);

    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    await page.getByLabel('Hand-placed point uncertainty (px)').fill('0.8');
    await page.getByRole('radio', { name: 'Hencky (logarithmic)' }).check();
    await page
      .getByLabel('Reference image', { exact: true })
      .selectOption({ label: `2. ${DEMO_PHOTOS[1]!.file}` });
    await showView(page, 'Mark photos');
    await page.getByLabel(`Press travel for ${last.file} (mm)`).fill('31.5');
    await page.getByLabel(`Press travel for ${last.file} (mm)`).press('Tab');
    await openImage(page, DEMO_PHOTOS[1]!.file);
    before = await snapshot(page);
    expect(before.points[last.file]!.filter((cell) => cell.trim() !== '')).toHaveLength(14);
    expect(before.travels[last.file]).toBe(31.5);
    expect(before.handPlaced).toBe('0.8');
    expect(before.precision[first.file]!.filter((cell) => cell.startsWith('hand-placed'))).toEqual(
      Array(6).fill('hand-placed, ±0.8 px (set in analysis settings)'),
    );
    await expect.poll(() => page.getByText(/^Saved at /).count()).toBe(1);
    await page.waitForTimeout(500);

    await page.reload();
    await page
      .getByText(
        /^Restored 3 photos and 21 points from your last session, saved (just now|1 minute ago)\.$/,
      )
      .waitFor();
    figures.restoreSmallProjectSinceNavigation = await page.evaluate(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? -1,
      RESTORED_MARK,
    );
    for (const photo of DEMO_PHOTOS) {
      await expect.poll(() => page.getByRole('img', { name: photo.file }).count()).toBe(1);
    }
    expect(await snapshot(page)).toEqual(before);
    // The analysis runs again on the restored points.
    await showView(page, 'Results');
    const results = page.getByRole('table', { name: /Strain per image: Hencky/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 20_000 }).toBe(4);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByText(/^Restored /).count()).toBe(0);
    const inStorage = await stored(page);
    expect(inStorage.photos).toBe(3);
    expect(inStorage.thumbnails).toBe(3);
    expect(problems.all()).toEqual([]);
    for (const latency of latencies) expect(latency).toBeLessThan(1500);
  });

  it('a second tab says another tab saves, saves nothing, and takes over only when asked', async () => {
    const first = browser!.page;
    const second = await browser!.context.newPage();
    await second.goto(server!.url);
    await second
      .getByText('Strain Seer is open in another tab; editing here would overwrite it.')
      .waitFor();
    await second.getByText('Not saving in this tab.').waitFor();
    // An edit here is not saved.
    await showView(second, 'Results');
    await second.getByLabel('Scale length (mm)').fill('77');
    await second.waitForTimeout(800);
    expect((await stored(second)).session?.doc.scaleLength).toBe(DEMO_SCALE_LENGTH_MM);

    await second.getByRole('button', { name: 'Use this tab instead' }).click();
    await first.getByText('Strain Seer now saves in another tab.').waitFor();
    await expect
      .poll(() => second.getByText(/open in another tab/).count(), { timeout: 10_000 })
      .toBe(0);
    // The second tab was edited, so its version is the one saved now.
    await expect.poll(async () => (await stored(second)).session?.doc.scaleLength).toBe(77);
    await second.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    await expect
      .poll(async () => (await stored(second)).session?.doc.scaleLength)
      .toBe(DEMO_SCALE_LENGTH_MM);

    // Closing the second tab hands saving back to the first, which reloads its work.
    await second.close();
    await first.getByText('The other tab was closed; this tab saves your work now.').waitFor();
    expect(Number(await first.getByLabel('Scale length (mm)').inputValue())).toBe(
      DEMO_SCALE_LENGTH_MM,
    );
  });

  it('keeps the last edit when the page is closed right after it, without unload', async () => {
    const page = browser!.page;
    const photo = DEMO_PHOTOS[0]!;
    await showView(page, 'Mark photos');
    await page.getByLabel(`Press travel for ${photo.file} (mm)`).fill('2.75');
    // Still inside the debounce: storage does not have the edit yet...
    const images = (await stored(page)).session?.doc.images as { pressTravel: number }[];
    expect(images[0]?.pressTravel).toBe(0);
    // ...and the page goes at once, beforeunload skipped: only the pagehide flush can save it.
    await page.close({ runBeforeUnload: false });
    await browser!.close();

    const reopened = await launch();
    await reopened.goto(server!.url);
    await reopened.getByText(/^Restored 3 photos and 21 points/).waitFor();
    expect(
      Number(await reopened.getByLabel(`Press travel for ${photo.file} (mm)`).inputValue()),
    ).toBe(2.75);
  });

  it('keeps an edit when the renderer crashes shortly after it (no unload at all)', async () => {
    const page = browser!.page;
    const photo = DEMO_PHOTOS[0]!;
    await openImage(page, photo.file);
    // Delete the centre fiducial from the point table.
    await page.getByRole('button', { name: /^Delete fiducial 4/ }).click();
    await expect.poll(() => page.getByText('All points placed').count()).toBe(0);
    await page.waitForTimeout(600); // a little longer than the debounce; nothing else happens
    await page.goto('chrome://crash').catch(() => undefined);
    await browser!.close();

    const reopened = await launch();
    await reopened.goto(server!.url);
    await reopened.getByText(/^Restored 3 photos and 20 points/).waitFor();
    await openImage(reopened, photo.file);
    const cells = await pointCells(reopened, photo.file);
    expect(cells.filter((cell) => cell.trim() !== '')).toHaveLength(12);
  });

  it('keeps a dragged point, a typed travel and a changed setting when the renderer crashes 50 ms after each', async () => {
    const photo = DEMO_PHOTOS[0]!;
    /** Crashes the tab 50 ms after an edit, then opens the app in a new tab of the same profile. */
    const crashAndReopen = async (page: Page) => {
      const cdp = await browser!.context.newCDPSession(page);
      await page.waitForTimeout(50);
      void cdp.send('Page.crash').catch(() => undefined);
      await page.waitForEvent('crash', { timeout: 10_000 });
      const next = await browser!.context.newPage();
      await next.goto(server!.url);
      await next.getByText(/^Restored 3 photos and 20 points/).waitFor({ timeout: 15_000 });
      browser!.page = next;
      return next;
    };

    let page = browser!.page;
    await openImage(page, photo.file);
    const before = await pointCells(page, photo.file);
    // Dragged 33 px right and 22 px down in the photo, whatever the stage's zoom: far enough
    // off its dot that letting go does not snap it back.
    const [x0, y0] = photo.fiducials[0]!;
    const from = await screenOf(page, [x0, y0]);
    const to = await screenOf(page, [x0 + 33, y0 + 22]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    page = await crashAndReopen(page);
    await openImage(page, photo.file);
    const moved = await pointCells(page, photo.file);
    expect(Number(moved[0])).toBeGreaterThan(Number(before[0]) + 5);
    expect(Number(moved[1])).toBeGreaterThan(Number(before[1]) + 3);

    await page.getByLabel(`Press travel for ${photo.file} (mm)`).fill('4.125');
    page = await crashAndReopen(page);
    expect(Number(await page.getByLabel(`Press travel for ${photo.file} (mm)`).inputValue())).toBe(
      4.125,
    );

    await showView(page, 'Results');
    await page.getByRole('radio', { name: 'Green-Lagrange' }).check();
    page = await crashAndReopen(page);
    await showView(page, 'Results');
    expect(await page.getByRole('radio', { name: 'Green-Lagrange' }).isChecked()).toBe(true);
    // Every edit survived each later crash too.
    expect(Number(await page.getByLabel(`Press travel for ${photo.file} (mm)`).inputValue())).toBe(
      4.125,
    );
    await openImage(page, photo.file);
    expect(await pointCells(page, photo.file)).toEqual(moved);
  });

  it('asks before a new project, then clears the work and the stored photos', async () => {
    const page = browser!.page;
    await page.getByRole('button', { name: 'New project', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a new project?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('button', { name: /^Open / }).count()).toBe(3);

    await page.getByRole('button', { name: 'New project', exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Save a bundle with the photos first' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^strain-seer-project-.*\.strainseer$/);
    await dialog.getByText(/^Saved strain-seer-project-.*\.strainseer\.$/).waitFor();
    await dialog.getByRole('button', { name: 'Remove it and start new' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Open / }).count()).toBe(0);
    await expect.poll(async () => (await stored(page)).photos).toBe(0);
    expect(await stored(page)).toEqual({ photos: 0, thumbnails: 0, session: null });

    await page.reload();
    await page.getByText('Your work is saved in this browser as you go.').waitFor();
    expect(await page.getByText(/^Restored /).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Open / }).count()).toBe(0);
  });
});
