// Printing in Chromium against the production build, after the demo workflow: whatever starts
// the print (here Chromium's own print to PDF, as the browser's menu does, not the app's
// button), the page prints the report and not the app, and the report leaves after printing.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser, PageProblems } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { addDemoPhotos, markDemoPhoto, readDemoResults } from './support/workflow';

declare global {
  interface Window {
    printEvents: string[];
  }
}

function recordPrintEvents() {
  window.printEvents = [];
  for (const type of ['beforeprint', 'afterprint']) {
    window.addEventListener(type, () => window.printEvents.push(type));
  }
}

/** The pages of a PDF, counted from its page objects. */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

const report = (page: Page) => page.getByRole('article', { name: 'Printable report' });

describeWithBrowser('printing from the browser', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    server = await startPreview(4242);
    browser = await launchChromium(executablePath);
    page = browser.page;
    await page.setViewportSize({ width: 1366, height: 768 });
    problems = watchForErrors(page);
    await page.addInitScript(recordPrintEvents);
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('marks the demo photos and reads their results', async () => {
    await addDemoPhotos(page);
    for (const photo of DEMO_PHOTOS) await markDemoPhoto(page, photo);
    await readDemoResults(page);
  });

  it('prints the report, not the app, when the print does not come from the app', async () => {
    const pdf = await page.pdf({ format: 'A4' });
    const events = await page.evaluate(() => window.printEvents);
    console.info(`printed ${pageCount(pdf)} pages; events: ${events.join(', ')}`);
    expect(events).toEqual(['beforeprint', 'afterprint']);
    expect(pageCount(pdf)).toBeGreaterThan(0);
    expect(pageCount(pdf)).toBeLessThan(13);
    // Tidied up after printing.
    await expect.poll(() => report(page).count()).toBe(0);
  });

  it('shows the report on paper and hides the photo stage', async () => {
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    try {
      await expect.poll(() => report(page).isVisible()).toBe(true);
      const printed = report(page);
      expect(await printed.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Strain Seer report',
      );
      expect(await printed.getByRole('table', { name: /strain per image/i }).isVisible()).toBe(
        true,
      );
      for (const photo of DEMO_PHOTOS) {
        expect(await printed.getByText(photo.file).first().isVisible()).toBe(true);
      }
      expect(await page.getByRole('application', { name: /^Photo / }).isVisible()).toBe(false);
      expect(await page.getByRole('main').isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    }
    await expect.poll(() => report(page).count()).toBe(0);
    expect(problems.all()).toEqual([]);
  });
});
