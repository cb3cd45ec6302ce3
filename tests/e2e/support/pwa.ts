// Browser-side checks of the installed, offline app, shared by the serving e2e tests: CSP
// violations, the service worker and its precache, installability through the DevTools Protocol,
// and the measure explorer as proof that the worker runs.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { closeBrowserThenServer, launchChromium, watchForErrors } from './browser';
import type { LaunchedBrowser, PageProblems } from './browser';
import { serveBuild } from './nginx';
import type { NginxServer } from './nginx';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/** Init script: records every Content-Security-Policy violation of the page from its first moment. */
export function recordCspViolations() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.cspViolations.push(
      `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
        `at ${event.sourceFile || '?'}:${event.lineNumber}`,
    );
  });
}

export const cspViolations = (page: Page) => page.evaluate(() => window.cspViolations ?? []);

interface CspIssue {
  code: string;
  details: {
    contentSecurityPolicyIssueDetails?: {
      violatedDirective: string;
      contentSecurityPolicyViolationType: string;
      blockedURL?: string;
      sourceCodeLocation?: { url: string; lineNumber: number };
    };
  };
}

function describeIssue(where: string, issue: CspIssue): string | undefined {
  const csp = issue.details.contentSecurityPolicyIssueDetails;
  if (issue.code !== 'ContentSecurityPolicyIssue' || !csp) return undefined;
  const at = csp.sourceCodeLocation;
  return (
    `${where}: ${csp.violatedDirective} (${csp.contentSecurityPolicyViolationType})` +
    `${csp.blockedURL ? ` blocked ${csp.blockedURL}` : ''}${at ? ` at ${at.url}:${at.lineNumber + 1}` : ''}`
  );
}

/**
 * Collects Chrome's Content-Security-Policy issues (DevTools "Issues") from the page and from
 * every worker it starts, the app's worker and the service worker included: a violation inside a
 * worker never reaches the page's `securitypolicyviolation` listener, nor the console.
 */
export async function watchCspIssues(page: Page): Promise<{ all(): string[] }> {
  const issues: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    const text = describeIssue('page', issue as CspIssue);
    if (text) issues.push(text);
  });
  // Workers are separate targets: attach to each (now and later) and enable its issues too. The
  // issues a target collected before this are sent on enable, so nothing early is missed.
  const workers = new Map<string, string>();
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    workers.set(sessionId, `${targetInfo.type} ${targetInfo.url}`);
    const message = JSON.stringify({ id: 1, method: 'Audits.enable' });
    void cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(() => undefined);
  });
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const parsed = JSON.parse(message) as { method?: string; params?: { issue: CspIssue } };
    if (parsed.method !== 'Audits.issueAdded' || !parsed.params) return;
    const text = describeIssue(workers.get(sessionId) ?? 'worker', parsed.params.issue);
    if (text) issues.push(text);
  });
  await cdp.send('Audits.enable');
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  return { all: () => [...issues] };
}

/** Waits until a service worker is active for the page and returns its scope and script. */
export async function activeServiceWorker(page: Page): Promise<{ scope: string; script: string }> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'activated') resolve();
        });
      });
    }
    return { scope: registration.scope, script: worker.scriptURL };
  });
}

/** Every URL in the page's Cache Storage, without workbox's revision parameter. */
export function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const url = new URL(request.url);
        url.searchParams.delete('__WB_REVISION__');
        urls.push(url.href);
      }
    }
    return urls.sort();
  });
}

/**
 * The build files the app needs offline, as URLs under `base`: every script (the worker chunk and
 * lazily loaded chunks included), style, page, image and the manifest. Not the service worker's
 * own scripts, which the browser keeps with the registration, and not source maps.
 */
export function offlineFiles(dist: string, base: string, dir = dist): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return offlineFiles(dist, base, path);
      const file = relative(dist, path);
      if (!/\.(js|css|html|svg|png|webmanifest)$/.test(file)) return [];
      if (file === 'sw.js' || /^workbox-[0-9a-f]+\.js$/.test(file)) return [];
      return [new URL(file, base).href];
    })
    .sort();
}

/** Chrome's own verdict on installability, through the DevTools Protocol. */
export async function installability(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const manifest = await cdp.send('Page.getAppManifest');
    return { installabilityErrors, manifest };
  } finally {
    await cdp.detach();
  }
}

/**
 * Uses the measure explorer in the help: a 20 % stretch along x must give a Hencky strain
 * of ln 1.2, computed in the worker.
 */
export async function expectExplorerComputes(page: Page) {
  // The explorer is part of the help, which opens over the workspace.
  const help = page.getByRole('dialog', { name: 'How Strain Seer works' });
  if (!(await help.isVisible())) await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('spinbutton', { name: 'Stretch along x' }).fill('1.2');
  await page.getByRole('spinbutton', { name: 'Stretch along y' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Shear' }).fill('0');
  const hencky = page
    .getByRole('table', { name: /each measure/ })
    .getByRole('row', { name: /Hencky/ })
    .getByRole('cell')
    .first();
  await expect.poll(() => hencky.textContent(), { timeout: 15_000 }).toBe(Math.log(1.2).toFixed(4));
  const workers = page.workers().map((worker) => worker.url());
  expect(workers.some((url) => /\/assets\/engine\.worker-[^/]+\.js$/.test(url))).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => help.isVisible()).toBe(false);
}

/** A browser whose page reports errors and CSP violations (listener and DevTools issues). */
export interface GuardedPage {
  browser: LaunchedBrowser;
  page: Page;
  problems: PageProblems;
  cspIssues: { all(): string[] };
}

export async function openGuardedPage(chromiumPath: string): Promise<GuardedPage> {
  const browser = await launchChromium(chromiumPath);
  const page = browser.page;
  const problems = watchForErrors(page);
  await page.addInitScript(recordCspViolations);
  const cspIssues = await watchCspIssues(page);
  return { browser, page, problems, cspIssues };
}

/**
 * A suite's set-up: the build served by nginx.conf and a guarded page at 1400 × 1000, made
 * before its tests and closed after them; `ready` receives both (the page not yet loaded).
 */
export function guardedPageOnNginx(
  nginxPath: string,
  chromiumPath: string,
  ready: (app: GuardedPage & { server: NginxServer }) => void,
): void {
  let server: NginxServer | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    server = await serveBuild(nginxPath);
    const guarded = await openGuardedPage(chromiumPath);
    browser = guarded.browser;
    await guarded.page.setViewportSize({ width: 1400, height: 1000 });
    ready({ ...guarded, server });
  });
  afterAll(() => closeBrowserThenServer(browser, server));
}

/** Asserts the page met no CSP violation (by its listener or DevTools' issues) and no error. */
export async function expectCleanPage({ page, problems, cspIssues }: Omit<GuardedPage, 'browser'>) {
  expect({ listener: await cspViolations(page), issues: cspIssues.all() }).toEqual({
    listener: [],
    issues: [],
  });
  expect(problems.all()).toEqual([]);
}
