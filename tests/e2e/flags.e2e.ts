// A flag resolved from the keyboard, in Chromium against the production build: the demo
// reference photo and a second shot of it (the same pixels under another name) are marked,
// the second with its centre clicked 30 px off its dot; the still-to-do list flags it by
// name, Enter on the entry opens that photo zoomed and centred on the point with the keys on
// the photo, three Shift+Left nudges put it back on its dot, and the flag leaves the list.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { Vec2 } from '../../src/core';
import { openAppForSuite } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import type { DemoPhoto } from './support/demo';
import {
  addDemoPhotos,
  canvas,
  clickPoint,
  markDemoPhoto,
  openImage,
  screenOf,
} from './support/workflow';

const [REFERENCE] = DEMO_PHOTOS as [DemoPhoto];
/** The unloaded specimen shot again (sorted after the reference): its marks are the reference's. */
const AGAIN: DemoPhoto = {
  ...REFERENCE,
  file: 'deformation-00mm-retake.png',
  path: join(mkdtempSync(join(tmpdir(), 'flags-')), 'deformation-00mm-retake.png'),
};
const CENTRE = 4;
/** Where the second shot's centre is clicked by mistake: 30 px right of its dot. */
const OFF: Vec2 = [AGAIN.fiducials[CENTRE]![0] + 30, AGAIN.fiducials[CENTRE]![1]];

/** The still-to-do entry of the second shot (the second image). */
const entry = (page: Page) =>
  page.getByRole('button', { name: `Image 2 (${AGAIN.file})`, exact: true });

describeWithBrowser('flags that lead somewhere', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  openAppForSuite(
    executablePath,
    4239,
    { width: 1366, height: 768 },
    (app) => ({ page, problems } = app),
  );

  it('flags a centre clicked off its dot, naming it', async () => {
    copyFileSync(REFERENCE.path, AGAIN.path);
    await addDemoPhotos(page, [REFERENCE, AGAIN]);
    await markDemoPhoto(page, REFERENCE);
    await openImage(page, AGAIN.file);
    for (const [index, point] of AGAIN.fiducials.entries()) {
      await clickPoint(page, index === CENTRE ? OFF : point);
    }
    for (const point of AGAIN.scale) await clickPoint(page, point);
    await entry(page).waitFor();
    const item = entry(page).locator('xpath=..');
    expect(await item.textContent()).toMatch(/check the marks: Fiducial 4 \(centre\) sits/);
  });

  it('Enter on the flag opens the photo zoomed and centred on the point, keys on the photo', async () => {
    // Another photo open first, its view fitted: the flag has somewhere to lead.
    await openImage(page, REFERENCE.file);
    const fitted = Number(await canvas(page).getAttribute('data-zoom'));
    await entry(page).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Mark points on ${AGAIN.file}` }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('application');
    await expect
      .poll(async () => Number(await canvas(page).getAttribute('data-zoom')))
      .toBeGreaterThan(2 * fitted);
    const box = (await canvas(page).boundingBox())!;
    const at = await screenOf(page, OFF);
    expect(Math.abs(at.x - (box.x + box.width / 2))).toBeLessThan(1);
    expect(Math.abs(at.y - (box.y + box.height / 2))).toBeLessThan(1);
    expect(await page.getByText('Selected: fiducial 4 (centre)').count()).toBe(1);
  });

  it('moved back onto its dot with the keys, the flag is gone', async () => {
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => entry(page).count()).toBe(0);
    expect(await page.getByRole('region', { name: /^Check the marks/ }).count()).toBe(0);
    expect(problems.all()).toEqual([]);
  });
});
