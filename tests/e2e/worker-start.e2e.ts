// When the worker cannot start (its chunk is gone, as for a tab left open across an update),
// the user is told so next to the photos being added, instead of a progress bar that never
// moves; nothing throws in the page, and once the worker can load, the same tab works.
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { addDemoPhotos, settleAfterLoad } from './support/workflow';

describeWithBrowser('a worker that cannot start', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    server = await startPreview(4221);
    browser = await launchChromium(executablePath);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('says so next to each photo added, and the tab works once the worker can load', async () => {
    if (!server || !browser) throw new Error('beforeAll did not start the server and browser');
    const { page, context } = browser;
    // The service worker would answer the worker's request itself, past the route below.
    await context.route('**/sw.js', (route) => route.abort());
    const missing = (route: Route) => route.fulfill({ status: 404, body: 'gone' });
    await page.route('**/engine.worker-*.js', missing);
    const problems = watchForErrors(page);
    await page.goto(server.url);
    await settleAfterLoad(page);

    const photo = DEMO_PHOTOS[0]!;
    await page.getByLabel('Add photos').setInputFiles([photo.path]);
    const refusal = page.getByRole('listitem').filter({ hasText: photo.file });
    await expect
      .poll(() => refusal.textContent(), { timeout: 15_000 })
      .toMatch(/could not start\. Reload the page/);
    // No photo joined, and no error escaped into the page.
    expect(
      await page.getByRole('table', { name: 'Images in sequence order' }).count(),
    ).toBeLessThanOrEqual(1);
    expect(problems.pageErrors).toEqual([]);

    // The next attempt starts a fresh worker, which now loads.
    await page.unroute('**/engine.worker-*.js', missing);
    await addDemoPhotos(page, [photo]);
  });
});
