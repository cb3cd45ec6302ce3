// Ingest in Chromium against the production build: every supported format is
// decoded in the worker with its EXIF orientation applied, and each bad file
// gets its own message while the others are added.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/formats/${name}`, import.meta.url));
const GOOD = ['tiny.png', 'tiny.jpg', 'tiny.gif', 'tiny.bmp', 'tiny.webp', 'rotated-exif6.jpg'];
const BAD = ['not-an-image.png', 'empty.png', 'truncated.jpg'];

/** Size of a thumbnail and whether its dark dot is on the left, read from its pixels. */
function thumbnailFacts(page: Page, name: string) {
  return page.getByRole('img', { name }).evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const row = Math.round(canvas.height / 2);
    const at = (fraction: number) =>
      context.getImageData(Math.round(canvas.width * fraction), row, 1, 1).data[0]!;
    return {
      width: img.naturalWidth,
      height: img.naturalHeight,
      leftDark: at(0.29) < 100,
      rightDark: at(0.71) < 100,
    };
  });
}

describeWithBrowser('photo ingest', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    server = await startPreview(4182);
    browser = await launchChromium(executablePath);
    await browser.page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds PNG, JPEG, GIF, BMP and WebP, and refuses each bad file with its own message', async () => {
    const page = browser!.page;
    await page.getByLabel('Add photos').setInputFiles([...GOOD, ...BAD].map(fixture));
    const table = page.getByRole('table', { name: 'Images in sequence order' });
    await expect
      .poll(() => table.getByRole('row').count(), { timeout: 30_000 })
      .toBe(GOOD.length + 1);
    for (const name of GOOD)
      expect(await page.getByRole('button', { name: `Open ${name}` }).count()).toBe(1);
    const alerts = (await page.getByRole('alert').allTextContents()).join('\n');
    for (const name of BAD) {
      expect(alerts).toContain(name);
      expect(await page.getByRole('button', { name: `Open ${name}` }).count()).toBe(0);
    }
    expect(alerts).toMatch(/empty/i);
  });

  it('applies the EXIF orientation: the rotated JPEG shows upright, like the PNG', async () => {
    const page = browser!.page;
    const upright = await thumbnailFacts(page, 'tiny.png');
    const rotated = await thumbnailFacts(page, 'rotated-exif6.jpg');
    expect(upright).toMatchObject({ leftDark: true, rightDark: false });
    expect(rotated.width).toBeGreaterThan(rotated.height);
    expect(rotated).toMatchObject({ leftDark: true, rightDark: false });
  });
});
