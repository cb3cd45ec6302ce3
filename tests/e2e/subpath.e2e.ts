// The same dist/ deployed under a sub-path, as on a static host or CDN (say GitHub Pages at
// /<repo>/): copied into the sub-directory some/sub/path/ of the site that the project's
// nginx.conf serves, unchanged, with nothing at the root. The app, its worker, its service
// worker (scoped to the sub-path) and its manifest all work there, and it runs offline.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeBrowserThenServer, type LaunchedBrowser, type PageProblems } from './support/browser';
import { DIST, describeWithNginxAndBrowser, serveBuild, type NginxServer } from './support/nginx';
import {
  activeServiceWorker,
  cachedUrls,
  expectCleanPage,
  expectExplorerComputes,
  installability,
  offlineFiles,
  openGuardedPage,
} from './support/pwa';

const SUB_PATH = 'some/sub/path/';

describeWithNginxAndBrowser('the same dist/ under /some/sub/path/', (nginxPath, chromiumPath) => {
  let server: NginxServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  let cspIssues: { all(): string[] };
  let base = '';

  beforeAll(async () => {
    server = await serveBuild(nginxPath, DIST, SUB_PATH);
    base = new URL(SUB_PATH, server.url).href;
    ({ browser, page, problems, cspIssues } = await openGuardedPage(chromiumPath));
  });

  afterAll(() => closeBrowserThenServer(browser, server));

  it('serves the app at the sub-path only, with the same caching rules', async () => {
    const shell = await fetch(base);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="app">');
    // Nothing is deployed at the root (nginx refuses the bare directory).
    const root = await fetch(server!.url);
    expect(root.status).toBeGreaterThanOrEqual(400);
    expect(await root.text()).not.toContain('<div id="app">');
    // Without the trailing slash: a relative redirect, right behind any proxy.
    const bare = await fetch(base.slice(0, -1), { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(`/${SUB_PATH}`);
    expect((await fetch(new URL('sw.js', base))).headers.get('cache-control')).toBe('no-cache');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await (await fetch(base)).text())?.[1];
    const asset = await fetch(new URL(script!, base));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('runs there under the CSP, with its worker, a service worker scoped to the sub-path and a manifest', async () => {
    expect((await page.goto(base))?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Strain Seer' }).waitFor();
    await expectExplorerComputes(page);
    const worker = await activeServiceWorker(page);
    expect(worker.scope).toBe(base);
    expect(worker.script).toBe(new URL('sw.js', base).href);
    expect(await cachedUrls(page)).toEqual(expect.arrayContaining(offlineFiles(DIST, base)));

    const { installabilityErrors, manifest } = await installability(page);
    expect(installabilityErrors).toEqual([]);
    expect(manifest.url).toBe(new URL('manifest.webmanifest', base).href);
    const data = JSON.parse(manifest.data ?? '{}') as { start_url: string; scope: string };
    expect(new URL(data.start_url, manifest.url).href).toBe(base);
    expect(new URL(data.scope, manifest.url).href).toBe(base);

    await expectCleanPage({ page, problems, cspIssues });
  });

  it('works offline at the sub-path', async () => {
    await browser!.context.setOffline(true);
    await server!.stop();
    expect((await page.reload())?.status()).toBe(200);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      new URL('sw.js', base).href,
    );
    await page.getByRole('heading', { level: 1, name: 'Strain Seer' }).waitFor();
    await expectExplorerComputes(page);
    expect(problems.all()).toEqual([]);
  });
});
