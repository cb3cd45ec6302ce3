// The video intake's figures in Chromium against the production build: a 4K test video
// (H.264, made in the page), the time from picking it to the first frame's preview, the
// seconds per frame taken into the project (decoded, stored as PNG, decoded again for its
// thumbnail) against a bare VideoDecoder decode of the same frames in the same run, the
// memory of the tab while the frames are taken, and the page's longest task meanwhile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { longTasksBetween, pageNow, recordLongTasks } from '../../scripts/bench/probes';
import type { VideoScene } from '../support/videoScene';
import { STRETCHING_SCENE } from '../support/videoScene';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { sampleMemory } from './support/storage';
import { bareDecodeSeconds, installVideoMaker, sceneVideo } from './support/testVideos';

/** The stretching scene at 4K: everything six times the 640 × 480 scene, cropped to 16:9. */
const SCENE_4K: VideoScene = {
  ...STRETCHING_SCENE,
  width: 3840,
  height: 2160,
  centre: [1680, 1080],
  half: 840,
  dot: 144,
  ruler: { x: 3000, y0: 240, y1: 1920, spacing: 60 },
};
const TIMES = [0, 0.5, 1];
const NAME = 'press-4k.mp4';

describeWithBrowser('taking frames of a 4K video', (executablePath) => {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const userDataDir = mkdtempSync(join(tmpdir(), 'strain-seer-video-bench-'));

  beforeAll(async () => {
    server = await startPreview(4267);
    browser = await launchChromium(executablePath, { userDataDir });
    await browser.page.addInitScript(recordLongTasks);
    await browser.page.setViewportSize({ width: 1400, height: 1000 });
    await browser.page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('previews at once, takes each frame in about a second, and keeps the page free', async () => {
    const page = browser!.page;
    const problems = watchForErrors(page);
    await installVideoMaker(page);
    const video = await sceneVideo(page, {
      scene: SCENE_4K,
      container: 'mp4',
      codec: 'avc',
      fps: 4,
      seconds: 1,
    });
    const bare = await bareDecodeSeconds(page, video, TIMES);

    const t0 = Date.now();
    await page
      .getByLabel('Add photos')
      .setInputFiles({ name: NAME, mimeType: 'video/mp4', buffer: video });
    const dialog = page.getByRole('dialog', { name: `Frames from ${NAME}` });
    await dialog.getByRole('img', { name: 'Frame at 0.000 s' }).waitFor({ timeout: 15_000 });
    const firstPreviewMs = Date.now() - t0;
    await dialog.getByRole('spinbutton', { name: 'Number of frames' }).fill(String(TIMES.length));

    const cdp = await page.context().newCDPSession(page);
    const memory = sampleMemory(cdp, userDataDir);
    const started = await pageNow(page);
    const t1 = Date.now();
    await dialog.getByRole('button', { name: `Add ${TIMES.length} frames` }).click();
    const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
    await rows.nth(TIMES.length).waitFor({ timeout: 30_000 });
    const perFrame = (Date.now() - t1) / 1000 / TIMES.length;
    const longest = (await longTasksBetween(page, started, Infinity)).longest;
    const peaks = await memory.stop();

    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    console.info(
      [
        `4K H.264, ${mb(video.length)}: first preview ${firstPreviewMs} ms after picking`,
        `taken: ${perFrame.toFixed(2)} s a frame (decoded, stored as PNG, thumbnailed) against ` +
          `${(bare / TIMES.length).toFixed(3)} s a frame for a bare VideoDecoder`,
        `peak memory while taking: tab ${mb(peaks.renderer)}, page JS heap ${mb(peaks.jsHeap)}, ` +
          `all of Chromium ${mb(peaks.total)}; longest main-thread task ${longest} ms`,
      ].join('\n'),
    );
    expect(firstPreviewMs).toBeLessThan(5_000);
    expect(peaks.renderer).toBeLessThan(2 ** 30);
    expect(longest).toBeLessThan(50);
    expect(problems.all()).toEqual([]);
  }, 60_000);
});
