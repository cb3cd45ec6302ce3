// Seeing the strain in Chromium against the production build, on the demo photos: the
// overlay on the 30 mm photo (its geometry read from what the layer says it drew, not from
// pixels) against the core run on the demo marks, the strain path's points, and the flip
// book stepped with the keyboard at the zoom the user chose.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { analyseSequence, strainPath } from '../../src/core';
import type { ImageMarks, SequenceAnalysis } from '../../src/core';
import { misfitText } from '../../src/ui/overlay/legend';
import { VIDEO_FRAME_RATE, VIDEO_SIZE, framesPerPhoto } from '../../src/ui/overlay/overlayVideo';
import type { PlotSeries } from '../../src/ui/strainPath/strainPathChart';
import { cornerMisplacements } from '../support/overlay';
import { openAppForSuite } from './support/appPage';
import { drawnOverlay, overlayLayer } from './support/overlayLayer';
import { describeWithBrowser } from './support/browser';
import type { PageProblems } from './support/browser';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from './support/demo';
import { decodeVideo, meanDifference } from './support/videoFile';
import {
  addDemoPhotos,
  canvas,
  downloadOf,
  markDemoPhoto,
  openImage,
  showView,
} from './support/workflow';

/** The demo marks as the user clicked them (to a screen pixel: within a pixel of these). */
const MARKS: ImageMarks[] = DEMO_PHOTOS.map((photo) => ({
  name: photo.file,
  fiducials: photo.fiducials,
  scalePoints: photo.scale,
  pressTravel: photo.travel,
}));

function demoAnalysis(measure: 'small' | 'hencky'): SequenceAnalysis {
  return analyseSequence({
    images: MARKS,
    scaleLength: DEMO_SCALE_LENGTH_MM,
    measure,
    reference: { kind: 'total', referenceIndex: 0 },
  });
}

const heading = (page: Page) => page.getByRole('heading', { name: /^Mark points on / });

describeWithBrowser('seeing the strain', (executablePath) => {
  let page: Page;
  let problems: PageProblems;
  openAppForSuite(
    executablePath,
    4277,
    { width: 1400, height: 1000 },
    (app) => ({ page, problems } = app),
  );

  it('marks the demo photos', async () => {
    await addDemoPhotos(page);
    for (const photo of DEMO_PHOTOS) await markDemoPhoto(page, photo);
    await showView(page, 'Results');
    await page.getByLabel('Scale length (mm)').fill(String(DEMO_SCALE_LENGTH_MM));
    const results = page.getByRole('table', { name: /Strain per image/ });
    await expect.poll(() => results.getByRole('row').count(), { timeout: 15_000 }).toBe(4);
  }, 60_000);

  it('draws the 30 mm photo’s overlay as the core computes it: the block widens and shortens', async () => {
    await openImage(page, 'deformation-30mm-force.png');
    await page.getByRole('checkbox', { name: 'Show strain overlay' }).check();
    const drawn = await drawnOverlay(overlayLayer(page));
    const expected = demoAnalysis('small').images[2];
    if (!expected?.ok) throw new Error('the core has no strain for the 30 mm photo');
    const misplaced = cornerMisplacements(drawn.grid, {
      reference: MARKS[0] as ImageMarks,
      current: MARKS[2] as ImageMarks,
      scaleLength: DEMO_SCALE_LENGTH_MM,
      F: expected.strain.F,
    });
    // The clicks land within a screen pixel of the demo marks: a few image pixels at most.
    for (const miss of misplaced) expect(miss).toBeLessThan(3);
    const [e1, e2] = drawn.axes;
    expect(Math.abs((e1?.strain as number) - expected.strain.principal.e1)).toBeLessThan(3e-3);
    expect(Math.abs((e2?.strain as number) - expected.strain.principal.e2)).toBeLessThan(3e-3);
    // Widening along x (orange, heads out), shortening along y (blue, heads in).
    expect(e1?.kind).toBe('stretch');
    expect(e2?.kind).toBe('shortening');
    const along = (a: typeof e1) => Math.abs((a?.to[0] as number) - (a?.from[0] as number));
    expect(along(e1)).toBeGreaterThan(Math.abs((e1?.to[1] as number) - (e1?.from[1] as number)));
    expect(along(e2)).toBeLessThan(Math.abs((e2?.to[1] as number) - (e2?.from[1] as number)));
    expect(drawn.misfits.map((m) => m.marker)).toEqual([0, 1, 2, 3]);
    // The block barrels: its misfit is spread evenly over the markers, and the view says so.
    await expect
      .poll(() => page.getByText(/^Misfit on this photo:/).textContent())
      .toBe('Misfit on this photo: even across markers.');
    const legend = page.getByRole('list', { name: 'Overlay legend' });
    await expect.poll(() => legend.textContent()).toContain(misfitText(drawn.scales));
  }, 30_000);

  it('saves the open photo’s overlay as a PNG and every photo’s as a zip of PNGs', async () => {
    const png = await downloadOf(page, 'Save overlay as PNG');
    expect(png.name).toBe('3_deformation-30mm-force_overlay.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The photo's own size (under the 2400 px edge): width and height at bytes 16 and 20.
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(500);
    const zip = await downloadOf(page, 'Save all overlays (zip)');
    expect(zip.name).toBe('strain_overlays.zip');
    expect(Object.keys(unzipSync(new Uint8Array(zip.bytes)))).toEqual(
      DEMO_PHOTOS.map((photo, i) => `${i + 1}_${photo.file.replace('.png', '')}_overlay.png`),
    );
  }, 30_000);

  it('saves the sequence as a video that holds each photo with its overlay', async () => {
    // By the keys alone: a faster speed, then Tab to the button and Enter.
    const speed = page.getByRole('combobox', { name: 'Video speed' });
    await speed.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => speed.inputValue()).toBe('2');
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Save the sequence as a video');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    const video = {
      name: download.suggestedFilename(),
      bytes: readFileSync(await download.path()),
    };
    expect(video.name).toMatch(/^strain_overlays\.(mp4|webm)$/);
    // Read back by the browser's own decoder: the middle of each photo's half second.
    const hold = framesPerPhoto(2);
    const perPhoto = hold / VIDEO_FRAME_RATE;
    const middles = DEMO_PHOTOS.map((_, i) => (i + 0.5) * perPhoto);
    const decoded = await decodeVideo(page, video.bytes, middles);
    expect([decoded.width, decoded.height]).toEqual([VIDEO_SIZE.width, VIDEO_SIZE.height]);
    expect(decoded.frameCount).toBe(DEMO_PHOTOS.length * hold);
    expect(decoded.duration).toBeCloseTo(DEMO_PHOTOS.length * perPhoto, 2);
    const [first, , last] = decoded.thumbnails as [number[], number[], number[]];
    expect(meanDifference(first, last)).toBeGreaterThan(5);
    await expect
      .poll(() => page.getByRole('status').allTextContents())
      .not.toContainEqual(expect.stringMatching(/Could not save/));
  }, 30_000);

  it('plots the strain path, one point per photo in Hencky strain', async () => {
    await showView(page, 'Results');
    const plot = page.getByTestId('strain-path-plot');
    await plot.scrollIntoViewIfNeeded();
    await expect.poll(() => plot.getAttribute('data-points'), { timeout: 10_000 }).toBeTruthy();
    const [path, ...references] = JSON.parse(
      (await plot.getAttribute('data-points')) as string,
    ) as PlotSeries[];
    const expected = strainPath(demoAnalysis('hencky'), 'hencky');
    expect(path?.points.map((p) => p.label)).toEqual(
      DEMO_PHOTOS.map((photo) => `${photo.file}, d = ${photo.travel} mm`),
    );
    path?.points.forEach((point, i) => {
      expect(Math.abs(point.x - (expected[i]?.minor as number))).toBeLessThan(3e-3);
      expect(Math.abs(point.y - (expected[i]?.major as number))).toBeLessThan(3e-3);
    });
    expect(references).toHaveLength(5);
    // The keys name a point: its photo and its travel.
    await plot.focus();
    await page.keyboard.press('End');
    const described = page.locator(`#${await plot.getAttribute('aria-describedby')}`);
    await expect
      .poll(() => described.textContent())
      .toMatch(/deformation-30mm-force\.png, d = 30 mm/);
  }, 30_000);

  it('steps the flip book with the keyboard at the zoom the user chose', async () => {
    await showView(page, 'Mark photos');
    await canvas(page).scrollIntoViewIfNeeded();
    await canvas(page).focus();
    await page.keyboard.press('+');
    const zoom = await canvas(page).getAttribute('data-zoom');
    const before = await drawnOverlay(overlayLayer(page));

    const slider = page.getByRole('slider', { name: 'Photo in the sequence' });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => heading(page).textContent()).toContain('deformation-15mm-force.png');
    await page.locator('.stage[aria-busy="false"]').waitFor();
    expect(await canvas(page).getAttribute('data-zoom')).toBe(zoom);
    await expect
      .poll(async () => (await drawnOverlay(overlayLayer(page))).grid[0]?.[0])
      .not.toEqual(before.grid[0]?.[0]);
    expect(await slider.getAttribute('aria-valuetext')).toBe(
      'Photo 2 of 3: deformation-15mm-force.png, d = 15 mm',
    );

    await page.keyboard.press('Home');
    await expect.poll(() => heading(page).textContent()).toContain('deformation-00mm-force.png');
    // Play runs to the last photo and stops there.
    await page.getByRole('combobox', { name: 'Speed', exact: true }).selectOption('4');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(() => heading(page).textContent(), { timeout: 10_000 })
      .toContain('deformation-30mm-force.png');
    await expect.poll(() => page.getByRole('button', { name: 'Play' }).count()).toBe(1);
    expect(problems.all()).toEqual([]);
  }, 30_000);
});
