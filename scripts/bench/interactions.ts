// Main-thread responsiveness while the user works on an ingested sequence: zooming and panning a
// 12 MP photo on the annotation canvas, and "Mark the whole sequence". Each window's long tasks
// are set beside those of an idle window of the same length on the same page, the floor that
// the page and the machine produce with nobody touching anything.
import type { CDPSession, Page } from 'playwright-core';
import { afterFrames, longTasksBetween, pageNow, type LongTasks } from './probes';
import { traceTasks } from './trace';

export interface WindowedTasks {
  ms: number;
  tasks: LongTasks;
  idle: LongTasks;
}

export interface GestureTasks extends WindowedTasks {
  /** Longest main-thread task of any length, from a trace of the gesture, ms. */
  longestTraced: number;
  /** Main-thread tasks longer than a frame (16 ms) in that trace. */
  overFrame: number;
}

/** One frame at 60 Hz: the zoom-and-pan aim is no task longer than this. */
export const FRAME_MS = 16;

// Plain CSS selectors inside measured windows: Playwright resolves a role locator by computing
// ARIA roles over the whole page, main-thread work (tens of ms on a 30-row table) that would
// show up as the app's long tasks.
const canvas = (page: Page) => page.locator('canvas[role="application"]');
const SEQUENCE_REPORT = '[role="status"][aria-label="Marking the sequence"]';

/** Long tasks of an idle window as long as `ms`, starting now. */
async function idleWindow(page: Page, ms: number): Promise<LongTasks> {
  const start = await pageNow(page);
  await page.waitForTimeout(ms);
  return longTasksBetween(page, start, await pageNow(page));
}

/** Waits until the open photo is drawn on the annotation canvas. */
export async function photoShown(page: Page): Promise<void> {
  await page.locator('[aria-busy="false"] > canvas[role="application"]').waitFor();
  await afterFrames(page);
}

/**
 * One zoom-and-pan gesture on the open photo: wheel in by 8 notches about a point, drag the view
 * with the middle button, wheel back out; mouse events about a frame apart, as a hand makes
 * them. Traced, for the tasks under 50 ms too.
 */
export async function zoomAndPan(page: Page, cdp: CDPSession): Promise<GestureTasks> {
  const view = canvas(page);
  await view.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const box = await view.boundingBox();
  if (!box) throw new Error('the annotation canvas is not on screen');
  const x = box.x + box.width * 0.4;
  const y = box.y + box.height * 0.4;
  await page.mouse.move(x, y);
  const zoom = async () => Number(await view.getAttribute('data-zoom'));
  const fitted = await zoom();
  const traced = await traceTasks(cdp, async () => {
    const start = await pageNow(page);
    for (let k = 0; k < 8; k++) {
      await page.mouse.wheel(0, -120);
      await page.waitForTimeout(16);
    }
    await afterFrames(page, 1);
    const zoomedIn = await zoom();
    await page.mouse.down({ button: 'middle' });
    for (let k = 1; k <= 12; k++) {
      await page.mouse.move(x + 25 * k, y + 15 * k);
      await page.waitForTimeout(16);
    }
    await page.mouse.up({ button: 'middle' });
    for (let k = 0; k < 8; k++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
    }
    await afterFrames(page);
    return { start, end: await pageNow(page), zoomedIn };
  });
  const { start, end, zoomedIn } = traced.result;
  if (!(zoomedIn > fitted)) throw new Error('the wheel did not zoom the annotation view in');
  return {
    ms: end - start,
    tasks: await longTasksBetween(page, start, end),
    idle: await idleWindow(page, end - start),
    longestTraced: Math.max(0, ...traced.tasks),
    overFrame: traced.tasks.filter((d) => d > FRAME_MS).length,
  };
}

/**
 * "Mark the whole sequence" from its click (the event's own time, so finding the button is not
 * counted) to the frame that shows its report; `count` photos, none marked yet.
 */
export async function markWholeSequence(
  page: Page,
  count: number,
): Promise<WindowedTasks & { needLook: string }> {
  const button = page.getByRole('button', { name: 'Mark the whole sequence' });
  await button.waitFor();
  await page.evaluate(() => {
    const w = window as { benchClickAt?: number };
    delete w.benchClickAt;
    document.addEventListener('click', (event) => (w.benchClickAt = event.timeStamp), {
      capture: true,
      once: true,
    });
  });
  await button.click();
  const finished = await page.waitForFunction(
    (selector) => {
      const text = document.querySelector(selector)?.textContent ?? '';
      return /Marked the sequence/.test(text) ? text : false;
    },
    SEQUENCE_REPORT,
    { timeout: 300_000, polling: 250 },
  );
  const text = (await finished.jsonValue()) as string;
  await afterFrames(page);
  const end = await pageNow(page);
  const start = await page.evaluate(() => (window as { benchClickAt?: number }).benchClickAt!);
  if (!text.includes(`${count} of ${count}`)) throw new Error(`sequence not fully marked: ${text}`);
  const needLook = /None needs a look/.test(text)
    ? 'none'
    : (/(\d+) needs? a look/.exec(text)?.[1] ?? '?');
  return {
    ms: end - start,
    tasks: await longTasksBetween(page, start, end),
    idle: await idleWindow(page, Math.min(end - start, 5_000)),
    needLook,
  };
}
