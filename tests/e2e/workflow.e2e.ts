// The whole workflow as a user does it, in Chromium against the production
// build: add the three demo photos, mark every point by clicking on the photo
// (one image after zooming in), enter the scale length, read the results and
// download every export. Exported numbers, uncertainties included, are checked
// against the core run on the exported point coordinates and uncertainties, and
// against physics (the block widens and shortens). The ± values, the charts' error
// bars and confidence bands are read in the page. Long main-thread tasks are
// recorded during ingest and zoom/pan.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyseSequence, confidenceBand, strainResolution } from '../../src/core';
import type { ImageMarks, StrainMeasure, Vec2 } from '../../src/core';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { expectSame, expectSameStrain } from './support/numbers';
import {
  canvas,
  cellNumbers,
  clickPoint,
  openImage,
  screenOf,
  settleAfterLoad,
  showView,
} from './support/workflow';

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

/** A plain click: the point snaps to the centre of the dot there. */
async function snapPoint(page: Page, point: Vec2) {
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const { x, y } = await screenOf(page, point);
  await page.mouse.click(x, y);
}

/** What a trend chart drew, as it writes it on its canvas. */
async function drawnChart(page: Page, component: string) {
  const chart = page.getByRole('img', { name: new RegExp(`^Scatter plot of ${component} `) });
  const [bars, band] = await Promise.all([
    chart.getAttribute('data-error-bars'),
    chart.getAttribute('data-band'),
  ]);
  return {
    bars: JSON.parse(bars ?? '[]') as { x: number; low: number; high: number }[],
    band: JSON.parse(band ?? '{}') as {
      low?: { x: number; y: number }[];
      high?: { x: number; y: number }[];
    },
  };
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
      } else if (i === 0) {
        // The reference: four corners and the scale points placed by hand, the centre
        // snapped to its dot (it then carries the located uncertainty into the analysis).
        for (const point of photo.fiducials.slice(0, 4)) await clickPoint(page, point);
        await snapPoint(page, photo.fiducials[4] as Vec2);
        const table = page.getByRole('table', { name: `Points on ${photo.file}, in image pixels` });
        await expect
          .poll(() => table.getByText(/^±0\.\d+ px; dot (good|fair|poor)(: .+)?$/).count(), {
            timeout: 20_000,
          })
          .toBe(1);
        for (const point of photo.scale) await clickPoint(page, point);
      } else {
        for (const point of [...photo.fiducials, ...photo.scale]) await clickPoint(page, point);
      }
      await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
      if (i === 0) {
        // Every point placed by hand says which uncertainty it gets, and where to set it.
        const table = page.getByRole('table', { name: `Points on ${photo.file}, in image pixels` });
        expect(
          await table.getByText('hand-placed, ±0.5 px (set in analysis settings)').count(),
        ).toBe(6);
        // The reference is marked: the settings say what the set-up can resolve.
        await expect
          .poll(() => page.getByText(/^This set-up resolves strains of about ±/).count())
          .toBe(1);
      }
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
    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    await page.getByRole('radio', { name: /^Hencky/ }).check();
    const results = page.getByRole('table', { name: /Strain per image: Hencky/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 20_000 }).toBe(4);
    const last = results.getByRole('row', { name: new RegExp(DEMO_PHOTOS[2]!.file) });
    const shown = (await last.getByRole('cell').allTextContents()).map(cellNumbers);
    const cells = shown.map((cell) => cell.value);
    // Press travel 30 mm; the block is wider (exx > 0) and shorter (eyy < 0).
    expect(cells[0]).toBe(30);
    expect(cells[1]).toBeGreaterThan(0.05);
    expect(cells[2]).toBeLessThan(-0.1);
    // Each strain shows its standard uncertainty: a few parts in ten thousand for points
    // placed to half a pixel some 250 px apart, far below the strains themselves.
    expect(await results.locator('caption').textContent()).toMatch(
      /± is one standard uncertainty \(1σ\)/,
    );
    for (const k of [1, 2, 3, 4, 5, 8]) {
      expect(shown[k]!.sigma).toBeGreaterThan(1e-5);
      expect(shown[k]!.sigma).toBeLessThan(0.02);
    }
    expect(shown[6]!.sigma).toBeGreaterThan(0); // the principal angle, degrees
    expect(Number.isNaN(shown[7]!.sigma)).toBe(true); // max shear has none
    // The reference compared with itself is zero, known exactly.
    const reference = results.getByRole('row', { name: new RegExp(DEMO_PHOTOS[0]!.file) });
    expect((await reference.textContent()) ?? '').not.toContain('±');
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
    // Each chart draws ±1σ error bars on every point, around it, and the fitted line's 95 %
    // band; the caption says what they are, the stats give the slope's interval.
    for (const component of ['exx', 'eyy', 'exy']) {
      await expect.poll(async () => (await drawnChart(page, component)).bars.length).toBe(3);
      const { bars, band } = await drawnChart(page, component);
      expect(bars.map((bar) => bar.x)).toEqual(DEMO_PHOTOS.map((p) => p.travel));
      expect(bars[0]!.high - bars[0]!.low).toBe(0); // the reference, exact
      for (const bar of bars.slice(1)) expect(bar.high).toBeGreaterThan(bar.low);
      expect(band.low).toHaveLength(41);
      expect(band.high).toHaveLength(41);
      band.low!.forEach((edge, k) => expect(band.high![k]!.y).toBeGreaterThan(edge.y));
      expect(band.low![0]!.x).toBe(0);
      expect(band.low!.at(-1)!.x).toBe(30);
      const section = page.getByRole('region', { name: `${component} against press travel` });
      expect(await section.getByText(/Error bars: ±1 standard uncertainty \(1σ\)/).count()).toBe(1);
      expect(await section.getByText(/95 % confidence band of the fitted line/).count()).toBe(1);
      expect(await section.getByText('Slope, 95 % CI').count()).toBe(1);
    }
    figures.chartsDrawn = 3;
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
    interface RawPoint {
      point: [number, number];
      label: string;
      label_id: number;
      uncertainty_px: number | null;
    }
    interface RawFile {
      filename: string;
      order: number;
      points: RawPoint[];
      deformation_distance: number | null;
      status: [boolean, string];
    }
    const raw = JSON.parse(files['raw_data.json']!) as {
      files_data: Record<string, RawFile>;
      scale_length: number;
      hand_placed_uncertainty_px: number;
    };
    expect(raw.scale_length).toBe(DEMO_SCALE_LENGTH_MM);
    expect(raw.hand_placed_uncertainty_px).toBe(0.5);
    // Each point: the original's keys first, then its uncertainty (null: placed by hand).
    const sigmaOf = (p: RawPoint) => p.uncertainty_px ?? raw.hand_placed_uncertainty_px;
    const images: ImageMarks[] = Object.values(raw.files_data)
      .sort((a, b) => a.order - b.order)
      .map((file) => {
        expect(file.status).toEqual([true, 'Complete']);
        for (const p of file.points) {
          expect(Object.keys(p)).toEqual(['point', 'label', 'label_id', 'uncertainty_px']);
        }
        const fiducials = file.points.filter((p) => p.label === 'Fiducial');
        const scale = file.points.filter((p) => p.label === 'Scale');
        return {
          name: file.filename,
          fiducials: fiducials.map((p) => p.point),
          scalePoints: scale.map((p) => p.point) as unknown as [Vec2, Vec2],
          pressTravel: file.deformation_distance,
          fiducialUncertainty: fiducials.map(sigmaOf),
          scaleUncertainty: scale.map(sigmaOf) as [number, number],
        };
      });
    expect(images.map((i) => i.name)).toEqual(DEMO_PHOTOS.map((p) => p.file));
    // The reference's centre was snapped: it carries its located uncertainty, a fraction of a
    // pixel and less than a hand-placed point's; every other point was placed by hand.
    const located = images[0]!.fiducialUncertainty![4]!;
    expect(located).toBeGreaterThan(0);
    expect(located).toBeLessThan(0.5);
    expect(images.flatMap((i) => [...i.fiducialUncertainty!, ...i.scaleUncertainty!])).toEqual(
      images.flatMap((_, k) => [...Array(7)].map((_, j) => (k === 0 && j === 4 ? located : 0.5))),
    );
    const measure: StrainMeasure = 'hencky';
    const expected = analyseSequence({
      images,
      scaleLength: raw.scale_length,
      measure,
      reference: { kind: 'total', referenceIndex: 0 },
    });

    const exportedSigma: number[] = [];
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
      // The uncertainties, after the original's columns: the core's to 1e-12 relative, and
      // none for the reference against itself (zero, known exactly).
      const u = image.strain.strainUncertainty;
      const pu = image.strain.principalUncertainty;
      if (!u || !pu) throw new Error('the core should give uncertainties');
      const uncertaintyColumns = [
        'strain_xx_uncertainty',
        'strain_yy_uncertainty',
        'strain_xy_uncertainty',
        'e1_uncertainty',
        'e2_uncertainty',
        'principal_angle_deg_uncertainty',
        'equivalent_strain_uncertainty',
      ];
      if (i === 0) {
        for (const column of uncertaintyColumns) expect(row[column]).toBe('');
        return;
      }
      const uScale = Math.max(...u.flat());
      expectSame(Number(row.strain_xx_uncertainty), u[0][0], uScale);
      expectSame(Number(row.strain_yy_uncertainty), u[1][1], uScale);
      expectSame(Number(row.strain_xy_uncertainty), u[0][1], uScale);
      expectSame(Number(row.e1_uncertainty), pu.e1, uScale);
      expectSame(Number(row.e2_uncertainty), pu.e2, uScale);
      expectSame(Number(row.principal_angle_deg_uncertainty), pu.angle);
      expectSame(Number(row.equivalent_strain_uncertainty), pu.equivalentStrain, uScale);
      exportedSigma.push(u[0][0]);
    });
    // The uncertainties follow the original's columns, and whether each photo counts in the
    // trend fits comes last.
    expect(rawCsv.meta.fields?.slice(-9)).toEqual([
      'strain_xx_uncertainty',
      'strain_yy_uncertainty',
      'strain_xy_uncertainty',
      'e1_uncertainty',
      'e2_uncertainty',
      'principal_angle_deg_uncertainty',
      'equivalent_strain_uncertainty',
      'left_out_of_fits',
      'left_out_reason',
    ]);
    // What the page showed beside each exx is the core's, to its two significant digits.
    const table = page.getByRole('table', { name: /Strain per image: Hencky/ });
    for (const [k, sigma] of exportedSigma.entries()) {
      const row = table.getByRole('row', { name: new RegExp(DEMO_PHOTOS[k + 1]!.file) });
      const exx = cellNumbers((await row.getByRole('cell').nth(1).textContent()) ?? '');
      expect(Math.abs(exx.sigma / sigma - 1)).toBeLessThan(0.05);
    }
    // The resolution line is the core's for the reference's points and uncertainties.
    const resolution = strainResolution(images[0]!, raw.scale_length);
    expect(await page.getByText(/^This set-up resolves strains of about/).textContent()).toBe(
      `This set-up resolves strains of about ±${resolution!.max.toExponential(0)} (1σ).`,
    );

    interface Trend {
      slope: number;
      intercept: number;
      r_squared: number;
      p_value: number;
      slope_ci95_low: number;
      slope_ci95_high: number;
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
      // The slope's 95 % interval, in both files.
      expectSame(fromJson.slope_ci95_low, fit.slopeCi95[0], slopeScale);
      expectSame(fromJson.slope_ci95_high, fit.slopeCi95[1], slopeScale);
      expectSame(Number(row.slope_ci95_low), fit.slopeCi95[0], slopeScale);
      expectSame(Number(row.slope_ci95_high), fit.slopeCi95[1], slopeScale);
      // The band the page drew is the core's around this fit.
      const component_ = { xx: 'exx', yy: 'eyy', xy: 'exy' }[component];
      const { band } = await drawnChart(page, component_);
      for (const k of [0, 20, 40]) {
        const [low, high] = confidenceBand(fit, band.low![k]!.x);
        expectSame(band.low![k]!.y, low, yScale);
        expectSame(band.high![k]!.y, high, yScale);
      }
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
    // Each row's strains: the trend fits' cell holds buttons on screen and words on paper.
    const strains = (rows: Locator) =>
      rows.evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.children]
            .filter((cell) => !cell.classList.contains('fits'))
            .map((cell) => cell.textContent)
            .join(''),
        ),
      );
    const onScreen = await strains(
      page.getByRole('table', { name: /Strain per image: Hencky/ }).getByRole('row'),
    );
    await page.getByRole('button', { name: 'Print report…' }).click();
    // Charts at print resolution and the photos take a moment on a busy machine.
    await expect.poll(() => page.evaluate(() => window.printCalls), { timeout: 15_000 }).toBe(1);

    const report = page.locator('body > article.print-report');
    await page.emulateMedia({ media: 'print' });
    expect(await report.isVisible()).toBe(true);
    // Everything else under <body> (the app, toasts, scripts) is hidden on paper.
    const shownBesides = await page
      .locator('body > :not(.print-report)')
      .evaluateAll((nodes) => nodes.filter((node) => getComputedStyle(node).display !== 'none'));
    expect(shownBesides).toHaveLength(0);
    // The same strain table as on screen, the three charts drawn, each photo with its marks.
    const printed = await strains(
      report.getByRole('table', { name: /Strain per image: Hencky/ }).getByRole('row'),
    );
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
