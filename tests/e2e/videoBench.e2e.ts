// The video intake's figures in Chromium against the production build: a 4K test video
// (H.264, made in the page), the time from picking it to the first frame's preview, the
// seconds per frame taken into the project (decoded, stored as PNG, decoded again for its
// thumbnail) against a bare VideoDecoder decode of the same frames in the same run, the
// memory of the tab while the frames are taken, and the page's longest task meanwhile.
// With STRAIN_SEER_VIDEO_MEMORY=1 it also takes 100 frames of a 25-second 4K video and
// reads the tab's peak memory meanwhile, then once more after Chromium is told memory is
// short: about a minute of work on a two-core machine, so a bench run by hand
// (`STRAIN_SEER_VIDEO_MEMORY=1 npx vitest run --config vitest.e2e.config.ts
// tests/e2e/videoBench.e2e.ts`), not part of the e2e run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { longTasksBetween, pageNow, recordLongTasks } from '../../scripts/bench/probes';
import type { VideoScene } from '../support/videoScene';
import { STRETCHING_SCENE } from '../support/videoScene';
import { describeWithBrowser, launchChromium, watchForErrors } from './support/browser';
import type { LaunchedBrowser } from './support/browser';
import { startPreview } from './support/server';
import type { RunningServer } from './support/server';
import { sampleMemory, tabMemory } from './support/storage';
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
const GiB = 2 ** 30;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/**
 * Call inside a describe: the app served on `port` in a Chromium with a profile of its own
 * (whose processes the memory is read from), opened before the suite and closed after it.
 */
function benchBrowser(executablePath: string, port: number) {
  let server: RunningServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const userDataDir = mkdtempSync(join(tmpdir(), 'strain-seer-video-bench-'));
  beforeAll(async () => {
    server = await startPreview(port);
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
  return { page: () => browser!.page, userDataDir };
}

/** The 4K scene filmed for `seconds` at four frames a second, as H.264 in MP4. */
async function video4K(page: Page, seconds: number): Promise<Buffer> {
  await installVideoMaker(page);
  return sceneVideo(page, { scene: SCENE_4K, container: 'mp4', codec: 'avc', fps: 4, seconds });
}

/** Opens the frames dialog on a video and sets how many frames to take evenly. */
async function chooseFrames(page: Page, file: Parameters<Page['setInputFiles']>[1], count: number) {
  await page.getByLabel('Add photos').setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: `Frames from ${NAME}` });
  await dialog.getByRole('img', { name: 'Frame at 0.000 s' }).waitFor({ timeout: 15_000 });
  await dialog.getByRole('spinbutton', { name: 'Number of frames' }).fill(String(count));
  return dialog;
}

/** Takes the frames chosen, sampling memory meanwhile; answers seconds a frame and the peaks. */
async function takeAndMeasure(page: Page, userDataDir: string, count: number, timeout: number) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const memory = sampleMemory(cdp, userDataDir);
  const started = await pageNow(page);
  const t0 = Date.now();
  await page
    .getByRole('dialog', { name: `Frames from ${NAME}` })
    .getByRole('button', { name: `Add ${count} frames` })
    .click();
  // Counted by a plain selector: a role query over a hundred rows, polled, is itself a
  // main-thread task long enough to be mistaken for the app's.
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-id]').length >= n, count, {
    timeout,
    polling: 250,
  });
  const perFrame = (Date.now() - t0) / 1000 / count;
  const longest = (await longTasksBetween(page, started, Infinity)).longest;
  return { perFrame, longest, peaks: await memory.stop() };
}

describeWithBrowser('taking frames of a 4K video', (executablePath) => {
  const bench = benchBrowser(executablePath, 4267);

  it('previews at once, takes each frame in about a second, and keeps the page free', async () => {
    const page = bench.page();
    const problems = watchForErrors(page);
    const video = await video4K(page, 1);
    const bare = await bareDecodeSeconds(page, video, TIMES);

    const t0 = Date.now();
    await chooseFrames(page, { name: NAME, mimeType: 'video/mp4', buffer: video }, TIMES.length);
    const firstPreviewMs = Date.now() - t0;
    const { perFrame, longest, peaks } = await takeAndMeasure(
      page,
      bench.userDataDir,
      TIMES.length,
      30_000,
    );
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
    expect(peaks.renderer).toBeLessThan(GiB);
    expect(longest).toBeLessThan(50);
    expect(problems.all()).toEqual([]);
  }, 60_000);
});

describeWithBrowser('taking 100 frames of a 4K video', (executablePath) => {
  const bench = benchBrowser(executablePath, 4269);
  const count = 100;

  it.runIf(process.env.STRAIN_SEER_VIDEO_MEMORY === '1')(
    "keeps the tab's private memory under half a gigabyte, and all of it once Chromium's image cache goes",
    async () => {
      const page = bench.page();
      const problems = watchForErrors(page);
      // 101 frames; the file is handed over from disk, as a user's would be.
      const video = await video4K(page, 25);
      const path = join(bench.userDataDir, NAME);
      writeFileSync(path, video);
      // The page lets the maker's copy go before the measure starts.
      await page.reload();
      await chooseFrames(page, path, count);
      // The tab's own figures, read apart: its private memory, and the pixels it shares.
      const tab = { resident: 0, private: 0, shared: 0 };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const now = tabMemory(bench.userDataDir);
          if (now)
            for (const key of ['resident', 'private', 'shared'] as const)
              tab[key] = Math.max(tab[key], now[key]);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      const { perFrame, longest, peaks } = await takeAndMeasure(
        page,
        bench.userDataDir,
        count,
        240_000,
      );
      sampling = false;
      await sampler;
      // What of it is cache: Chromium lets go of its decoded images when memory runs short.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const after = tabMemory(bench.userDataDir)!;
      console.info(
        [
          `${count} frames of a 25-second 4K H.264 video (${mb(video.length)}): ` +
            `${perFrame.toFixed(2)} s a frame; longest main-thread task ${longest} ms`,
          `tab's peak while taking: ${mb(tab.resident)} resident, of which ${mb(tab.private)} ` +
            `private and ${mb(tab.shared)} shared memory; page JS heap ${mb(peaks.jsHeap)}; ` +
            `all of Chromium ${mb(peaks.total)}`,
          `tab after a memory-pressure notice: ${mb(after.resident)} resident ` +
            `(${mb(after.private)} private, ${mb(after.shared)} shared)`,
        ].join('\n'),
      );
      // Bounded: the private memory stays well under 1 GB, and all the tab holds comes back
      // under it as soon as Chromium is short of memory (the shared part is its image cache).
      expect(tab.private).toBeLessThan(GiB / 2);
      expect(after.resident).toBeLessThan(GiB / 2);
      expect(problems.all()).toEqual([]);
    },
    300_000,
  );
});
