// The first screen comes with the HTML: the built index.html holds the empty workspace, drawn
// before any of the app's code has run, and the app then takes that very markup over
// (hydration) instead of building it again. What a user would notice if this broke: a blank
// page until the code arrives, or the screen jumping when the app replaces what was drawn.
// Checked at a laptop's and a phone's size, since the two lay the workspace out differently
// and the markup is rendered without knowing which.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  closeBrowserThenServer,
  describeWithBrowser,
  launchChromium,
  watchForErrors,
} from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { layoutShift, recordShifts } from './support/layoutChecks';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { settleAfterLoad } from './support/workflow';

/** The elements whose identity proves the takeover: kept, not rebuilt. */
const KEPT = ['h1', '.lead', '[role="tablist"]', '.empty-stage button', 'footer'];

declare global {
  interface Window {
    drawnBeforeCode: (Element | null)[];
    warnings: string[];
  }
}

/** Call before the page loads: remembers the drawn elements before the app's code runs. */
function rememberFirstScreen(selectors: string[]): void {
  window.warnings = [];
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    window.warnings.push(args.map(String).join(' '));
    warn(...args);
  };
  // The app's module runs after the document is parsed and hydrates a task later.
  document.addEventListener('DOMContentLoaded', () => {
    window.drawnBeforeCode = selectors.map((selector) => document.querySelector(selector));
  });
}

describeWithBrowser('the first screen, drawn from the HTML', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    server = await startPreview(4253);
    browser = await launchChromium(executablePath);
    await browser.context.addInitScript(rememberFirstScreen, KEPT);
    await browser.context.addInitScript(recordShifts);
  });

  afterAll(() => closeBrowserThenServer(browser, server));

  it('is in index.html itself: the workspace, its views and the way to add photos', async () => {
    if (!server) throw new Error('beforeAll did not start the server');
    const html = await (await fetch(server.url)).text();
    const app = html.slice(html.indexOf('<div id="app">'));
    for (const words of [
      '<h1',
      'Strain Seer',
      'Mark photos',
      'Results',
      'Start with the photos of your test',
      'Add photos',
      'Nothing is uploaded',
    ])
      expect(app).toContain(words);
  });

  it('asks for its start-up code to be compiled while it downloads (the hint on line one)', async () => {
    if (!server) throw new Error('beforeAll did not start the server');
    const html = await (await fetch(server.url)).text();
    const entry = /<script type="module"[^>]* src="\.\/([^"]+)"/.exec(html)?.[1];
    expect(entry).toMatch(/^assets\/start-.+\.js$/);
    const code = await (await fetch(new URL(entry!, server.url))).text();
    expect(code.split('\n', 1)[0]).toBe('//# allFunctionsCalledOnLoad');
  });

  async function loadAt(width: number, height: number): Promise<Page> {
    if (!browser || !server) throw new Error('beforeAll did not start the server and browser');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const problems = watchForErrors(page);
    await page.goto(server.url);
    await page.locator('#view-results .analysis').waitFor({ state: 'attached' });
    await settleAfterLoad(page);
    expect(problems.all()).toEqual([]);
    return page;
  }

  for (const [width, height] of [
    [1366, 768],
    [390, 844],
  ] as const) {
    it(`is taken over by the app at ${width} × ${height}: the same elements, nothing moves`, async () => {
      const page = await loadAt(width, height);
      try {
        const kept = await page.evaluate(
          (selectors) =>
            selectors.map((selector, i) => {
              const before = window.drawnBeforeCode[i];
              return `${selector}: ${before === null ? 'not drawn' : before === document.querySelector(selector) ? 'kept' : 'rebuilt'}`;
            }),
          KEPT,
        );
        expect(kept).toEqual(KEPT.map((selector) => `${selector}: kept`));
        expect(await page.evaluate(() => window.warnings)).toEqual([]);
        const shift = await layoutShift(page);
        expect(shift.total, shift.log.join('\n')).toBeLessThan(0.005);
        // The app is live: the views answer.
        await page.getByRole('tab', { name: 'Results' }).click();
        await expect
          .poll(() => page.locator('#view-results').isVisible(), { timeout: 5000 })
          .toBe(true);
      } finally {
        await page.close();
      }
    });
  }

  it('folds the project actions into a menu on a phone, and unfolds them on request', async () => {
    const page = await loadAt(390, 844);
    try {
      const open = page.getByText('Open…');
      const menu = page.getByRole('button', { name: 'Project', exact: true });
      await expect.poll(() => open.isVisible()).toBe(false);
      await menu.click();
      await expect.poll(() => open.isVisible()).toBe(true);
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Escape');
      await expect.poll(() => open.isVisible()).toBe(false);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.textContent))
        .toBe('Project');
      // A laptop shows the actions themselves, with no menu button.
      await page.setViewportSize({ width: 1366, height: 768 });
      await expect.poll(() => open.isVisible()).toBe(true);
      expect(await menu.isVisible()).toBe(false);
    } finally {
      await page.close();
    }
  });
});
