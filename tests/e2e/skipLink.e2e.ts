// The skip link in Chromium against the production build: the first Tab stop; Enter on it puts
// keyboard focus on the photo stage once a photo is open (where the arrow keys pan and
// nudge), or on the main content before, where photos are added.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { addDemoPhotos, canvas, openImage } from './support/workflow';

const skipLink = (page: Page) => page.getByRole('link', { name: 'Skip to the photo' });

/** Follows the skip link from the keyboard. */
async function skip(page: Page): Promise<void> {
  await skipLink(page).focus();
  await page.keyboard.press('Enter');
}

describeWithBrowser('the skip link', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    server = await startPreview(4244);
    browser = await launchChromium(executablePath);
    page = browser.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    problems = watchForErrors(page);
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is the first Tab stop, and leads to the main content while no photo is open', async () => {
    // The page is drawn a task after its code runs: a user presses Tab once it is there.
    await skipLink(page).waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await skipLink(page).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
  });

  it('puts focus on the photo stage, in view, once a photo is open', async () => {
    await addDemoPhotos(page, DEMO_PHOTOS.slice(0, 1));
    await openImage(page, DEMO_PHOTOS[0]!.file);
    await page.evaluate(() => window.scrollTo(0, 0));
    await skip(page);
    const stage = canvas(page);
    expect(await stage.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await stage.boundingBox();
    expect(box && box.y < 768 && box.y + box.height > 0).toBe(true);
    // The stage takes the keys from there: + zooms in.
    const zoom = Number(await stage.getAttribute('data-zoom'));
    await page.keyboard.press('+');
    await expect
      .poll(async () => Number(await stage.getAttribute('data-zoom')))
      .toBeGreaterThan(zoom);
    expect(problems.all()).toEqual([]);
  });
});
