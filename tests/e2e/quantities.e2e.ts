// Stress from the press's force log in Chromium, served by nginx.conf under its
// Content-Security-Policy: the demo project and photos, a force log written by the test
// (travel and force, decimal commas, three header lines), the specimen's size typed with a
// unit, the true-stress preset charted against the equivalent strain. The plotted values
// are checked against the core's numbers and the exported raw_data.csv, and the page meets
// no CSP violation or error while mathjs evaluates the formula in the worker.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import type { Download, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { analyseSequence, strainTensor } from '../../src/core';
import { photoForces } from '../../src/io/forceLog/interpolate';
import { parseProjectFile } from '../../src/io/projectFile';
import { analysisMarks, handPlacedUncertaintyOf } from '../../src/model/document';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { describeWithNginxAndBrowser } from './support/nginx';
import { expectCleanPage, guardedPageOnNginx } from './support/pwa';
import { showView } from './support/workflow';

const PROJECT = fileURLToPath(
  new URL('../fixtures/projects/v1-press-demo.strainseer.json', import.meta.url),
);
const WIDTH_MM = 20;
const THICKNESS_IN = 0.2;

/** The machine's force at a travel, kN: any smooth curve will do. */
const forceKn = (travel: number) => 0.12 * travel + 0.004 * travel * travel;
const TRAVELS = Array.from({ length: 65 }, (_, i) => i * 0.5);

function writeForceLog(): string {
  const rows = TRAVELS.map((t) => `${t.toFixed(1)};${forceKn(t).toFixed(4)}`.replaceAll('.', ','));
  const text = ['Testing machine Z050 export', 'Specimen: demo block', 'Travel (mm);Force (kN)']
    .concat(rows)
    .join('\r\n');
  const path = join(mkdtempSync(join(tmpdir(), 'strain-seer-log-')), 'press-log.csv');
  writeFileSync(path, text);
  return path;
}

/** The core's equivalent strain and true stress of each photo, from the same marks and log. */
function expected(): { name: string; eq: number; stress: number }[] {
  const opened = parseProjectFile(readFileSync(PROJECT, 'utf8'));
  if (!opened.ok) throw new Error('the demo project does not open');
  const doc = opened.document;
  const images = doc.images.map((image) => analysisMarks(image, handPlacedUncertaintyOf(doc)));
  const analysis = analyseSequence({
    images,
    scaleLength: doc.scaleLength as number,
    measure: doc.strainMeasure,
    reference: { kind: 'total', referenceIndex: 0 },
  });
  // The log as written (four decimals), in N.
  const log = {
    axis: 'travel' as const,
    x: TRAVELS,
    force: TRAVELS.map((t) => Number(forceKn(t).toFixed(4)) * 1000),
  };
  const forces = photoForces(
    log,
    images.map((image) => ({ travel: image.pressTravel, time: null })),
  );
  const a0 = WIDTH_MM * THICKNESS_IN * 25.4;
  return analysis.images.map((image, i) => {
    if (!image.ok || !forces[i]?.ok)
      throw new Error('the demo photos all have a strain and a force');
    const hencky = strainTensor(image.strain.F, 'hencky');
    const force = (forces[i] as { force: number }).force;
    const stress = force / (a0 * Math.exp(image.strain.thicknessStrain + hencky[0][0]));
    return { name: image.name, eq: image.strain.equivalentStrain, stress };
  });
}

async function plotted(page: Page): Promise<{ name: string; x: number; y: number }[]> {
  const rows = page.getByTestId('quantity-plot-points').locator('tbody tr');
  const texts = await rows.evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')),
  );
  return texts.map(([name = '', x = '', y = '']) => ({ name, x: Number(x), y: Number(y) }));
}

describeWithNginxAndBrowser('stress from a force log', (nginxPath, chromiumPath) => {
  let page: Page;
  let problems: PageProblems;
  let cspIssues: { all(): string[] };
  let url = '';
  guardedPageOnNginx(nginxPath, chromiumPath, (app) => {
    ({ page, problems, cspIssues } = app);
    url = app.server.url;
  });
  // After the set-up's own hook, which runs first.
  beforeAll(async () => {
    await page.goto(url);
  });

  it('charts true stress against equivalent strain, as the core computes it and the CSV says', async () => {
    await page.getByLabel('Open…').setInputFiles(PROJECT);
    await page.getByText(/^Opened /).waitFor({ timeout: 15_000 });
    await page.getByLabel('Add photos').setInputFiles(DEMO_PHOTOS.map((p) => p.path));
    await expect.poll(() => page.getByText(/Add the photos:/).count(), { timeout: 15_000 }).toBe(0);
    await showView(page, 'Results');
    await page.getByRole('table', { name: /Strain per image/ }).waitFor({ timeout: 15_000 });

    await page.getByLabel('Initial width w0 (mm)').fill(String(WIDTH_MM));
    // A unit is read by mathjs in the worker; the box shows mm once it is left.
    await page.getByLabel('Initial thickness t0 (mm)').fill(`${THICKNESS_IN} in`);
    await page.getByLabel('Initial thickness t0 (mm)').press('Tab');
    await expect
      .poll(() => page.getByLabel('Initial thickness t0 (mm)').inputValue(), { timeout: 10_000 })
      .toBe(String(THICKNESS_IN * 25.4));

    await page.getByLabel('Open force log…').setInputFiles(writeForceLog());
    const found = page.getByText(/semicolon-separated, decimal comma, 3 header lines, 65 rows/);
    await found.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      // Say what the section shows instead, to find out why.
      const section = page.getByRole('region', { name: 'Stress and your own quantities' });
      throw new Error(`${String(error)}\n${await section.innerText()}`);
    });
    await page.getByRole('button', { name: 'Use these columns' }).click();
    await page.getByRole('button', { name: 'Add True stress' }).click();
    await page.getByLabel('Plot against').selectOption('eq');

    const want = expected();
    await expect
      .poll(async () => (await plotted(page)).length, { timeout: 15_000 })
      .toBe(want.length);
    const points = await plotted(page);
    for (const [i, point] of points.entries()) {
      const core = want[i]!;
      expect(point.name).toBe(core.name);
      expect(point.x).toBeCloseTo(core.eq, 12);
      expect(point.y).toBeCloseTo(core.stress, 9);
    }
    // A compression: the true stress grows with the strain, and is not the engineering one.
    expect(points.at(-1)!.y).toBeGreaterThan(points[1]!.y);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /raw_data\.csv/ }).click(),
    ]);
    const csv = readFileSync((await (download as Download).path()) as string, 'utf8');
    const rows = Papa.parse<Record<string, string>>(csv, {
      header: true,
      skipEmptyLines: true,
    }).data;
    for (const point of points) {
      const row = rows.find((r) => r['filename'] === point.name);
      expect(Number(row?.['True stress (MPa)'])).toBe(point.y);
      expect(Number(row?.['equivalent_strain'])).toBe(point.x);
    }
    await expectCleanPage({ page, problems, cspIssues });
  }, 60_000);
});
