// The engine harness in Chromium: a small page (tests/e2e/harness) that exposes the
// production engine client as window.strainSeerEngine, built and served by Vite, so a
// test can drive the worker directly without the app's UI around it.
import { build, preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import type { PreviewServer } from 'vite';
import harnessConfig from '../harness/vite.config';
import { launchChromium, watchForErrors } from './browser';
import type { LaunchedBrowser, PageProblems } from './browser';

export interface RunningHarness {
  browser: LaunchedBrowser;
  problems: PageProblems;
  close(): Promise<void>;
}

/** Builds the harness, serves it on a free port and opens it, ready for calls. */
export async function startHarness(executablePath: string): Promise<RunningHarness> {
  await build({ ...harnessConfig, configFile: false });
  const server: PreviewServer = await preview({
    ...harnessConfig,
    configFile: false,
    preview: { port: 0, strictPort: false, host: '127.0.0.1' },
  });
  let browser: LaunchedBrowser | undefined;
  try {
    browser = await launchChromium(executablePath);
    const problems = watchForErrors(browser.page);
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the harness preview server has no URL');
    await browser.page.goto(url);
    await browser.page.waitForSelector('body[data-ready="true"]');
    const opened = browser;
    return {
      browser: opened,
      problems,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/**
 * The harness for one suite: started before its tests and closed after them. Its browser
 * and page problems are read through the object returned, once the suite has started.
 */
export function harnessForSuite(executablePath: string): Omit<RunningHarness, 'close'> {
  let running: RunningHarness | undefined;
  beforeAll(async () => {
    running = await startHarness(executablePath);
  });
  afterAll(async () => {
    await running?.close();
  });
  const started = (): RunningHarness => {
    if (!running) throw new Error('the harness has not started');
    return running;
  };
  return {
    get browser() {
      return started().browser;
    },
    get problems() {
      return started().problems;
    },
  };
}

/** The middle value (the upper of the two middle ones for an even count), for timing figures. */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
