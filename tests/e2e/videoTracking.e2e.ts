// Tracking through a video's frames, end to end in Chromium against the production build.
// The test video is of a fast test: the specimen, printed with a 5 × 5 grid of dots whose
// inner 3 × 3 holds the five markers, stretches and is pulled down by about 100 px a
// second, filmed at 20 frames a second. Between two frames taken a second apart every dot
// jumps twice as far as the grid's pitch: tracked from the frame before alone, the marks land
// on other dots of the grid; followed through the frames in between, each lands on its own
// dot and the strains are the known ones. Once the page is reloaded the video is no longer
// at hand, and the report says so.
import { expect, it } from 'vitest';
import { dotsAt, knownStrains, sceneScale, STRETCHING_SCENE } from '../support/videoScene';
import type { VideoScene } from '../support/videoScene';
import { openAppForSuite } from './support/appPage';
import type { AppPage } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import { installVideoMaker, sceneVideo } from './support/testVideos';
import {
  addVideo,
  farthestMiss,
  frameFile,
  pointsOn,
  markWholeSequence,
  strainRows,
  takeFramesEvenly,
} from './support/videoFlow';
import { clickPoint, openImage, settleAfterLoad } from './support/workflow';

const scene: VideoScene = {
  ...STRETCHING_SCENE,
  centre: [250, 130],
  half: 50,
  dot: 14,
  rate: [
    [0.05, 0.01],
    [0, 0.15],
  ],
  drift: [0, 90],
  grid: 2,
};
const NAME = 'fast-test.mp4';
const TIMES = [0, 1, 2];
const FILES = TIMES.map((time) => frameFile(NAME, time));
const SPEED_MM_S = 1;
/** The scale points on the ruler: clicked on the first frame, tracked on the others. */
const SCALE = sceneScale(scene);
const FOLLOW = "Follow the dots through the video's frames in between";

/** The largest distance of the marks on the later frames from their dots' true centres, px. */
async function worstMiss(page: AppPage['page']): Promise<number> {
  let worst = 0;
  for (const [k, file] of FILES.entries()) {
    if (k > 0)
      worst = Math.max(worst, farthestMiss(await pointsOn(page, file), dotsAt(scene, TIMES[k]!)));
  }
  return worst;
}

describeWithBrowser('tracking through the frames of a video', (executablePath) => {
  let app: AppPage;
  openAppForSuite(executablePath, 4268, { width: 1400, height: 1000 }, (opened) => {
    app = opened;
  });

  it('tracked from frame to frame alone, the marks land on the wrong dots of the grid', async () => {
    const { page } = app;
    await installVideoMaker(page);
    const video = await sceneVideo(page, {
      scene,
      container: 'mp4',
      codec: 'avc',
      fps: 20,
      seconds: 2,
    });
    await addVideo(page, NAME, video);
    await takeFramesEvenly(page, NAME, TIMES.length, SPEED_MM_S);
    // The first frame marked by hand: on a grid, which five are the markers is the user's call.
    await openImage(page, FILES[0]!);
    for (const point of [...dotsAt(scene, 0), ...SCALE.points]) await clickPoint(page, point);
    await expect.poll(() => page.getByText('All points placed').count()).toBe(1);

    await page.getByLabel(FOLLOW).uncheck();
    const report = await markWholeSequence(page, TIMES.length);
    expect(report).not.toMatch(/Followed the dots/);
    const miss = await worstMiss(page);
    console.info(`tracked from the frame before alone: marks up to ${miss.toFixed(1)} px off`);
    expect(miss).toBeGreaterThan(20);
  });

  it('followed through the frames in between, every mark is on its dot and the strains are known', async () => {
    const { page, problems } = app;
    // Both frames' marks taken back (one undo step each), then marked again following.
    for (let k = 1; k < TIMES.length; k++) await page.getByRole('button', { name: 'Undo' }).click();
    expect((await pointsOn(page, FILES[2]!)).every((mark) => mark === null)).toBe(true);
    await page.getByLabel(FOLLOW).check();
    const report = await markWholeSequence(page, TIMES.length);
    const followed = /Followed the dots through (\d+) frames in between/.exec(report);
    expect(followed, report).not.toBeNull();
    const miss = await worstMiss(page);
    console.info(`${followed![0]}: marks at most ${miss.toFixed(3)} px off`);
    expect(miss).toBeLessThan(0.5);

    // The ruler stands still: its scale points are found again on every frame.
    for (const file of FILES.slice(1))
      expect(farthestMiss(await pointsOn(page, file, 'Scale'), SCALE.points)).toBeLessThan(0.5);
    const rows = await strainRows(page, FILES, SCALE.length);
    const known = knownStrains(scene, TIMES, SCALE);
    rows.forEach(([, exx, eyy, exy], k) => {
      const truth = known[k]!;
      expect(Math.abs(exx! - truth.exx), `exx at ${TIMES[k]} s`).toBeLessThan(1e-3);
      expect(Math.abs(eyy! - truth.eyy), `eyy at ${TIMES[k]} s`).toBeLessThan(1e-3);
      expect(Math.abs(exy! - truth.exy), `exy at ${TIMES[k]} s`).toBeLessThan(1e-3);
    });
    expect(problems.all()).toEqual([]);
  });

  it('after a reload the video is not at hand: the report says so and tracks plainly', async () => {
    const { page } = app;
    await page.reload();
    await settleAfterLoad(page);
    await openImage(page, FILES[2]!);
    for (let k = 0; k < 5; k++) {
      await page.getByRole('button', { name: new RegExp(`^Delete fiducial ${k} `) }).click();
    }
    await expect.poll(async () => (await pointsOn(page, FILES[2]!))[0]).toBeNull();
    const report = await markWholeSequence(page, TIMES.length);
    expect(report).toMatch(/The video "fast-test" is not open in this session/);
  });
});
