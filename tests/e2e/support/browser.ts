// Finds and launches Debian's Chromium for the end-to-end tests (playwright-core cannot download
// its own browser here), and watches a page for console errors, page errors and failed requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { findExecutable } from './executables';

/** Headless, no sandbox, no traffic of the browser's own: this machine's network is closed. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PATH_NAMES = ['chromium', 'chromium-browser'];

export type ChromiumLookup =
  { found: true; executablePath: string } | { found: false; reason: string };

/**
 * `CHROME_PATH` when set (it is authoritative: a wrong value is reported, not silently replaced),
 * else the first `chromium` or `chromium-browser` on the PATH, like `command -v`.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const search = findExecutable(env, 'CHROME_PATH', PATH_NAMES, dirs);
  if (search.found) return { found: true, executablePath: search.path };
  return {
    found: false,
    reason:
      search.reason ??
      `neither CHROME_PATH is set nor is ${PATH_NAMES.join(' or ')} on the PATH (${dirs.join(delimiter) || 'empty'}).`,
  };
}

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(true|1)$/i.test(env.CI?.trim() ?? '');
}

/**
 * The Chromium the e2e suite should use. In CI a missing browser is a failure (this throws, so the
 * test file fails); on a developer machine the suite is skipped with a loud warning instead.
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const lookup = findChromium(env);
  if (lookup.found) return lookup.executablePath;
  const fix =
    'Install it (Debian: `apt-get install -y chromium`) or set CHROME_PATH to a Chromium binary.';
  if (isCI(env)) {
    throw new Error(`End-to-end tests need Chromium and CI=true: ${lookup.reason} ${fix}`);
  }
  const banner = '!'.repeat(78);
  console.warn(
    `\n${banner}\n!! END-TO-END TESTS SKIPPED: no Chromium found.\n!! ${lookup.reason}\n!! ${fix}\n` +
      `!! (In CI, with CI=true, this is a failure, not a skip.)\n${banner}\n`,
  );
  return undefined;
}

/**
 * `describe` for a suite that needs the browser: the body receives Chromium's path; without a
 * browser the suite is skipped loudly (or fails in CI) and none of its hooks run.
 */
export function describeWithBrowser(name: string, body: (executablePath: string) => void): void {
  const executablePath = chromiumForTests();
  describe.skipIf(executablePath === undefined)(name, () => body(executablePath ?? ''));
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** The tab the browser opened with. */
  page: Page;
  /** Closes the browser and deletes its temporary profile. */
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * A user-data dir to use (and keep) instead of a fresh temporary one, e.g. to reopen the browser
   * on the profile a previous launch left behind. The caller removes it.
   */
  userDataDir?: string;
}

/** A suite's teardown: the browser closes first, and the server stops even if that fails. */
export async function closeBrowserThenServer(
  browser: { close(): Promise<void> } | undefined,
  server: { stop(): Promise<void> } | undefined,
): Promise<void> {
  try {
    await browser?.close();
  } finally {
    await server?.stop();
  }
}

/**
 * Launches headless Chromium with a fresh, temporary user-data dir that `close()` removes, or
 * with the given `userDataDir`, which it keeps.
 */
export async function launchChromium(
  executablePath: string,
  options: LaunchOptions = {},
): Promise<LaunchedBrowser> {
  const owned = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'strain-seer-e2e-'));
  let context: BrowserContext;
  try {
    // launch() refuses --user-data-dir in args; the persistent context is how to own the profile.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  } catch (error) {
    if (owned) rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      try {
        await context.close();
      } finally {
        if (owned) rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests that failed at the network level or were answered with HTTP 400 or above. */
  failedRequests: string[];
  /** Every problem so far, one line each: assert `toEqual([])` for a readable failure. */
  all(): string[];
}

/** Starts recording problems on `page`; attach it before `page.goto` to see the first load. */
export function watchForErrors(page: Page): PageProblems {
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    all() {
      return [
        ...this.consoleErrors.map((text) => `console error: ${text}`),
        ...this.pageErrors.map((text) => `page error: ${text}`),
        ...this.failedRequests.map((text) => `failed request: ${text}`),
      ];
    },
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    problems.consoleErrors.push(`${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => {
    problems.pageErrors.push(error.stack ?? error.message);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown error';
    problems.failedRequests.push(`${request.method()} ${request.url()}: ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      const request = response.request();
      problems.failedRequests.push(
        `${request.method()} ${response.url()}: HTTP ${response.status()}`,
      );
    }
  });
  return problems;
}
