// Frames from a video, end to end in Chromium against the production build: the test makes
// its own video of a specimen stretching at a known rate (tests/support/videoScene.ts), drawn
// frame by frame and encoded in the page with WebCodecs, once as H.264 in MP4 (stored turned,
// with the rotation a phone writes) and once as VP9 in WebM. The app takes five frames evenly
// with their travels from the press speed, the dots are detected on the first frame and
// tracked through the others, the scale points are clicked on the first frame's ruler and
// found again on every other, and every frame's strains agree with the known deformation.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { deformationAt, knownStrains, sceneScale, STRETCHING_SCENE } from '../support/videoScene';
import { openAppForSuite } from './support/appPage';
import type { AppPage } from './support/appPage';
import { describeWithBrowser } from './support/browser';
import { installVideoMaker, sceneVideo } from './support/testVideos';
import type { SceneVideoSpec } from './support/testVideos';
import {
  addVideo,
  farthestMiss,
  frameFile,
  markWholeSequence,
  pointsOn,
  strainRows,
  takeFramesEvenly,
} from './support/videoFlow';
import { clickPoint, openImage } from './support/workflow';

const scene = STRETCHING_SCENE;
const FPS = 10;
const SECONDS = 2;
/** Five frames evenly from 0 to 2 s, as the dialog's default span gives them. */
const TIMES = [0, 0.5, 1, 1.5, 2];
const SPEED_MM_S = 2;
/** The scale points on the ruler, 40 mm apart: clicked on the first frame, tracked after. */
const SCALE = sceneScale(scene);

async function markAndRead(page: Page, name: string) {
  const files = TIMES.map((time) => frameFile(name, time));
  await openImage(page, files[0]!);
  await page.getByRole('button', { name: 'Detect dots' }).click();
  const offer = page.getByRole('region', { name: 'Proposed points' });
  await offer.waitFor({ timeout: 30_000 });
  await offer.getByRole('button', { name: 'Accept' }).click();
  for (const point of SCALE.points) await clickPoint(page, point);
  await expect.poll(() => page.getByText('All points placed').count()).toBe(1);
  await markWholeSequence(page, TIMES.length);
  // The scale points are found again on the ruler of every other frame.
  const scaleMiss = farthestMiss(await pointsOn(page, files.at(-1)!, 'Scale'), SCALE.points);
  expect(scaleMiss).toBeLessThan(0.5);
  const out = await strainRows(page, files, SCALE.length);
  const header = await page
    .getByRole('table', { name: /Strain per image/ })
    .getByRole('columnheader')
    .allTextContents();
  expect(header.slice(0, 5)).toEqual(['Image', 'Press travel (mm)', 'exx', 'eyy', 'exy']);
  return out;
}

function expectKnownStrains(rows: number[][]) {
  const known = knownStrains(scene, TIMES, SCALE);
  let worst = 0;
  rows.forEach((cells, k) => {
    const [travel, exx, eyy, exy] = cells as [number, number, number, number];
    expect(travel).toBeCloseTo(TIMES[k]! * SPEED_MM_S, 6);
    const truth = known[k]!;
    // The known deformation itself: 4 % a second along x, -1.5 % along y.
    expect(truth.exx).toBeCloseTo(deformationAt(scene, TIMES[k]!)[0][0] - 1, 9);
    expect(Math.abs(exx - truth.exx), `exx at ${TIMES[k]} s`).toBeLessThan(1e-3);
    expect(Math.abs(eyy - truth.eyy), `eyy at ${TIMES[k]} s`).toBeLessThan(1e-3);
    expect(Math.abs(exy - truth.exy), `exy at ${TIMES[k]} s`).toBeLessThan(1e-3);
    worst = Math.max(worst, ...[exx - truth.exx, eyy - truth.eyy, exy - truth.exy].map(Math.abs));
  });
  console.info(`largest strain error over the frames: ${worst.toExponential(1)}`);
}

const VIDEOS: { name: string; spec: Omit<SceneVideoSpec, 'scene'> }[] = [
  {
    name: 'stretch-h264.mp4',
    spec: { container: 'mp4', codec: 'avc', fps: FPS, seconds: SECONDS, rotation: 90 },
  },
  {
    name: 'stretch-vp9.webm',
    spec: { container: 'webm', codec: 'vp9', fps: FPS, seconds: SECONDS },
  },
];

for (const [i, video] of VIDEOS.entries()) {
  describeWithBrowser(`frames from a ${video.spec.codec} video`, (executablePath) => {
    let app: AppPage;
    openAppForSuite(executablePath, 4261 + i, { width: 1400, height: 1000 }, (opened) => {
      app = opened;
    });

    it('takes frames with their times and travels, and their strains are the known ones', async () => {
      const { page, problems } = app;
      await installVideoMaker(page);
      const bytes = await sceneVideo(page, { scene, ...video.spec });
      await addVideo(page, video.name, bytes);
      await takeFramesEvenly(page, video.name, TIMES.length, SPEED_MM_S);
      expectKnownStrains(await markAndRead(page, video.name));
      expect(problems.all()).toEqual([]);
    });
  });
}
