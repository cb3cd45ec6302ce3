// A new deployment reaches an open tab as a prompt, never as a reload: dist/ is served by the
// project's nginx.conf, then a second build (a different version string, so different bytes) is
// published into the same served root, an update check finds it, and "A new version is ready"
// appears. Later keeps the old version; Reload switches to the new one.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import {
  describeWithNginxAndBrowser,
  publish,
  serveBuild,
  type NginxServer,
} from './support/nginx';
import { activeServiceWorker } from './support/pwa';
import { repoRoot } from './support/server';

const NEW_VERSION = '9.9.9-update-test';

declare global {
  interface Window {
    sameDocument?: boolean;
  }
}

/** The version the footer shows, e.g. "0.1.0". */
async function shownVersion(page: Page): Promise<string> {
  const text = await page
    .getByRole('contentinfo')
    .getByText(/^Strain Seer /)
    .textContent();
  return (text ?? '').replace('Strain Seer ', '').trim();
}

const checkForUpdate = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration?.update();
  });

const prompt = (page: Page) => page.getByText('A new version is ready');

describeWithNginxAndBrowser('a new deployment', (nginxPath, chromiumPath) => {
  let server: NginxServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  let newBuild = '';
  let oldVersion = '';

  beforeAll(async () => {
    newBuild = mkdtempSync(join(tmpdir(), 'strain-seer-build-'));
    await promisify(execFile)(
      'npx',
      ['--no', '--', 'vite', 'build', '--outDir', newBuild, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: repoRoot, env: { ...process.env, STRAIN_SEER_VERSION: NEW_VERSION } },
    );
    server = await serveBuild(nginxPath);
    browser = await launchChromium(chromiumPath);
    page = browser.page;
    problems = watchForErrors(page);
  });

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
      rmSync(newBuild, { recursive: true, force: true });
    }
  });

  it('runs the first deployment, from its service worker on the next visit', async () => {
    await page.goto(server!.url);
    await activeServiceWorker(page);
    // A returning user: the page is now served and controlled by the first version's worker.
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    oldVersion = await shownVersion(page);
    expect(oldVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(oldVersion).not.toBe(NEW_VERSION);
    // Nothing to update to yet.
    await checkForUpdate(page);
    expect(await prompt(page).count()).toBe(0);
  });

  it('shows the prompt when a new deployment is found, and does not reload by itself', async () => {
    await page.evaluate(() => (window.sameDocument = true));
    publish(newBuild, server!.site.html);
    await checkForUpdate(page);
    await prompt(page).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Later' }).isVisible()).toBe(true);
    // Give a reload every chance to happen: it must not.
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => window.sameDocument)).toBe(true);
    expect(await shownVersion(page)).toBe(oldVersion);
  });

  it('Later keeps the old version running; the prompt returns on the next visit', async () => {
    await page.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => prompt(page).count()).toBe(0);
    expect(await page.evaluate(() => window.sameDocument)).toBe(true);
    await page.reload();
    // The old service worker still serves the page; the new one is still waiting.
    expect(await shownVersion(page)).toBe(oldVersion);
    await prompt(page).waitFor({ timeout: 20_000 });
  });

  it('Reload activates the new version', async () => {
    await page.evaluate(() => (window.sameDocument = true));
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => shownVersion(page), { timeout: 20_000 }).toBe(NEW_VERSION);
    expect(await page.evaluate(() => window.sameDocument)).toBeUndefined();
    expect(await prompt(page).count()).toBe(0);
    const scripts = await page.evaluate(() =>
      [...document.scripts].map((script) => new URL(script.src).pathname),
    );
    const served = await (await fetch(server!.url)).text();
    for (const path of scripts) expect(served).toContain(`.${path}`);
    expect(problems.all()).toEqual([]);
  });
});
