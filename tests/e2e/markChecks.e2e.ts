// Marking mistakes caught where they happen, in Chromium against the production build: the
// 15 mm demo photo is clicked starting from the top-right corner (turned by 90°) and the
// 30 mm one anticlockwise (mirrored). Each is flagged on the photo and in the status table
// as the points go down, the analysis leaves them out by name, and after one click on
// "Reorder corners" each the exported points are the correctly ordered ones and the
// exported strains are the core's, run in Node on those points and on the demo's own marks.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { analyseSequence } from '../../src/core';
import type { ImageMarks, Vec2 } from '../../src/core';
import { openAppForSuite } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import type { DemoPhoto } from './support/demo';
import { expectSameStrain } from './support/numbers';
import { addDemoPhotos, clickPoint, markDemoPhoto, openImage, showView } from './support/workflow';

const [REFERENCE, AT_15, AT_30] = DEMO_PHOTOS as [DemoPhoto, DemoPhoto, DemoPhoto];
/** Clicked from the top-right corner, clockwise: the order turned by 90°. */
const TURNED = [1, 2, 3, 0, 4];
/** Clicked from the top-left corner, anticlockwise: the order mirrored. */
const MIRRORED = [0, 3, 2, 1, 4];

/** The flag above the open photo, found by its heading. */
const flag = (page: Page, summary: string) =>
  page.getByRole('region', { name: `Check the marks: ${summary}` });

/** The status table's row of a photo. */
const row = (page: Page, photo: DemoPhoto) =>
  page
    .getByRole('table', { name: 'Images in sequence order' })
    .getByRole('row', { name: new RegExp(photo.file) });

async function statusOf(page: Page, photo: DemoPhoto): Promise<string> {
  await showView(page, 'Mark photos');
  return ((await row(page, photo).locator('.badge').textContent()) ?? '').trim();
}

/** Clicks a photo's fiducials in the given order, then its two scale points. */
async function markInOrder(page: Page, photo: DemoPhoto, order: number[]) {
  await openImage(page, photo.file);
  for (const index of order) await clickPoint(page, photo.fiducials[index]!);
  for (const point of photo.scale) await clickPoint(page, point);
}

function readDownload(download: Download): Promise<string> {
  return download.path().then((path) => readFileSync(path as string, 'utf8'));
}

describeWithBrowser('marking checks', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  openAppForSuite(
    executablePath,
    4231,
    { width: 1400, height: 1000 },
    (app) => ({ page, problems } = app),
  );

  it('adds the demo photos and marks the reference one in the right order', async () => {
    await addDemoPhotos(page);
    await markDemoPhoto(page, REFERENCE);
    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    expect(await statusOf(page, REFERENCE)).toBe('Complete');
    expect(await page.getByRole('region', { name: /^Check the marks/ }).count()).toBe(0);
  });

  it('flags a turned order on the photo and in the table from the third click', async () => {
    await openImage(page, AT_15.file);
    for (const index of TURNED.slice(0, 2)) await clickPoint(page, AT_15.fiducials[index]!);
    expect(await page.getByRole('region', { name: /^Check the marks/ }).count()).toBe(0);
    expect(await statusOf(page, AT_15)).toBe('Incomplete');

    await clickPoint(page, AT_15.fiducials[TURNED[2]!]!);
    const shown = flag(page, 'Corners turned 90°');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('starting from the top-right');
    await expect.poll(() => statusOf(page, AT_15)).toBe('Check marks');
    expect(await row(page, AT_15).getByText('Corners turned 90°').count()).toBe(1);

    for (const index of TURNED.slice(3)) await clickPoint(page, AT_15.fiducials[index]!);
    for (const point of AT_15.scale) await clickPoint(page, point);
    await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
    // All points placed, travel from the name: still flagged, not Complete.
    expect(await statusOf(page, AT_15)).toBe('Check marks');
    expect(await flag(page, 'Corners turned 90°').count()).toBe(1);
  });

  it('flags a mirrored order the same way', async () => {
    await markInOrder(page, AT_30, MIRRORED);
    const shown = flag(page, 'Corners mirrored');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('anticlockwise');
    await expect.poll(() => statusOf(page, AT_30)).toBe('Check marks');
    expect(await row(page, AT_30).getByText('Corners mirrored').count()).toBe(1);
  });

  it('leaves both out of the analysis, naming them, so no result uses them', async () => {
    for (const photo of [AT_15, AT_30]) {
      await expect
        .poll(() =>
          page
            .getByText(new RegExp(`${photo.file}\\) is left out until its marks are checked`))
            .count(),
        )
        .toBeGreaterThan(0);
    }
    expect(await page.getByRole('table', { name: /Strain per image/ }).count()).toBe(0);
  });

  it('one click on "Reorder corners" per photo restores the marks and the strains', async () => {
    // The 30 mm photo is open: fix it from the keyboard, as a keyboard user would.
    const mirroredFix = flag(page, 'Corners mirrored').getByRole('button', {
      name: 'Reorder corners',
    });
    await mirroredFix.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => statusOf(page, AT_30)).toBe('Complete');
    expect(await page.getByText(/Corners reordered/).count()).toBe(1);

    // The 15 mm photo's check in the table is a button that leads to it.
    await row(page, AT_15)
      .getByRole('button', { name: `Check the marks of ${AT_15.file}: Corners turned 90°` })
      .click();
    await flag(page, 'Corners turned 90°').getByRole('button', { name: 'Reorder corners' }).click();
    await expect.poll(() => statusOf(page, AT_15)).toBe('Complete');
    expect(await page.getByRole('region', { name: /^Check the marks/ }).count()).toBe(0);

    await showView(page, 'Results');
    const results = page.getByRole('table', { name: /Strain per image/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 20_000 }).toBe(4);

    const files: Record<string, string> = {};
    const buttons = page.getByRole('group', { name: 'Data files' }).getByRole('button');
    for (let i = 0; i < (await buttons.count()); i++) {
      const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(i).click()]);
      files[download.suggestedFilename()] = await readDownload(download);
    }
    interface RawFile {
      filename: string;
      order: number;
      points: { point: [number, number]; label: string }[];
      deformation_distance: number | null;
    }
    const raw = JSON.parse(files['raw_data.json']!) as { files_data: Record<string, RawFile> };
    const exported: ImageMarks[] = Object.values(raw.files_data)
      .sort((a, b) => a.order - b.order)
      .map((file) => ({
        name: file.filename,
        fiducials: file.points.filter((p) => p.label === 'Fiducial').map((p) => p.point),
        scalePoints: file.points
          .filter((p) => p.label === 'Scale')
          .map((p) => p.point) as unknown as [Vec2, Vec2],
        pressTravel: file.deformation_distance,
      }));
    // Every fiducial is back in its own slot: within a pixel of where the demo's marks put
    // it (a click lands on a whole screen pixel, at a zoom under 1).
    exported.forEach((image, i) => {
      const demo = DEMO_PHOTOS[i]!;
      expect(image.name).toBe(demo.file);
      image.fiducials.forEach((p, k) => {
        const [x, y] = demo.fiducials[k]!;
        expect(Math.hypot(p[0] - x, p[1] - y)).toBeLessThan(1);
      });
    });

    const request = {
      scaleLength: DEMO_SCALE_LENGTH_MM,
      measure: 'small' as const,
      reference: { kind: 'total' as const, referenceIndex: 0 },
    };
    const expected = analyseSequence({ ...request, images: exported });
    const rows = Papa.parse<Record<string, string>>(files['raw_data.csv']!.trim(), {
      header: true,
    }).data;
    rows.forEach((row, i) => {
      const image = expected.images[i]!;
      if (!image.ok) throw new Error(image.problem.message);
      expect(row.filename).toBe(image.name);
      // Full precision: the core's own strains on the exported points.
      expectSameStrain(row, image.strain.strain);
    });

    // And they are the strains of the correctly marked photos: the demo's own marks give
    // the same to within 0.01 (a pixel of click error over the 250 px between dots is
    // about 0.004), where the turned order had given strains near -1.
    const correct = analyseSequence({
      ...request,
      images: DEMO_PHOTOS.map((photo) => ({
        name: photo.file,
        fiducials: photo.fiducials,
        scalePoints: photo.scale,
        pressTravel: photo.travel,
      })),
    });
    correct.images.forEach((image, i) => {
      if (!image.ok) throw new Error(image.problem.message);
      const row = rows[i]!;
      expect(Math.abs(Number(row.strain_xx) - image.strain.strain[0][0])).toBeLessThan(1e-2);
      expect(Math.abs(Number(row.strain_yy) - image.strain.strain[1][1])).toBeLessThan(1e-2);
      expect(Math.abs(Number(row.strain_xy) - image.strain.strain[0][1])).toBeLessThan(1e-2);
    });
    expect(problems.all()).toEqual([]);
  });
});
