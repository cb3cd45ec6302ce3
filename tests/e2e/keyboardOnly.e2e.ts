// The whole workflow from the keyboard alone, in Chromium against the production build: the
// skip link to the stage, photos added through the picker, Detect dots accepted, the scale
// points placed with Alt+Enter at the centre of the view and nudged onto their ticks, the
// sequence marked, a centre nudged off its dot and the flag this raises resolved from the
// still-to-do list, then the results read and a file exported. No mouse event is sent.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { Vec2 } from '../../src/core';
import { openAppForSuite } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import type { DemoPhoto } from './support/demo';
import { canvas, cellNumbers, screenOf } from './support/workflow';

const [REFERENCE, MIDDLE, LAST] = DEMO_PHOTOS as [DemoPhoto, DemoPhoto, DemoPhoto];
/** The unloaded specimen shot again (sorted second): its marks are the reference's. */
const AGAIN: DemoPhoto = {
  ...REFERENCE,
  file: 'deformation-00mm-retake.png',
  path: join(mkdtempSync(join(tmpdir(), 'keyboard-')), 'deformation-00mm-retake.png'),
};
const PHOTOS = [REFERENCE, AGAIN, MIDDLE, LAST];

/** The focused element's accessible name, roughly as a screen reader says it. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const input = el as HTMLInputElement;
    return (
      el.getAttribute('aria-label') ??
      input.labels?.[0]?.textContent ??
      el.textContent ??
      ''
    ).trim();
  });
}

/** Presses Tab (or Shift+Tab) until the focused element is the one named; at most `limit`. */
async function tabTo(page: Page, name: string | RegExp, backwards = false, limit = 120) {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let i = 0; i < limit; i++) {
    if (matches(await focusedName(page))) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(name)}; stopped at "${await focusedName(page)}"`);
}

/** Back to the skip link (the page's first stop), and through it onto the stage. */
async function skipToStage(page: Page) {
  await tabTo(page, 'Skip to the photo', true);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
    .toBe('application');
}

/** Arrow keys pan the photo until `point` is within a pan step of the view's centre. */
async function panTo(page: Page, point: Vec2) {
  for (let i = 0; i < 60; i++) {
    const box = (await canvas(page).boundingBox())!;
    const at = await screenOf(page, point);
    const dx = at.x - (box.x + box.width / 2);
    const dy = at.y - (box.y + box.height / 2);
    if (Math.abs(dx) <= 32 && Math.abs(dy) <= 32) return;
    // Right shows more of the right side: the photo moves left under the view.
    const key =
      Math.abs(dx) > Math.abs(dy)
        ? dx > 0
          ? 'ArrowRight'
          : 'ArrowLeft'
        : dy > 0
          ? 'ArrowDown'
          : 'ArrowUp';
    await page.keyboard.press(Math.max(Math.abs(dx), Math.abs(dy)) > 160 ? `Shift+${key}` : key);
  }
  throw new Error(`could not pan to ${point.join(', ')}`);
}

/** The coordinates the point table shows for a point of the open photo. */
async function shownPoint(page: Page, file: string, row: RegExp): Promise<Vec2> {
  const table = page.getByRole('table', { name: `Points on ${file}, in image pixels` });
  const cells = await table.getByRole('row', { name: row }).locator('td.num').allTextContents();
  return [Number(cells[0]), Number(cells[1])];
}

/** Nudges the selected point with the arrow keys (Shift: 10 px) until it is on `target`. */
async function nudgeTo(page: Page, file: string, row: RegExp, target: Vec2) {
  const now = await shownPoint(page, file, row);
  for (const [axis, [less, more]] of [
    [0, ['ArrowLeft', 'ArrowRight']],
    [1, ['ArrowUp', 'ArrowDown']],
  ] as const) {
    const steps = Math.round(target[axis] - now[axis]);
    const key = steps < 0 ? less : more;
    for (let i = 0; i < Math.floor(Math.abs(steps) / 10); i++)
      await page.keyboard.press(`Shift+${key}`);
    for (let i = 0; i < Math.abs(steps) % 10; i++) await page.keyboard.press(key);
  }
  const placed = await shownPoint(page, file, row);
  expect(Math.hypot(placed[0] - target[0], placed[1] - target[1])).toBeLessThan(1);
}

describeWithBrowser('the whole workflow from the keyboard', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  openAppForSuite(
    executablePath,
    4252,
    { width: 1366, height: 768 },
    (app) => ({ page, problems } = app),
  );

  it('adds the photos through the skip link and the picker', async () => {
    copyFileSync(REFERENCE.path, AGAIN.path);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Add photos');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.keyboard.press('Space'),
    ]);
    await chooser.setFiles(PHOTOS.map((photo) => photo.path));
    const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(PHOTOS.length + 1);
    await page.getByRole('heading', { name: `Mark points on ${REFERENCE.file}` }).waitFor();
  });

  it('detects the dots, then places and nudges the scale points with the keys', async () => {
    await skipToStage(page);
    await tabTo(page, 'Detect dots', true);
    await page.keyboard.press('Enter');
    const offer = page.getByRole('region', { name: 'Proposed points' });
    await offer.waitFor({ timeout: 30_000 });
    await tabTo(page, /^Accept/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(/^Next: scale point S1/).count()).toBe(1);

    await skipToStage(page);
    for (const [k, point] of REFERENCE.scale.entries()) {
      await panTo(page, point);
      await page.keyboard.press('Alt+Enter');
      const row = new RegExp(`S${k + 1}`);
      await expect
        .poll(() => page.getByText(`Selected: scale point S${k + 1}`, { exact: false }).count())
        .toBe(1);
      await nudgeTo(page, REFERENCE.file, row, point);
      await page.keyboard.press('Escape');
    }
    await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
  });

  it('marks the sequence, and a flag raised by a nudge leads to its point and goes', async () => {
    await skipToStage(page);
    await tabTo(page, 'Mark the whole sequence', true);
    await page.keyboard.press('Enter');
    await page.getByText(/^Marked the sequence/).waitFor({ timeout: 60_000 });
    // The retake's centre, selected from its point table and nudged 30 px off its dot.
    await tabTo(page, `Open ${AGAIN.file}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Mark points on ${AGAIN.file}` }).waitFor();
    await tabTo(page, 'Select fiducial 4 (centre)');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('application');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Escape');
    const entry = page.getByRole('button', { name: `Image 2 (${AGAIN.file})`, exact: true });
    await entry.waitFor({ timeout: 20_000 });
    // From the list: Enter leads to the point, selected, with the keys on the photo.
    await tabTo(page, `Image 2 (${AGAIN.file})`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Selected: fiducial 4 (centre)').count()).toBe(1);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => entry.count()).toBe(0);
  });

  it('reads the results and exports, still from the keyboard', async () => {
    // The views are tabs: one stop for the row, the arrow keys move to the next.
    await tabTo(page, 'Mark photos', true);
    await page.keyboard.press('ArrowRight');
    expect(await focusedName(page)).toBe('Results');
    await tabTo(page, 'Scale length (mm)');
    await page.keyboard.type(String(DEMO_SCALE_LENGTH_MM));
    const results = page.getByRole('table', { name: /Strain per image/ });
    await expect
      .poll(() => results.getByRole('row').count(), { timeout: 20_000 })
      .toBe(PHOTOS.length + 1);
    const last = results.getByRole('row', { name: new RegExp(LAST.file) });
    const eyy = cellNumbers((await last.getByRole('cell').nth(2).textContent()) ?? '');
    // The block is squeezed: it shortens under the press.
    expect(eyy.value).toBeLessThan(0);
    await tabTo(page, /raw_data\.csv/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    expect(download.suggestedFilename()).toBe('raw_data.csv');
    expect(problems.all()).toEqual([]);
  });
});
