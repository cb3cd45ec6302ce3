// The strain overlay on a marked 12 MP sequence: zooming and panning the open photo with the
// overlay drawn over it, the flip book playing the sequence from its first photo to its
// last (each photo decoded, drawn and overlaid in turn), and the sequence saved as a video. Run on the edit measurement's page,
// whose project is marked and analysed. Plain CSS selectors inside the measured windows, as in
// interactions.ts: role locators would compute ARIA roles over the page and count as its work.
import type { CDPSession, Page } from 'playwright-core';
import { photoShown, zoomAndPan } from './interactions';
import type { GestureTasks } from './interactions';
import { afterFrames, longTasksBetween, pageNow } from './probes';
import type { LongTasks } from './probes';
import { waitUntil } from './wait';

export interface FlipPlay {
  /** From Play to the last photo shown with its overlay, ms. */
  ms: number;
  photos: number;
  /** Long tasks of the play. Not traced: a trace slows every task of a play by a lot. */
  tasks: LongTasks;
}

/** The sequence saved as a video (1280 × 720, the fastest speed offered). */
export interface VideoSave {
  /** From the click to the file handed over, ms. */
  ms: number;
  photos: number;
  tasks: LongTasks;
}

export interface OverlayRuns {
  zoom: GestureTasks[];
  play: FlipPlay[];
  /** Absent from runs made before the video could be saved. */
  video?: VideoSave[];
}

const OVERLAY_LAYER = 'canvas[data-testid="strain-overlay"]';
/** The flip book's slider, which names the open photo in its value text. */
const SLIDER = 'input[type="range"][aria-label="Photo in the sequence"]';

/** Turns the overlay on over the open photo and waits until the layer has drawn it. */
async function showOverlay(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: 'Show strain overlay' }).check();
  await page.locator(`${OVERLAY_LAYER}[data-overlay]`).waitFor({ timeout: 30_000 });
}

/** Plays the flip book from the first photo to the last at its fastest speed. */
async function playThrough(page: Page, photos: number, last: string): Promise<FlipPlay> {
  await page.locator(SLIDER).focus();
  await page.keyboard.press('Home');
  await photoShown(page);
  await page.getByRole('combobox', { name: 'Speed', exact: true }).selectOption('8');
  const play = page.locator('button', { hasText: /^\s*Play\s*$/ });
  const start = await pageNow(page);
  await play.click();
  await waitUntil(
    'the flip book to reach the last photo with its overlay',
    async () =>
      (await page.locator(SLIDER).getAttribute('aria-valuetext'))?.includes(last) === true &&
      (await page.locator('[aria-busy="false"] > canvas[role="application"]').count()) === 1 &&
      (await play.count()) === 1,
    240_000,
    100,
  );
  await afterFrames(page);
  const end = await pageNow(page);
  return { ms: end - start, photos, tasks: await longTasksBetween(page, start, end) };
}

/** Saves the sequence as a video at the fastest speed offered, timing it with its long tasks. */
async function saveVideo(page: Page, photos: number): Promise<VideoSave> {
  await page.getByRole('combobox', { name: 'Video speed' }).selectOption('4');
  const save = page.locator('button', { hasText: /^\s*Save the sequence as a video\s*$/ });
  const start = await pageNow(page);
  await Promise.all([page.waitForEvent('download', { timeout: 240_000 }), save.click()]);
  await afterFrames(page);
  const end = await pageNow(page);
  return { ms: end - start, photos, tasks: await longTasksBetween(page, start, end) };
}

/** On a page whose marked project is open on its first photo: `gestures` zooms and `plays` plays. */
export async function measureOverlay(
  page: Page,
  cdp: CDPSession,
  names: string[],
  gestures: number,
  plays: number,
): Promise<OverlayRuns> {
  await photoShown(page);
  await showOverlay(page);
  const zoom: GestureTasks[] = [];
  for (let g = 0; g < gestures; g++) zoom.push(await zoomAndPan(page, cdp));
  const play: FlipPlay[] = [];
  for (let p = 0; p < plays; p++) {
    play.push(await playThrough(page, names.length, names.at(-1) as string));
  }
  const video = plays > 0 ? [await saveVideo(page, names.length)] : [];
  return { zoom, play, video };
}
