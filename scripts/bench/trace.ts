// Every main-thread task during a short interaction, of any length, from a DevTools trace. The
// longtask observer only sees tasks of 50 ms and more; the zoom-and-pan aim is "none over 16 ms"
// (one frame), which needs the tasks below that threshold too.
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

export interface TracedTasks {
  /** Durations of the renderer main thread's tasks, ms. */
  tasks: number[];
}

/**
 * Runs `body` while tracing, and returns the page renderer's main-thread task durations. The
 * renderer is the busiest thread named CrRendererMain: the page under interaction.
 */
export async function traceTasks<T>(
  cdp: CDPSession,
  body: () => Promise<T>,
): Promise<{ result: T } & TracedTasks> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['disabled-by-default-devtools.timeline', '__metadata'],
      recordMode: 'recordAsMuchAsPossible',
    },
    transferMode: 'ReportEvents',
  });
  let result: T;
  try {
    result = await body();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, number[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.dur === undefined || !mains.has(thread)) continue;
    byThread.set(thread, [...(byThread.get(thread) ?? []), e.dur / 1000]);
  }
  const total = (tasks: number[]) => tasks.reduce((sum, d) => sum + d, 0);
  const busiest = [...byThread.values()].sort((a, b) => total(b) - total(a))[0] ?? [];
  return { result, tasks: busiest };
}
