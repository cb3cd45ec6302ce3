// Shaping the results in Chromium against the production build, on the demo photos and a
// fourth photo at 20 mm (a copy of the 15 mm one, so that one photo can be left out and the
// trend still has three): the user leaves the 20 mm photo out of the fits with a reason,
// the trends become the fit of the other three, and the exports name the photo and why.
// The exx chart is saved as a print-resolution PNG with its fit drawn on it.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { linearRegression } from '../../src/core';
import { openAppForSuite } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import type { DemoPhoto } from './support/demo';
import { addDemoPhotos, downloadOf, markDemoPhoto, showView } from './support/workflow';

const EXTRA_NAME = 'deformation-20mm-force.png';
const REASON = 'Specimen slipped in the grips before this photo';

function extraPhoto(): DemoPhoto {
  const copy = join(mkdtempSync(join(tmpdir(), 'strain-seer-')), EXTRA_NAME);
  const at15 = DEMO_PHOTOS[1] as DemoPhoto;
  copyFileSync(at15.path, copy);
  return { ...at15, file: EXTRA_NAME, path: copy, travel: 20 };
}

const save = downloadOf;

const csv = (bytes: Buffer) =>
  Papa.parse<Record<string, string>>(bytes.toString('utf8'), { header: true, skipEmptyLines: true })
    .data;

describeWithBrowser('shaping the results', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  const photos = [...DEMO_PHOTOS, extraPhoto()];
  openAppForSuite(
    executablePath,
    4251,
    { width: 1400, height: 1000 },
    (app) => ({ page, problems } = app),
  );

  it('marks four photos and fits all four', async () => {
    await addDemoPhotos(page, photos);
    for (const photo of photos) await markDemoPhoto(page, photo);
    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    const results = page.getByRole('table', { name: /Strain per image/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 20_000 }).toBe(5);
    const json = JSON.parse((await save(page, /analysis_results\.json/)).bytes.toString('utf8'));
    expect(json.x_axis.n).toBe(4);
  }, 120_000);

  it('leaves the 20 mm photo out with a reason: the fit is the other three’s, the CSV names it', async () => {
    await page.getByRole('button', { name: `Leave ${EXTRA_NAME} out of the fits` }).click();
    await page.getByLabel(`Reason for leaving ${EXTRA_NAME} out of the fits`).fill(REASON);
    await page.getByRole('button', { name: 'Leave out', exact: true }).click();
    await page.getByText(`${EXTRA_NAME}, left out by choice: ${REASON}.`).waitFor();

    const raw = csv((await save(page, /raw_data\.csv/)).bytes);
    const extra = raw.find((row) => row['filename'] === EXTRA_NAME);
    expect(extra?.['left_out_of_fits']).toBe('user');
    expect(extra?.['left_out_reason']).toBe(REASON);
    expect(Number(extra?.['strain_xx'])).toBeGreaterThan(0);

    // The slope is the independent fit of the three photos kept, from their exported strains.
    const kept = raw.filter((row) => row['filename'] !== EXTRA_NAME);
    const json = JSON.parse((await save(page, /analysis_results\.json/)).bytes.toString('utf8'));
    for (const [key, column] of [
      ['x_axis', 'strain_xx'],
      ['y_axis', 'strain_yy'],
      ['shear', 'strain_xy'],
    ] as const) {
      const independent = linearRegression(
        kept.map((row) => Number(row['deformation_distance'])),
        kept.map((row) => Number(row[column])),
      );
      expect(json[key].n).toBe(3);
      expect(Math.abs(json[key].slope - independent.slope)).toBeLessThan(1e-12);
      expect(json[key].left_out_of_fits).toEqual([
        { filename: EXTRA_NAME, source: 'user', reason: REASON },
      ]);
    }
    // The series CSV lists every plotted photo; the one left out says why.
    const series = csv((await save(page, /strain_xx_series\.csv/)).bytes);
    expect(series.map((row) => row['filename']).sort()).toEqual(
      [...DEMO_PHOTOS.map((p) => p.file), EXTRA_NAME].sort(),
    );
    expect(
      series
        .filter((row) => row['left_out_of_fit'] !== '')
        .map((row) => [row['filename'], row['left_out_of_fit']]),
    ).toEqual([[EXTRA_NAME, REASON]]);
    // The chart draws it apart from the fitted points, where its strain and travel put it.
    const chart = page.getByRole('img', { name: /^Scatter plot of exx/ });
    await expect.poll(() => chart.getAttribute('aria-label')).toMatch(/1 left out of the fit/);
    const leftOutDrawn = async () =>
      JSON.parse((await chart.getAttribute('data-left-out')) ?? '[]') as { x: number; y: number }[];
    // A chart off screen is redrawn when it scrolls into view.
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await leftOutDrawn()).length).toBe(1);
    const drawn = await leftOutDrawn();
    expect(drawn[0]?.x).toBe(Number(extra?.['deformation_distance']));
    expect(Math.abs((drawn[0]?.y ?? NaN) - Number(extra?.['strain_xx']))).toBeLessThan(1e-12);
  }, 60_000);

  it('cuts nothing off in the strain table at 1366 × 768: cells wrap, the table scrolls in its region', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const region = page.getByRole('region', { name: /Strain per image \(scrolls sideways\)/ });
    expect(await region.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto');
    const cut = await region
      .locator('th, td, caption')
      .evaluateAll((cells) =>
        cells
          .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
          .map((cell) => cell.textContent),
      );
    expect(cut).toEqual([]);
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('saves the exx chart at print resolution with its fit drawn on it', async () => {
    await page.evaluate(() => {
      const drawn: string[] = [];
      (window as unknown as { drawnText: string[] }).drawnText = drawn;
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        drawn.push(String(text));
        return fillText.call(this, text, ...rest);
      };
    });
    const png = (await save(page, /strain_xx\.png/)).bytes;
    // The PNG header: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(2000);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1000);
    const drawn = await page.evaluate(
      () => (window as unknown as { drawnText: string[] }).drawnText,
    );
    expect(drawn.some((text) => /^exx = .* · d /.test(text))).toBe(true);
    expect(drawn.some((text) => /^slope = .* ± .* per mm \(95 % CI/.test(text))).toBe(true);
    expect(drawn.some((text) => /R² = .*, p = .*, n = 3$/.test(text))).toBe(true);
    expect(problems.all()).toEqual([]);
  }, 60_000);
});
