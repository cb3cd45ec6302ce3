// The workspace at the sizes people use it (a phone, a tablet, a laptop, a desktop), in light
// and dark, in Chromium against the production build: the whole demo workflow at each, from
// the empty drop target through marking, results and export to the help. At every step the page
// never scrolls sideways and no text is cut off outside a scroll area; axe finds nothing in any
// view or dialog; the photo stage has most of a laptop's screen while marking; and the layout
// hardly shifts over the whole run.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import { DEMO_PHOTOS } from './support/demo';
import {
  axeViolations,
  clippedText,
  horizontalOverflow,
  layoutShift,
  recordShifts,
} from './support/layoutChecks';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import {
  addDemoPhotos,
  markDemoPhoto,
  readDemoResults,
  settleAfterLoad,
  showView,
} from './support/workflow';

const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const SCHEMES = ['light', 'dark'] as const;
/** Cumulative layout shift over the workflow; good is under 0.1, the app aims far lower. */
const CLS_LIMIT = 0.02;
/** Of the viewport's area, the least the photo stage has while marking on a laptop or wider. */
const STAGE_SHARE = 0.6;

/** Everything a view must hold to, whatever the size: width, text, accessibility. */
async function expectSound(page: Page, view: string) {
  expect(await horizontalOverflow(page), `${view}: sideways scroll`).toBe('none');
  expect(await clippedText(page), `${view}: text cut off`).toEqual([]);
  expect(await axeViolations(page), `${view}: axe`).toEqual([]);
}

/** The marking view's stage (its tools and the photo) as a share of the viewport's area. */
function stageShare(page: Page) {
  return page.evaluate(() => {
    const { width, height } = document
      .querySelector('#view-mark .stage-column')!
      .getBoundingClientRect();
    const photo = document.querySelector('.stage')!.getBoundingClientRect();
    const screen = innerWidth * innerHeight;
    return { stage: (width * height) / screen, photo: (photo.width * photo.height) / screen };
  });
}

describeWithBrowser('the workspace at every size', (executablePath) => {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await startPreview(4251);
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const scheme of SCHEMES) {
    describe(`${scheme} theme`, () => {
      for (const size of SIZES) {
        it(`runs the whole demo workflow at ${size.width} × ${size.height}`, async () => {
          const browser = await launchChromium(executablePath);
          try {
            const page = browser.page;
            await page.setViewportSize(size);
            await page.emulateMedia({ colorScheme: scheme });
            const problems = watchForErrors(page);
            await page.addInitScript(recordShifts);
            await page.goto(server!.url);
            await settleAfterLoad(page);
            await expectSound(page, 'the empty workspace');

            await addDemoPhotos(page);
            for (const photo of DEMO_PHOTOS) await markDemoPhoto(page, photo);
            await expectSound(page, 'marking');
            if (size.width >= 1366) {
              const share = await stageShare(page);
              console.info(
                `${size.width} × ${size.height}: stage ${(share.stage * 100).toFixed(1)} %, photo ${(share.photo * 100).toFixed(1)} % of the viewport`,
              );
              expect(share.stage).toBeGreaterThanOrEqual(STAGE_SHARE);
              // A wide screen is one screen: its panels scroll inside, the page does not.
              expect(
                await page.evaluate(() => document.documentElement.scrollHeight - innerHeight),
              ).toBeLessThanOrEqual(0);
            }

            await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
            await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
            await expectSound(page, 'the shortcuts dialog');
            await page.keyboard.press('Escape');

            const cells = await readDemoResults(page);
            expect(cells.slice(0, 4).every(Number.isFinite)).toBe(true);
            await expectSound(page, 'results');
            const [download] = await Promise.all([
              page.waitForEvent('download'),
              page.getByRole('button', { name: /raw_data\.csv/ }).click(),
            ]);
            expect(download.suggestedFilename()).toBe('raw_data.csv');

            await page.getByRole('button', { name: 'Help' }).click();
            const help = page.getByRole('dialog', { name: 'How Strain Seer works' });
            await help.getByRole('heading', { name: /compare the strain measures/i }).waitFor();
            await expectSound(page, 'the help');
            await page.keyboard.press('Escape');
            await expect.poll(() => help.isVisible()).toBe(false);

            await page.getByRole('button', { name: 'New project' }).click();
            const confirm = page.getByRole('dialog', { name: /new project/i });
            await confirm.waitFor();
            await expectSound(page, 'the new-project dialog');
            await confirm.getByRole('button', { name: 'Cancel' }).click();

            await showView(page, 'Mark photos');
            expect(await horizontalOverflow(page)).toBe('none');
            const shift = await layoutShift(page);
            console.info(
              `${size.width} × ${size.height} ${scheme}: layout shift ${shift.total.toFixed(4)}`,
              shift.log.join('; '),
            );
            expect(shift.total).toBeLessThan(CLS_LIMIT);
            expect(problems.all()).toEqual([]);
          } finally {
            await browser.close();
          }
        });
      }
    });
  }
});
