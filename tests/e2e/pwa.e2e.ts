// The installable offline app in Chromium, served by the project's nginx.conf as the image serves
// it: it runs under the strict Content-Security-Policy without a violation or console error, Chrome
// finds it installable, the service worker precaches every file it needs, and with the network cut
// a reload still runs the whole workflow (add photos, mark, results).
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { DIST, describeWithNginxAndBrowser, type NginxServer } from './support/nginx';
import {
  activeServiceWorker,
  cachedUrls,
  cspViolations,
  expectCleanPage,
  expectExplorerComputes,
  installability,
  offlineFiles,
  guardedPageOnNginx,
} from './support/pwa';
import { addDemoPhotos, markDemoPhoto, readDemoResults, showView } from './support/workflow';

describeWithNginxAndBrowser('the PWA served by nginx.conf', (nginxPath, chromiumPath) => {
  let server: NginxServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;
  let cspIssues: { all(): string[] };
  guardedPageOnNginx(nginxPath, chromiumPath, (app) => {
    ({ server, browser, page, problems, cspIssues } = app);
  });

  it('loads under the Content-Security-Policy with no violation or error, and the worker computes', async () => {
    const response = await page.goto(server!.url);
    expect(response?.status()).toBe(200);
    // The policy is really there: the test would prove nothing without it.
    expect(await response?.headerValue('content-security-policy')).toMatch(/script-src 'self'/);
    await page.getByRole('heading', { level: 1, name: 'Strain Seer' }).waitFor();
    await expectExplorerComputes(page);
    await expectCleanPage({ page, problems, cspIssues });
  });

  it('says once that it is ready to work offline, after precaching every file it needs', async () => {
    const worker = await activeServiceWorker(page);
    expect(worker.scope).toBe(server!.url);
    expect(worker.script).toBe(new URL('sw.js', server!.url).href);
    await page.getByText('Ready to work offline').waitFor({ timeout: 15_000 });
    const needed = offlineFiles(DIST, server!.url);
    // The worker chunk and the lazily loaded chunks are among them.
    expect(needed.some((url) => /engine\.worker-/.test(url))).toBe(true);
    expect(needed.some((url) => /trendChart-/.test(url))).toBe(true);
    expect(needed).toContain(new URL('manifest.webmanifest', server!.url).href);
    expect(await cachedUrls(page)).toEqual(expect.arrayContaining(needed));
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.getByText('Ready to work offline').count()).toBe(0);
  });

  it('is installable: Chrome reports no installability error and a valid manifest', async () => {
    const { installabilityErrors, manifest } = await installability(page);
    expect(installabilityErrors).toEqual([]);
    expect(manifest.url).toBe(new URL('manifest.webmanifest', server!.url).href);
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? '{}') as Record<string, unknown>;
    expect(data).toMatchObject({ name: 'Strain Seer', display: 'standalone' });
    expect(new URL(String(data.start_url), manifest.url).href).toBe(server!.url);
    expect(new URL(String(data.scope), manifest.url).href).toBe(server!.url);
  });

  it('has icons of the declared sizes, the maskable ones drawn inside the safe zone', async () => {
    const manifest = (await (await fetch(new URL('manifest.webmanifest', server!.url))).json()) as {
      icons: { src: string; sizes: string; purpose: string }[];
    };
    expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual(
      ['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable'].sort(),
    );
    for (const icon of manifest.icons) {
      const url = new URL(icon.src, new URL('manifest.webmanifest', server!.url)).href;
      // Pixels of the icon farther from the centre than 40 % of its size (the safe zone's radius)
      // that differ from the corner colour: a maskable icon must have none.
      const facts = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        const { naturalWidth: w, naturalHeight: h } = image;
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, w, h).data;
        const corner = [...pixels.slice(0, 4)];
        let outside = 0;
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            if (Math.hypot(x + 0.5 - w / 2, y + 0.5 - h / 2) <= 0.4 * w) continue;
            const i = 4 * (y * w + x);
            const differs = corner.some((value, k) => Math.abs(pixels[i + k]! - value) > 8);
            if (differs) outside++;
          }
        }
        return { size: `${w}x${h}`, cornerAlpha: corner[3], outside };
      }, url);
      expect(facts.size, icon.src).toBe(icon.sizes);
      if (icon.purpose === 'maskable') {
        expect(facts.cornerAlpha, `${icon.src} is full-bleed`).toBe(255);
        expect(facts.outside, `${icon.src}: pixels outside the safe zone`).toBe(0);
      } else {
        // The "any" icon is the rounded square: drawn outside the safe zone, see-through corners.
        expect(facts.cornerAlpha, icon.src).toBe(0);
        expect(facts.outside, icon.src).toBeGreaterThan(0);
      }
    }
  });

  it('with the network cut and the server gone, a reload runs the whole workflow', async () => {
    // Both: the emulated network cut the issue asks for, and no server to fall back on.
    await browser!.context.setOffline(true);
    await server!.stop();
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.getByRole('heading', { level: 1, name: 'Strain Seer' }).waitFor();
    // The notice was shown once already.
    expect(await page.getByText('Ready to work offline').count()).toBe(0);

    await addDemoPhotos(page);
    for (const photo of DEMO_PHOTOS) await markDemoPhoto(page, photo);
    const [travel, exx, eyy] = await readDemoResults(page);
    // Press travel 30 mm: the block is wider (exx > 0) and shorter (eyy < 0).
    expect(travel).toBe(DEMO_PHOTOS.at(-1)!.travel);
    expect(exx).toBeGreaterThan(0.05);
    expect(eyy).toBeLessThan(-0.1);
    // The chart chunk is loaded lazily, from the precache.
    await expect
      .poll(() => page.getByRole('img', { name: /^Scatter plot of exx/ }).count(), {
        timeout: 20_000,
      })
      .toBe(1);
    // A formula of the user's: mathjs, a chunk of its own, comes from the precache and evaluates
    // in the worker without eval, under the policy (no violation is met, below).
    await page.getByRole('button', { name: 'Add Strain ratio β' }).click();
    const ratio = page
      .getByRole('table', { name: 'Your quantities per image' })
      .getByRole('row', { name: new RegExp(DEMO_PHOTOS.at(-1)!.file) })
      .getByRole('cell')
      .last();
    await expect
      .poll(async () => (await ratio.textContent())?.trim(), { timeout: 15_000 })
      .toMatch(/^[−-]?\d+\.\d+$/);
    // The printable report too: its code and styles come from the precache, and its pictures
    // (blob URLs of the charts and thumbnails) are within the policy.
    await page.evaluate(() => {
      window.print = () => void (document.body.dataset.printed = 'yes');
    });
    await showView(page, 'Results');
    await page.getByRole('button', { name: 'Print report…' }).click();
    await expect.poll(() => page.evaluate(() => document.body.dataset.printed)).toBe('yes');
    const report = page.locator('body > .print-report');
    const charts = report.getByRole('img', { name: /^Chart of/, includeHidden: true });
    expect(await charts.count()).toBe(3);
    await expectCleanPage({ page, problems, cspIssues });
    // And the network really is gone: what the service worker does not hold is unreachable.
    const probe = () =>
      fetch('./healthz', { cache: 'no-store' }).then(
        () => 'reached',
        () => 'unreachable',
      );
    expect(await page.evaluate(probe)).toBe('unreachable');
  });

  it('enforces the policy: an injected inline script is blocked and reported', async () => {
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      try {
        // Trusted Types refuse the string before script-src would refuse running it.
        script.textContent = 'window.inlineScriptRan = true';
        document.head.append(script);
      } catch {
        // refused: what the test expects
      }
      return (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true;
    });
    expect(ran).toBe(false);
    await expect
      .poll(() => cspViolations(page))
      .toEqual([expect.stringMatching(/^require-trusted-types-for/)]);
    // The issue collector sees it too, so its silence above means something.
    await expect
      .poll(() => cspIssues.all())
      .toEqual([expect.stringMatching(/^page: require-trusted-types-for/)]);
  });

  it('holds Trusted Types in the page, the worker and the service worker', async () => {
    // A string written to an HTML sink is refused in the page; the app's own rendering above
    // (Svelte's templates, the charts, the report) went through without a single violation.
    const inPage = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<img src=x>';
        return 'written';
      } catch (error) {
        return String(error);
      }
    });
    expect(inPage).toMatch(/TrustedHTML/);
    // In the workers a string script URL is refused, and no policy but the allowed ones can be
    // made to wrap one.
    const probe = () => {
      const outcomes: string[] = [];
      try {
        (self as unknown as { importScripts(url: string): void }).importScripts('./nothing.js');
        outcomes.push('imported');
      } catch (error) {
        outcomes.push(String(error));
      }
      try {
        const factory = (
          self as unknown as { trustedTypes: { createPolicy(n: string, r: object): unknown } }
        ).trustedTypes;
        factory.createPolicy('anything', { createScriptURL: (url: string) => url });
        outcomes.push('policy made');
      } catch (error) {
        outcomes.push(String(error));
      }
      return outcomes;
    };
    const engine = page.workers().find((w) => /engine\.worker-/.test(w.url()));
    expect(engine, 'the computing worker is running').toBeDefined();
    const [serviceWorker] = browser!.context.serviceWorkers();
    expect(serviceWorker, 'the service worker is running').toBeDefined();
    for (const worker of [engine!, serviceWorker!]) {
      const [imported, policy] = await worker.evaluate(probe);
      expect(imported, worker.url()).toMatch(/TrustedScriptURL/);
      expect(policy, worker.url()).toMatch(/trusted-types|policy/i);
    }
    // Each refusal is reported where it happened.
    const refusedIn = () =>
      cspIssues
        .all()
        .filter((issue) => /require-trusted-types-for/.test(issue))
        .map((issue) => issue.replace(/: require-trusted-types-for.*$/s, ''));
    await expect.poll(() => refusedIn().join('\n')).toMatch(/^service_worker .*\/sw\.js$/m);
    expect(refusedIn().join('\n')).toMatch(/^worker .*engine\.worker-[^/]+\.js$/m);
    expect(refusedIn().filter((where) => where === 'page').length).toBe(2);
  });
});
