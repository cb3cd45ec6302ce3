// A marker nudged off its dot, ringed on the strain overlay, in Chromium against the
// production build: the demo photos marked by the assistant (Mark the whole sequence, so
// every dot's centre is located; the ruler's ticks clicked by hand), the overlay on the
// 30 mm photo, where the block barrels and its misfits against F are tens of pixels already,
// and its top-left marker nudged 10 px with the keys: the overlay rings that marker and no
// other, with the line from its dot's centre, until it is nudged back.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { openAppForSuite } from './support/appPage';
import { drawnOverlay, overlayLayer } from './support/overlayLayer';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import { addDemoPhotos, clickPoint, openImage, showView } from './support/workflow';

const THIRTY = DEMO_PHOTOS[2]!;

describeWithBrowser('a marker off its dot on the strain overlay', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  openAppForSuite(
    executablePath,
    4283,
    { width: 1400, height: 1000 },
    (app) => ({ page, problems } = app),
  );

  /** Selects the top-left marker from the point table and presses `key` on the photo. */
  async function nudgeTopLeft(key: string): Promise<void> {
    await page.getByRole('button', { name: 'Select fiducial 0 (top-left)' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('application');
    await page.keyboard.press(key);
  }

  it('marks the demo photos with the assistant and shows the 30 mm photo’s overlay', async () => {
    await addDemoPhotos(page);
    await openImage(page, DEMO_PHOTOS[0]!.file);
    await page.getByRole('button', { name: 'Mark the whole sequence' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Marking the sequence' }).textContent(), {
        timeout: 30_000,
      })
      .toMatch(/Marked the sequence: 3 of 3/);
    // The ruler's two ticks by hand on each photo.
    for (const photo of DEMO_PHOTOS) {
      await openImage(page, photo.file);
      for (const point of photo.scale) await clickPoint(page, point);
      await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
    }
    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    await showView(page, 'Mark photos');
    await openImage(page, THIRTY.file);
    await page.getByRole('checkbox', { name: 'Show strain overlay' }).check();
    const drawn = await drawnOverlay(overlayLayer(page));
    // Every marker on its dot: nothing ringed, while the misfits are tens of pixels.
    expect(drawn.offDot).toEqual([]);
    expect(drawn.misfits.length).toBe(4);
  }, 45_000);

  it('rings the marker nudged 10 px, and no other, with the line from its dot’s centre', async () => {
    const layer = overlayLayer(page);
    await nudgeTopLeft('Shift+ArrowRight');
    await expect.poll(async () => (await drawnOverlay(layer)).offDot.length).toBe(1);
    const [ring] = (await drawnOverlay(layer)).offDot;
    if (!ring) throw new Error('no ring drawn');
    expect(ring.marker).toBe(0);
    // Around the mark where it is now; the line from the located centre, 10 px to the right.
    expect(ring.to).toEqual(ring.ring);
    expect(ring.to[0] - ring.from[0]).toBeCloseTo(10, 6);
    expect(ring.to[1]).toBeCloseTo(ring.from[1], 6);
    const [x, y] = THIRTY.fiducials[0]!;
    expect(Math.hypot(ring.from[0] - x, ring.from[1] - y)).toBeLessThan(3);
    expect(ring.label).toBe('10 px');
    const legend = page.getByRole('list', { name: 'Overlay legend' });
    await expect
      .poll(() => legend.textContent())
      .toContain('Yellow dashed ring: marker off its dot: fiducial 0 (top-left) 10 px');
  }, 20_000);

  it('drops the ring once the marker is nudged back onto its dot', async () => {
    await nudgeTopLeft('Shift+ArrowLeft');
    await expect.poll(async () => (await drawnOverlay(overlayLayer(page))).offDot.length).toBe(0);
    const legend = page.getByRole('list', { name: 'Overlay legend' });
    expect(await legend.textContent()).not.toContain('off its dot');
    expect(problems.all()).toEqual([]);
  }, 20_000);
});
