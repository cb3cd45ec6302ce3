// Ingest in Chromium against the production build: every supported format (TIFF by the
// app's own decoder) is decoded in the worker with its EXIF or TIFF orientation applied,
// and each bad file gets its own message while the others are added; a photo too large to
// decode is refused from its header, before any decode, and the tab carries on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/formats/${name}`, import.meta.url));
const tiffFixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/tiff/${name}`, import.meta.url));
const GOOD = ['tiny.png', 'tiny.jpg', 'tiny.gif', 'tiny.bmp', 'tiny.webp', 'rotated-exif6.jpg'];
const BAD = ['not-an-image.png', 'empty.png', 'truncated.jpg'];

/** A PNG chunk: length, type, data and the CRC of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A small file that claims to be a huge PNG: a valid signature and IHDR with these sides,
 * a tiny IDAT and IEND. Decoding it for real would need width × height × 4 bytes.
 */
function hugePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

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

  it('decodes a TIFF (LZW, Orientation 6) upright like the JPEG, and refuses a JPEG-in-TIFF saying what to do', async () => {
    const page = browser!.page;
    const problems = watchForErrors(page);
    // rotated-o6.tif is the same picture as tiny.png, stored on its side (tests/fixtures/tiff).
    await page
      .getByLabel('Add photos')
      .setInputFiles([tiffFixture('rotated-o6.tif'), tiffFixture('rgb8-jpeg.tif')]);
    const added = page.getByRole('button', { name: 'Open rotated-o6.tif' });
    await expect.poll(() => added.count(), { timeout: 30_000 }).toBe(1);
    const upright = await thumbnailFacts(page, 'tiny.png');
    const rotated = await thumbnailFacts(page, 'rotated-o6.tif');
    expect([rotated.width, rotated.height]).toEqual([upright.width, upright.height]);
    expect(rotated).toMatchObject({ leftDark: true, rightDark: false });

    const refusal = page
      .getByRole('alert')
      .getByRole('listitem')
      .filter({ hasText: 'rgb8-jpeg.tif' });
    await expect.poll(() => refusal.count(), { timeout: 30_000 }).toBe(1);
    expect(await refusal.textContent()).toContain(
      'cannot read TIFF files with JPEG compression inside. Save the photo as an uncompressed or LZW TIFF, or as PNG',
    );
    expect(await page.getByRole('button', { name: 'Open rgb8-jpeg.tif' }).count()).toBe(0);
    expect(problems.all()).toEqual([]);
  });

  it('refuses a photo too large to decode with a message naming its size, and adds the good one', async () => {
    const page = browser!.page;
    const problems = watchForErrors(page);
    const dir = mkdtempSync(join(tmpdir(), 'strain-seer-huge-'));
    try {
      const huge = join(dir, 'panorama.png');
      writeFileSync(huge, hugePng(50_000, 40_000));
      const good = fileURLToPath(
        new URL('../fixtures/demo/deformation-00mm-force.png', import.meta.url),
      );
      await page.getByLabel('Add photos').setInputFiles([huge, good]);

      const refusal = page
        .getByRole('alert')
        .getByRole('listitem')
        .filter({ hasText: 'panorama.png' });
      await expect.poll(() => refusal.count(), { timeout: 30_000 }).toBe(1);
      const message = await refusal.textContent();
      expect(message).toContain('50000 × 40000 pixels (2000 MP)');
      expect(message).toContain('up to 100 MP');
      expect(message).toMatch(/save a smaller copy/i);

      const added = page.getByRole('button', { name: 'Open deformation-00mm-force.png' });
      await expect.poll(() => added.count(), { timeout: 30_000 }).toBe(1);
      expect(await page.getByRole('button', { name: 'Open panorama.png' }).count()).toBe(0);
      // The tab is alive and answering, and nothing went wrong on the page.
      expect(await page.evaluate(() => document.title)).toMatch(/Strain Seer/);
      expect(problems.all()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
