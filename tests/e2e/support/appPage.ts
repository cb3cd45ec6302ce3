// One page of the built app in Chromium for a suite: the preview server, the browser, the
// viewport and the error watch, opened before the suite's tests and closed after them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, watchForErrors } from './browser';
import type { LaunchedBrowser, PageProblems } from './browser';
import { startPreview } from './server';
import type { RunningServer } from './server';
import { settleAfterLoad } from './workflow';

export interface AppPage {
  page: Page;
  problems: PageProblems;
}

/**
 * Call inside a describe: the app is served on `port` and loaded at `viewport` before the
 * suite's tests, `ready` gets its page once the page has settled, and all of it closes after.
 */
export function openAppForSuite(
  executablePath: string,
  port: number,
  viewport: { width: number; height: number },
  ready: (app: AppPage) => void,
): void {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    server = await startPreview(port);
    browser = await launchChromium(executablePath);
    const page = browser.page;
    await page.setViewportSize(viewport);
    const problems = watchForErrors(page);
    await page.goto(server.url);
    await settleAfterLoad(page);
    ready({ page, problems });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}
