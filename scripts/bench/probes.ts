// Instruments installed in the page under test: long main-thread tasks from the first moment of
// every load, the page's clock, and the main thread's JS heap over the DevTools protocol.
import type { CDPSession, Page } from 'playwright-core';

/** Chromium reports a main-thread task as "long" from 50 ms: the budget's threshold too. */
export const LONG_TASK_MS = 50;

interface TaskRecord {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    benchLongTasks?: TaskRecord[];
  }
}

/** Init script: records every long task, buffered so those before the script ran count too. */
export function recordLongTasks(): void {
  window.benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.benchLongTasks!.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
}

export interface LongTasks {
  /** Longest main-thread task that started in the window, ms (0 when none reached 50 ms). */
  longest: number;
  /** How many tasks over 50 ms started in the window. */
  over50: number;
}

/** Long tasks that started within [from, to) of the page's clock. */
export async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTasks> {
  const durations = await page.evaluate(
    ([from, to]) =>
      (window.benchLongTasks ?? [])
        .filter((task) => task.start >= from && task.start < to)
        .map((task) => task.duration),
    [from, to] as const,
  );
  return {
    longest: Math.max(0, ...durations),
    over50: durations.filter((d) => d > LONG_TASK_MS).length,
  };
}

/** The page's performance.now(): long-task and event times are on this clock. */
export const pageNow = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Resolves after the page has produced `frames` more frames (each rAF, then the paint). */
export function afterFrames(page: Page, frames = 2): Promise<void> {
  return page.evaluate(
    (frames) =>
      new Promise<void>((resolve) => {
        const next = (left: number) =>
          left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1));
        next(frames);
      }),
    frames,
  );
}

/** The main thread's JS heap in use now, bytes. */
export async function jsHeapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** The heap that stays after a full garbage collection: what the page really holds on to. */
export async function retainedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return jsHeapUsed(cdp);
}
