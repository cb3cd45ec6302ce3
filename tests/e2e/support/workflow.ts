// The user's workflow in Chromium, as steps other e2e tests reuse: add the demo photos, click every
// mark on each photo, then enter the scale length and wait for the results. The full workflow
// test (workflow.e2e.ts) checks each step in depth; these steps check only that each one worked.
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Vec2 } from '../../../src/core';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM, type DemoPhoto } from './demo';

export const canvas = (page: Page) => page.getByRole('application', { name: /^Photo / });

/** Screen position of an image point, from the transform the view publishes. */
export async function screenOf(page: Page, point: Vec2): Promise<{ x: number; y: number }> {
  const view = canvas(page);
  const box = await view.boundingBox();
  const [zoom, ox, oy] = await Promise.all(
    ['data-zoom', 'data-offset-x', 'data-offset-y'].map(async (a) =>
      Number(await view.getAttribute(a)),
    ),
  );
  if (!box || !zoom) throw new Error('the annotation view has no transform');
  return { x: box.x + point[0] * zoom! + ox!, y: box.y + point[1] * zoom! + oy! };
}

/**
 * Waits until the freshly loaded app has finished starting: its requests done, the offline
 * copy installed by the service worker (which shares the machine's two cores), and the page
 * idle. A user cannot pick photos within half a second of the page appearing; a test that
 * does measures the app's start-up together with the ingest.
 */
export async function settleAfterLoad(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    const installed = navigator.serviceWorker?.ready ?? Promise.resolve();
    await Promise.race([installed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2_000 }));
  });
}

/** Brings a view of the workspace to the front by its tab. */
export async function showView(page: Page, name: 'Mark photos' | 'Results') {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

export async function openImage(page: Page, name: string) {
  await showView(page, 'Mark photos');
  await page.getByRole('button', { name: `Open ${name}` }).click();
  await page.getByRole('heading', { name: `Mark points on ${name}` }).waitFor();
  await page.locator('.stage[aria-busy="false"]').waitFor();
  // Mouse coordinates are viewport coordinates: bring the whole photo on screen.
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

export async function clickPoint(page: Page, point: Vec2) {
  // Buttons take focus and scroll the page: put the photo back on screen first.
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const { x, y } = await screenOf(page, point);
  // An offer of points lies over a corner of the photo; one that arrived over this spot is
  // declined first, as a user marking by hand would (its buttons take clicks; its words do not).
  const onPhoto = await page.evaluate(
    ([px, py]) => document.elementFromPoint(px!, py!)?.getAttribute('role') === 'application',
    [x, y],
  );
  const offer = page.getByRole('region', { name: 'Proposed points' });
  if (!onPhoto && (await offer.count()) > 0) {
    await offer.getByRole('button', { name: 'Dismiss' }).click();
  }
  // Alt places the point exactly where clicked, as careful manual marking does (a plain
  // click snaps it to the dot's centre: assisted.e2e.ts covers that).
  await page.keyboard.down('Alt');
  await page.mouse.click(x, y);
  await page.keyboard.up('Alt');
}

/** Adds the demo photos and waits until each has its row and thumbnail. */
export async function addDemoPhotos(page: Page, photos: DemoPhoto[] = DEMO_PHOTOS) {
  await page.getByLabel('Add photos').setInputFiles(photos.map((p) => p.path));
  const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
  await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(photos.length + 1);
  for (const photo of photos) {
    await expect.poll(() => page.getByRole('img', { name: photo.file }).count()).toBe(1);
  }
}

/** Opens a photo and clicks its five fiducials and two scale points. */
export async function markDemoPhoto(page: Page, photo: DemoPhoto) {
  await openImage(page, photo.file);
  for (const point of [...photo.fiducials, ...photo.scale]) await clickPoint(page, point);
  await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
}

/**
 * A results cell as numbers: its value, and the standard uncertainty after "±" when it shows
 * one (NaN when not).
 */
export function cellNumbers(text: string): { value: number; sigma: number } {
  const [value = '', sigma] = text.replaceAll('\u2212', '-').split('±');
  return { value: Number(value.trim()), sigma: sigma === undefined ? NaN : Number(sigma.trim()) };
}

/**
 * Enters the demo scale length and waits for the per-image results; returns the cells of the last
 * image's row (press travel, exx, eyy, ...) as numbers, without their ± uncertainties.
 */
export async function readDemoResults(page: Page): Promise<number[]> {
  await showView(page, 'Results');
  await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
  const results = page.getByRole('table', { name: /Strain per image/ });
  await expect
    .poll(() => results.getByRole('row').count(), { timeout: 20_000 })
    .toBe(DEMO_PHOTOS.length + 1);
  const last = results.getByRole('row', { name: new RegExp(DEMO_PHOTOS.at(-1)!.file) });
  return (await last.getByRole('cell').allTextContents()).map((t) => cellNumbers(t).value);
}

/** Clicks the button that saves a file and returns what the browser downloaded: its name and bytes. */
export async function downloadOf(
  page: Page,
  button: string | RegExp,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = await (download as Download).path();
  return { name: (download as Download).suggestedFilename(), bytes: readFileSync(path as string) };
}
