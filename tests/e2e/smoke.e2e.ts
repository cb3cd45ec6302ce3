// Proves the README's serve command works: `npm start` builds and serves the app on port 8501,
// and Chromium loads it with its title and heading and without a single error.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  closeBrowserThenServer,
  describeWithBrowser,
  launchChromium,
  watchForErrors,
  type LaunchedBrowser,
} from './support/browser';
import { startNpmStart, type RunningServer } from './support/server';

describeWithBrowser('npm start', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    server = await startNpmStart();
    browser = await launchChromium(executablePath);
  });

  afterAll(() => closeBrowserThenServer(browser, server));

  it('serves the app on http://localhost:8501/ and it loads without errors', async () => {
    if (!server || !browser) throw new Error('beforeAll did not start the server and browser');
    const { page } = browser;
    const problems = watchForErrors(page);

    const response = await page.goto(server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(server.url).toBe('http://localhost:8501/');

    await page.waitForLoadState('networkidle');
    expect(await page.title()).toContain('Strain Seer');
    const heading = page.getByRole('heading', { level: 1 });
    await heading.first().waitFor({ state: 'visible', timeout: 10_000 });
    expect(await heading.first().isVisible()).toBe(true);

    expect(problems.all()).toEqual([]);
  });
});
