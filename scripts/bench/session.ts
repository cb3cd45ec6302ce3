// One headless Chromium on the served app, set up the same way for every measurement: a fresh
// profile (so no earlier run's autosave or cache changes what is measured), the e2e suite's
// launch flags, a laptop-sized window, the long-task recorder, and a DevTools session for heap
// figures. The app is measured only once it has settled: loaded, its autosave ready and its
// service worker done precaching, so first-visit background work does not land in a figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, watchForErrors } from '../../tests/e2e/support/browser';
import type { LaunchedBrowser, PageProblems } from '../../tests/e2e/support/browser';
import { recordLongTasks } from './probes';

export interface AppSession {
  page: Page;
  cdp: CDPSession;
  browser: LaunchedBrowser;
  /** The profile folder: the storage sampler finds this Chromium's processes by it. */
  profile: string;
  problems: PageProblems;
  close(): Promise<void>;
}

export const VIEWPORT = { width: 1400, height: 1000 };

export interface SessionOptions {
  /** A profile folder to use and keep (the caller deletes it); by default a fresh one. */
  profile?: string;
  /** Called before the first navigation, e.g. to listen to the first load's requests. */
  beforeGoto?: (page: Page) => void;
}

/** A browser on `url`, with a profile of its own that `close()` deletes (unless one is given). */
export async function openSession(
  executablePath: string,
  url: string,
  { profile, beforeGoto }: SessionOptions = {},
): Promise<AppSession> {
  const owned = profile === undefined;
  const dir = profile ?? mkdtempSync(join(tmpdir(), 'strain-seer-bench-profile-'));
  const browser = await launchChromium(executablePath, { userDataDir: dir });
  const page = browser.page;
  await page.setViewportSize(VIEWPORT);
  const problems = watchForErrors(page);
  await page.addInitScript(recordLongTasks);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  beforeGoto?.(page);
  await page.goto(url);
  return {
    page,
    cdp,
    browser,
    profile: dir,
    problems,
    async close() {
      try {
        await browser.close();
      } finally {
        if (owned) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Waits until the app is loaded and idle: autosave ready, offline copy cached. */
export async function appSettled(page: Page): Promise<void> {
  await page.getByText('Your work is saved in this browser as you go.').waitFor();
  // The service worker precaches every asset once; measured work must not share the CPU with it.
  await page
    .getByText('Ready to work offline.')
    .waitFor({ timeout: 30_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
}

/** The app on `url` in a fresh browser, settled. */
export async function openApp(executablePath: string, url: string): Promise<AppSession> {
  const session = await openSession(executablePath, url);
  try {
    await appSettled(session.page);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/** Chromium's version string, e.g. "HeadlessChrome/156.0.8078.108". */
export async function browserVersion(cdp: CDPSession): Promise<string> {
  const { product } = await cdp.send('Browser.getVersion');
  return product;
}
