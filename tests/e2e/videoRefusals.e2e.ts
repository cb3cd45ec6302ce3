// Videos that cannot give frames, in Chromium against the production build: each is refused
// with a sentence that says why (and, for a codec this browser cannot decode, how to
// re-encode it with a free tool), no dialog opens and the project stays empty.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { STRETCHING_SCENE } from '../support/videoScene';
import { openAppForSuite } from './support/appPage';
import type { AppPage } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import {
  hevcVideo,
  installVideoMaker,
  sceneVideo,
  soundOnlyFile,
  subtitlesOnlyFile,
} from './support/testVideos';
import type { SceneVideoSpec } from './support/testVideos';

const SHORT: SceneVideoSpec = {
  scene: STRETCHING_SCENE,
  container: 'mp4',
  codec: 'avc',
  fps: 10,
  seconds: 1,
};

/** Hands the app one file as if picked, and returns the refusal it shows for it. */
async function refusalFor(page: Page, name: string, buffer: Buffer): Promise<string> {
  const mimeType = name.endsWith('.mp4') ? 'video/mp4' : 'video/webm';
  await page.getByLabel('Add photos').setInputFiles({ name, mimeType, buffer });
  const item = page.getByRole('alert').getByRole('listitem').filter({ hasText: name });
  await item.waitFor({ timeout: 15_000 });
  return (await item.textContent()) ?? '';
}

async function expectUntouched(page: Page) {
  expect(await page.getByRole('dialog').count()).toBe(0);
  const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
  expect(await rows.count()).toBe(0);
}

describeWithBrowser('videos that cannot give frames', (executablePath) => {
  let app: AppPage;
  openAppForSuite(executablePath, 4265, { width: 1280, height: 900 }, (opened) => {
    app = opened;
  });

  it('refuses each with why, and adds nothing', async () => {
    const { page, problems } = app;
    await installVideoMaker(page);
    const whole = await sceneVideo(page, SHORT);
    const cases: [string, Buffer, RegExp][] = [
      // Cut in half: its index kept but the frames it lists gone; or only its second half.
      ['cut.mp4', whole.subarray(0, whole.length >> 1), /is cut short/],
      ['tail.mp4', whole.subarray(whole.length >> 1), /could not be read: .*cut short/],
      ['subtitles.webm', await subtitlesOnlyFile(page), /holds no video track/],
      ['sound.webm', await soundOnlyFile(page), /holds only sound, no video track/],
      [
        'hevc.mp4',
        await hevcVideo(page),
        /cannot decode .*H\.265 \(HEVC\).*HandBrake.*ffmpeg -i "hevc\.mp4"/,
      ],
      [
        'thin.webm',
        await sceneVideo(page, {
          ...SHORT,
          container: 'webm',
          codec: 'vp9',
          coded: { width: 1, height: 64 },
        }),
        /1 × 64 pixels: too small/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      expect(await refusalFor(page, name, bytes), name).toMatch(message);
      await expectUntouched(page);
    }
    expect(problems.all()).toEqual([]);
  });
});
