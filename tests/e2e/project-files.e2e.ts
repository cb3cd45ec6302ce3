// Project files in Chromium against the production build. (1) The original's
// raw_data.json plus the demo photos gives the same numbers as the core on those
// points. (2) That project, saved as a bundle, reopens in a fresh browser profile
// (no site data at all) with identical results and an identical raw_data.csv.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyseSequence } from '../../src/core';
import type { ImageMarks, Vec2 } from '../../src/core';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { expectSameStrain } from './support/numbers';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { showView } from './support/workflow';

const RAW_DATA = fileURLToPath(new URL('../fixtures/original/raw_data.json', import.meta.url));

const resultsTable = (page: Page) => page.getByRole('table', { name: /Strain per image/ });

/** Every cell of the per-image results table, row by row, once every image has a row. */
async function resultCells(page: Page): Promise<string[][]> {
  await showView(page, 'Results');
  const rows = resultsTable(page).getByRole('row');
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(DEMO_PHOTOS.length + 1);
  const cells: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    cells.push(await rows.nth(i).locator('th, td').allTextContents());
  }
  return cells;
}

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return file;
}

async function rawCsv(page: Page): Promise<string> {
  await showView(page, 'Results');
  const file = await download(page, () =>
    page.getByRole('button', { name: /raw_data\.csv/ }).click(),
  );
  return readFileSync((await file.path()) as string, 'utf8');
}

/** Opens a file with the Project menu's "Open…" and waits for it to be opened. */
async function openFile(page: Page, path: string) {
  await page.getByLabel('Open…').setInputFiles(path);
  await page.getByText(/^Opened /).waitFor({ timeout: 30_000 });
}

describeWithBrowser('project files', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  const keep = mkdtempSync(join(tmpdir(), 'strain-seer-bundle-'));
  const before: { cells: string[][]; csv: string; bundle: string } = {
    cells: [],
    csv: '',
    bundle: '',
  };

  async function freshBrowser() {
    await browser?.close();
    // A new profile directory: no IndexedDB, storage, caches or service worker of the last one.
    browser = await launchChromium(executablePath);
    page = browser.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    problems = watchForErrors(page);
    await page.goto(server!.url);
  }

  beforeAll(async () => {
    server = await startPreview(4191);
    await freshBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(keep, { recursive: true, force: true });
  });

  it("opens the original's raw_data.json, matches the photos by name, and gets the core's numbers", async () => {
    await openFile(page, RAW_DATA);
    await page.getByText('Add the photos: 0 of 3 matched.').waitFor();
    await page.getByLabel('Add photos').setInputFiles(DEMO_PHOTOS.map((p) => p.path).reverse());
    for (const photo of DEMO_PHOTOS) {
      await expect.poll(() => page.getByRole('img', { name: photo.file }).count()).toBe(1);
    }
    await expect.poll(() => page.getByText(/Add the photos:/).count()).toBe(0);
    // Still three images (matched, not added again), in the file's order.
    const names = await page.getByRole('button', { name: /^Open deformation/ }).allTextContents();
    expect(names.map((n) => n.replace('Open', '').trim())).toEqual(DEMO_PHOTOS.map((p) => p.file));
    // The photo opens under its points.
    await showView(page, 'Mark photos');
    await page.getByRole('button', { name: `Open ${DEMO_PHOTOS[1]!.file}` }).click();
    await page.locator('.stage[aria-busy="false"]').waitFor();

    before.cells = await resultCells(page);
    before.csv = await rawCsv(page);

    // The core, in Node, on the points of the file.
    const raw = JSON.parse(readFileSync(RAW_DATA, 'utf8')) as {
      files_data: Record<
        string,
        {
          filename: string;
          order: number;
          points: { point: Vec2; label: string }[];
          deformation_distance: number;
        }
      >;
      scale_length: number;
    };
    const images: ImageMarks[] = Object.values(raw.files_data)
      .sort((a, b) => a.order - b.order)
      .map((file) => ({
        name: file.filename,
        fiducials: file.points.filter((p) => p.label === 'Fiducial').map((p) => p.point),
        scalePoints: file.points.filter((p) => p.label === 'Scale').map((p) => p.point) as [
          Vec2,
          Vec2,
        ],
        pressTravel: file.deformation_distance,
      }));
    const expected = analyseSequence({
      images,
      scaleLength: raw.scale_length,
      measure: 'small',
      reference: { kind: 'total', referenceIndex: 0 },
    });
    const rows = Papa.parse<Record<string, string>>(before.csv.trim(), { header: true }).data;
    expect(rows.map((row) => row.filename)).toEqual(DEMO_PHOTOS.map((p) => p.file));
    rows.forEach((row, i) => {
      const image = expected.images[i]!;
      if (!image.ok) throw new Error(image.problem.message);
      expect(Number(row.deformation_distance)).toBe(image.pressTravel);
      expectSameStrain(row, image.strain.strain);
      expect(row.strain_measure).toBe('small');
    });
    expect(problems.all()).toEqual([]);
  });

  it('saves the project as a bundle with its photos', async () => {
    await showView(page, 'Results');
    await page.getByRole('radio', { name: /^Hencky/ }).check();
    await expect
      .poll(() => page.getByRole('table', { name: /Strain per image: Hencky/ }).count())
      .toBe(1);
    before.cells = await resultCells(page);
    before.csv = await rawCsv(page);
    const bundle = await download(page, () =>
      page.getByRole('button', { name: 'Save bundle with photos' }).click(),
    );
    expect(bundle.suggestedFilename()).toMatch(/^strain-seer-project-.*\.strainseer$/);
    // Kept outside the browser's download folder, which goes with the browser.
    before.bundle = join(keep, bundle.suggestedFilename());
    await bundle.saveAs(before.bundle);
    await page.getByText(/^Saved strain-seer-project-.*\.strainseer\.$/).waitFor();
    expect(problems.all()).toEqual([]);
  });

  it('reopens the bundle in a fresh browser with identical results and raw_data.csv', async () => {
    await freshBrowser();
    await expect.poll(() => page.getByLabel('Open…').count()).toBe(1);
    await showView(page, 'Mark photos');
    expect(await page.getByRole('button', { name: /^Open deformation/ }).count()).toBe(0);

    await openFile(page, before.bundle);
    for (const photo of DEMO_PHOTOS) {
      await expect.poll(() => page.getByRole('img', { name: photo.file }).count()).toBe(1);
    }
    expect(await page.getByText(/Add the photos:/).count()).toBe(0);
    await showView(page, 'Results');
    await expect
      .poll(() => page.getByRole('table', { name: /Strain per image: Hencky/ }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    expect(await resultCells(page)).toEqual(before.cells);
    expect(await rawCsv(page)).toBe(before.csv);
    // The photos themselves came back: one opens at full size under its points.
    await showView(page, 'Mark photos');
    await page.getByRole('button', { name: `Open ${DEMO_PHOTOS[2]!.file}` }).click();
    await page.locator('.stage[aria-busy="false"]').waitFor();
    await page.getByText('All points placed').waitFor();
    expect(problems.all()).toEqual([]);
  });
});
