// Starting the app in Chromium against the production build: no main-thread task of 50 ms or
// more from navigation until the page has settled with the workspace drawn, the results view
// built behind its tab and the help's code fetched (both come once the page is idle), and
// nothing on screen moves as the parts built after the first frame arrive (layout shift, at
// Lighthouse's desktop size). The machine that runs the tests is
// shared and busy, and a busy core stretches any task, so the page is loaded once to warm
// the caches and then several times: the app's own long task would show in every load, the
// machine's noise only in some, so the quietest load must have none. Every load must stay
// under a gross guard.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { settleAfterLoad } from './support/workflow';

/** A task this long blocks input noticeably (the RAIL model; Chromium's 'longtask'). */
const LONG_TASK_MS = 50;
/** Fails a gross regression whatever the machine's load. */
const GUARD_MS = 150;
const LOADS = 3;

/** Good cumulative layout shift is under 0.1 (web.dev); the app aims far lower. */
const CLS_LIMIT = 0.02;

declare global {
  interface Window {
    loadLongTasks: number[];
    layoutShift: number;
  }
}

function recordLongTasksAndShifts() {
  window.loadLongTasks = [];
  window.layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.loadLongTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.layoutShift += (entry as unknown as { value: number }).value;
  }).observe({ type: 'layout-shift', buffered: true });
}

/**
 * Loads the app in a new tab until the workspace and its results view are built, checks that nothing
 * shifted on screen meanwhile, and gives its long tasks.
 */
async function loadOnce(context: BrowserContext, url: string): Promise<number[]> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1350, height: 940 });
  const problems = watchForErrors(page);
  try {
    await page.goto(url);
    // Loaded: the marking view drawn, and the results view built behind its tab.
    await page.getByText(/start with the photos of your test/i).waitFor();
    await page.locator('#view-results .analysis').waitFor({ state: 'attached' });
    await settleAfterLoad(page);
    expect(problems.all()).toEqual([]);
    expect(await page.evaluate(() => window.layoutShift)).toBeLessThan(CLS_LIMIT);
    return await page.evaluate(() => window.loadLongTasks);
  } finally {
    await page.close();
  }
}

describeWithBrowser('starting the app', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    server = await startPreview(4243);
    browser = await launchChromium(executablePath);
    await browser.context.addInitScript(recordLongTasksAndShifts);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs no main-thread task of 50 ms or more while it loads, and nothing on screen shifts', async () => {
    if (!server || !browser) throw new Error('beforeAll did not start the server and browser');
    // Warm-up: the first visit fetches every file and installs the offline copy.
    await loadOnce(browser.context, server.url);
    const loads: number[][] = [];
    for (let i = 0; i < LOADS; i++) loads.push(await loadOnce(browser.context, server.url));
    const longest = loads.map((tasks) => Math.max(0, ...tasks));
    console.info(`longest task of each load after warm-up (ms): ${longest.join(', ')}`);
    expect(Math.min(...longest)).toBeLessThan(LONG_TASK_MS);
    expect(Math.max(...longest)).toBeLessThan(GUARD_MS);
  });
});
