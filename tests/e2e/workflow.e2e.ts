// The whole workflow as a user does it, in Chromium against the production
// build: add the three demo photos, mark every point by clicking on the photo
// (one image after zooming in), enter the scale length, read the results and
// download every export. Exported numbers are checked against the core run on
// the exported point coordinates, and against physics (the block widens and
// shortens). Long main-thread tasks are recorded during ingest and zoom/pan.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyseSequence } from '../../src/core';
import type { ImageMarks, StrainMeasure, Vec2 } from '../../src/core';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { expectSame, expectSameStrain } from './support/numbers';
import { canvas, clickPoint, openImage, screenOf, settleAfterLoad } from './support/workflow';

/** Fails only a gross regression of main-thread responsiveness; see the figures printed. */
const LONG_TASK_GUARD_MS = 250;

declare global {
  interface Window {
    longTasks: { start: number; duration: number }[];
    printCalls: number;
  }
}

/** Records every long main-thread task from the first moment of the page. */
function recordLongTasks() {
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate(
    (t) =>
      Math.max(
        0,
        ...window.longTasks.filter((task) => task.start >= t).map((task) => task.duration),
      ),
    since,
  );
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** Each status badge of the image table: its words and the outlines of the shapes it draws. */
function shownStatusShapes(page: Page): Promise<{ label: string; shapes: string }[]> {
  return page
    .getByRole('table', { name: 'Images in sequence order' })
    .locator('.badge')
    .evaluateAll((badges) =>
      badges.map((badge) => ({
        label: badge.textContent?.trim() ?? '',
        shapes: [...badge.querySelectorAll('path')]
          .filter((path) => (path as SVGPathElement).getTotalLength() > 0)
          .map((path) => path.getAttribute('d'))
          .join(' | '),
      })),
    );
}

function readDownload(download: Download): Promise<string> {
  return download.path().then((path) => readFileSync(path as string, 'utf8'));
}

describeWithBrowser('the marking-and-analysis workflow', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    server = await startPreview(4181);
    browser = await launchChromium(executablePath);
    page = browser.page;
    await page.setViewportSize({ width: 1400, height: 1000 });
    problems = watchForErrors(page);
    await page.addInitScript(recordLongTasks);
    await page.goto(server.url);
    await settleAfterLoad(page);
  });

  afterAll(async () => {
    console.info('workflow figures (ms):', JSON.stringify(figures));
    await browser?.close();
    await server?.stop();
  });

  it('adds the photos in natural order with travels from their names', async () => {
    const input = page.getByLabel('Add photos');
    // Playwright evaluates its own helper script in the page on the first locator call, a
    // 20-60 ms task of the test driver's: let it run before the measured window opens.
    await input.waitFor({ state: 'attached' });
    const start = await now(page);
    await input.setInputFiles(DEMO_PHOTOS.map((p) => p.path).reverse());
    // Waits with a plain DOM query: Playwright's role queries run on the page's main thread
    // too (20-60 ms each on this table), and would be counted as the app's long tasks.
    await page.waitForFunction(
      (count) =>
        [...document.querySelectorAll('table img')].filter(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth,
        ).length === count,
      DEMO_PHOTOS.length,
      { polling: 100, timeout: 30_000 },
    );
    figures.longestTaskDuringIngest = await longestTaskSince(page, start);
    const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
    expect(await rows.count()).toBe(4);
    for (const photo of DEMO_PHOTOS) {
      expect(await page.getByRole('img', { name: photo.file }).count()).toBe(1);
    }
    const names = await page.getByRole('button', { name: /^Open / }).allTextContents();
    expect(names.map((n) => n.replace('Open', '').trim())).toEqual(DEMO_PHOTOS.map((p) => p.file));
    for (const photo of DEMO_PHOTOS) {
      const travel = page.getByLabel(`Press travel for ${photo.file} (mm)`);
      expect(Number(await travel.inputValue())).toBe(photo.travel);
    }
    // The budget is 50 ms, which npm run bench holds over 30 photos of 12 MP. Here, with the
    // test's own waiting off the page's thread, runs on this 2-core machine measure 0 ms;
    // a busy host can still stretch one task past 50 ms, so the figure is reported and only
    // a gross regression fails the test.
    expect(figures.longestTaskDuringIngest).toBeLessThan(LONG_TASK_GUARD_MS);
  });

  it('marks every point by clicking on the photos, one of them after zooming in', async () => {
    for (const [i, photo] of DEMO_PHOTOS.entries()) {
      await openImage(page, photo.file);
      if (i === 1) {
        // Zoom in about the first dot and pan a little with the middle button.
        const target = await screenOf(page, photo.fiducials[0] as Vec2);
        const start = await now(page);
        await page.mouse.move(target.x, target.y);
        for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -240);
        await page.mouse.down({ button: 'middle' });
        await page.mouse.move(target.x + 40, target.y + 25, { steps: 8 });
        await page.mouse.up({ button: 'middle' });
        figures.longestTaskDuringZoomPan = await longestTaskSince(page, start);
        expect(Number(await canvas(page).getAttribute('data-zoom'))).toBeGreaterThan(1);
        await clickPoint(page, photo.fiducials[0] as Vec2);
        await page.getByRole('button', { name: 'Fit' }).click();
        for (const point of [...photo.fiducials.slice(1), ...photo.scale])
          await clickPoint(page, point);
      } else {
        for (const point of [...photo.fiducials, ...photo.scale]) await clickPoint(page, point);
      }
      await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
      if (i === 0) {
        // Readable without colour: each status row shows its word and one shape of its own.
        const badges = await shownStatusShapes(page);
        expect(badges.map((b) => b.label)).toEqual(['Complete', 'Missing', 'Missing']);
        const [complete, missing, alsoMissing] = badges.map((b) => b.shapes);
        expect(complete).not.toBe('');
        expect(missing).not.toBe('');
        expect(missing).not.toBe(complete);
        expect(alsoMissing).toBe(missing);
      }
      // The point table shows where each click landed, in image pixels.
      const table = page.getByRole('table', { name: `Points on ${photo.file}, in image pixels` });
      const cells = await table.locator('td.num').allTextContents();
      const placed = [...photo.fiducials, ...photo.scale];
      placed.forEach((expected, k) => {
        expect(Math.abs(Number(cells[2 * k]) - expected[0])).toBeLessThan(1.5);
        expect(Math.abs(Number(cells[2 * k + 1]) - expected[1])).toBeLessThan(1.5);
      });
    }
    expect(figures.longestTaskDuringZoomPan).toBeLessThan(LONG_TASK_GUARD_MS);
  });

  it('enters the scale length, picks Hencky, and reads the results for every image', async () => {
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    await page.getByLabel('Hencky', { exact: false }).check();
    const results = page.getByRole('table', { name: /Strain per image: Hencky/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 20_000 }).toBe(4);
    const last = results.getByRole('row', { name: new RegExp(DEMO_PHOTOS[2]!.file) });
    const cells = (await last.getByRole('cell').allTextContents()).map((t) =>
      Number(t.replace('\u2212', '-')),
    );
    // Press travel 30 mm; the block is wider (exx > 0) and shorter (eyy < 0).
    expect(cells[0]).toBe(30);
    expect(cells[1]).toBeGreaterThan(0.05);
    expect(cells[2]).toBeLessThan(-0.1);
    for (const component of ['exx', 'eyy', 'exy']) {
      await expect
        .poll(
          () =>
            page
              .getByRole('img', { name: new RegExp(`^Scatter plot of ${component} .*R²`) })
              .count(),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);
    }
    expect(problems.all()).toEqual([]);
  });

  it('downloads every export, and their numbers match the core on the exported points', async () => {
    const files: Record<string, string> = {};
    const pngs: Record<string, Buffer> = {};
    const buttons = page.getByRole('group', { name: 'Data files' }).getByRole('button');
    for (let i = 0; i < (await buttons.count()); i++) {
      const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
      files[download.suggestedFilename()] = await readDownload(download);
    }
    const charts = page.getByRole('group', { name: 'Chart images' }).getByRole('button');
    for (let i = 0; i < (await charts.count()); i++) {
      const [download] = await Promise.all([page.waitForEvent('download'), charts.nth(i).click()]);
      pngs[download.suggestedFilename()] = readFileSync((await download.path()) as string);
    }
    expect(Object.keys(files).sort()).toEqual(
      ['analysis_results.csv', 'analysis_results.json', 'raw_data.csv', 'raw_data.json'].sort(),
    );
    expect(Object.keys(pngs).sort()).toEqual(['strain_xx.png', 'strain_xy.png', 'strain_yy.png']);
    for (const png of Object.values(pngs)) {
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(5_000);
    }

    // The core, in Node, on the points the app exported.
    interface RawFile {
      filename: string;
      order: number;
      points: { point: [number, number]; label: string; label_id: number }[];
      deformation_distance: number | null;
      status: [boolean, string];
    }
    const raw = JSON.parse(files['raw_data.json']!) as {
      files_data: Record<string, RawFile>;
      scale_length: number;
    };
    expect(raw.scale_length).toBe(DEMO_SCALE_LENGTH_MM);
    const images: ImageMarks[] = Object.values(raw.files_data)
      .sort((a, b) => a.order - b.order)
      .map((file) => {
        expect(file.status).toEqual([true, 'Complete']);
        const fiducials = file.points.filter((p) => p.label === 'Fiducial').map((p) => p.point);
        const scale = file.points.filter((p) => p.label === 'Scale').map((p) => p.point);
        return {
          name: file.filename,
          fiducials,
          scalePoints: scale as unknown as [Vec2, Vec2],
          pressTravel: file.deformation_distance,
        };
      });
    expect(images.map((i) => i.name)).toEqual(DEMO_PHOTOS.map((p) => p.file));
    const measure: StrainMeasure = 'hencky';
    const expected = analyseSequence({
      images,
      scaleLength: raw.scale_length,
      measure,
      reference: { kind: 'total', referenceIndex: 0 },
    });

    const rawCsv = Papa.parse<Record<string, string>>(files['raw_data.csv']!.trim(), {
      header: true,
    });
    expect(rawCsv.meta.fields?.slice(0, 5)).toEqual([
      'filename',
      'deformation_distance',
      'strain_xx',
      'strain_yy',
      'strain_xy',
    ]);
    rawCsv.data.forEach((row, i) => {
      const image = expected.images[i]!;
      if (!image.ok) throw new Error(image.problem.message);
      expect(row.filename).toBe(image.name);
      expect(Number(row.deformation_distance)).toBe(image.pressTravel);
      // Full precision: the same doubles but for the engines' last digits.
      expectSameStrain(row, image.strain.strain);
      expectSame(Number(row.equivalent_strain), image.strain.equivalentStrain);
      expect(row.strain_measure).toBe(measure);
    });

    interface Trend {
      slope: number;
      intercept: number;
      r_squared: number;
      p_value: number;
    }
    const trends = JSON.parse(files['analysis_results.json']!) as Record<string, Trend>;
    const resultsCsv = Papa.parse<Record<string, string>>(files['analysis_results.csv']!.trim(), {
      header: true,
    });
    expect(resultsCsv.meta.fields?.slice(0, 5)).toEqual([
      'component',
      'slope',
      'intercept',
      'r_squared',
      'p_value',
    ]);
    const keys = { xx: 'x_axis', yy: 'y_axis', xy: 'shear' } as const;
    for (const [component, key] of Object.entries(keys) as [keyof typeof keys, string][]) {
      const trend = expected.trends[component];
      if (!trend.ok) throw new Error(trend.problem.message);
      const fit = trend.regression;
      // The fit's inputs: each image's value of this component against its travel.
      const index = { xx: [0, 0], yy: [1, 1], xy: [0, 1] }[component];
      const ys = expected.images.map((image) =>
        image.ok ? image.strain.strain[index[0]!]![index[1]!]! : 0,
      );
      const travels = images.map((image) => image.pressTravel ?? 0);
      const yScale = Math.max(...ys.map(Math.abs));
      const slopeScale = yScale / (Math.max(...travels) - Math.min(...travels));
      const fromJson = trends[key]!;
      expectSame(fromJson.slope, fit.slope, slopeScale);
      expectSame(fromJson.intercept, fit.intercept, yScale);
      expectSame(fromJson.r_squared, fit.rSquared);
      expectSame(fromJson.p_value, fit.pValue);
      const row = resultsCsv.data.find((r) => r.component === key)!;
      expectSame(Number(row.slope), fit.slope, slopeScale);
      expectSame(Number(row.p_value), fit.pValue);
    }
    // Physics: under the press the block widens and shortens, steadily.
    expect(trends.x_axis!.slope).toBeGreaterThan(0);
    expect(trends.y_axis!.slope).toBeLessThan(0);
    expect(problems.all()).toEqual([]);
  });

  it('prints a report: only the report goes to paper, with the results, charts and marked photos', async () => {
    // The print dialog itself is the browser's; the test records the call and prints to PDF.
    await page.evaluate(() => {
      window.printCalls = 0;
      window.print = () => void window.printCalls++;
    });
    const onScreen = await page
      .getByRole('table', { name: /Strain per image: Hencky/ })
      .getByRole('row')
      .allTextContents();
    await page.getByRole('button', { name: 'Print report…' }).click();
    await expect.poll(() => page.evaluate(() => window.printCalls)).toBe(1);

    const report = page.locator('body > article.print-report');
    await page.emulateMedia({ media: 'print' });
    expect(await report.isVisible()).toBe(true);
    // Everything else under <body> (the app, toasts, scripts) is hidden on paper.
    const shownBesides = await page
      .locator('body > :not(.print-report)')
      .evaluateAll((nodes) => nodes.filter((node) => getComputedStyle(node).display !== 'none'));
    expect(shownBesides).toHaveLength(0);
    // The same strain table as on screen, the three charts drawn, each photo with its marks.
    const printed = await report
      .getByRole('table', { name: /Strain per image: Hencky/ })
      .getByRole('row')
      .allTextContents();
    expect(printed).toEqual(onScreen);
    const charts = report.getByRole('img', { name: /^Chart of/ });
    expect(
      await charts.evaluateAll((images) =>
        images.map((image) => (image as HTMLImageElement).naturalWidth > 300),
      ),
    ).toEqual([true, true, true]);
    expect(await report.getByRole('img', { name: /7 points marked/ }).count()).toBe(3);
    // Under the marks, pictures made for print (720 px on the long side), not the thumbnails.
    const photoEdges = await report.locator('svg image').evaluateAll((images) =>
      Promise.all(
        images.map(async (image) => {
          const picture = new Image();
          picture.src = image.getAttribute('href') ?? '';
          await picture.decode();
          return Math.max(picture.naturalWidth, picture.naturalHeight);
        }),
      ),
    );
    expect(photoEdges).toEqual([720, 720, 720]);
    expect(
      await report
        .getByRole('table', { name: /Image pixels/ })
        .getByRole('row')
        .count(),
    ).toBe(1 + 3 * 7);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(6);

    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await expect.poll(() => report.count()).toBe(0);
    expect(problems.all()).toEqual([]);
  });
});
