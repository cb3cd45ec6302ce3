// Reads the app's autosave database from inside the page, and samples the
// memory of the browser under test (JS heap over CDP, process RSS from /proc).
import { readFileSync, readdirSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

export interface StoredCounts {
  photos: number;
  thumbnails: number;
  /** The saved session record, as stored (null when there is none). */
  session: { savedAt: number; doc: { images: unknown[]; scaleLength: number | null } } | null;
}

/** What IndexedDB holds right now. Call it only once the app has created the database. */
export function storedCounts(page: Page): Promise<StoredCounts> {
  return page.evaluate(
    () =>
      new Promise<StoredCounts>((resolve, reject) => {
        const open = indexedDB.open('strain-seer');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['photos', 'thumbnails', 'session'], 'readonly');
          const out: StoredCounts = { photos: 0, thumbnails: 0, session: null };
          tx.objectStore('photos').count().onsuccess = (e) =>
            (out.photos = (e.target as IDBRequest<number>).result);
          tx.objectStore('thumbnails').count().onsuccess = (e) =>
            (out.thumbnails = (e.target as IDBRequest<number>).result);
          tx.objectStore('session').get('current').onsuccess = (e) =>
            (out.session = (e.target as IDBRequest).result ?? null);
          tx.oncomplete = () => {
            db.close();
            resolve(out);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

interface ProcessInfo {
  ppid: number;
  /** The command line; Chromium rewrites its children's into one space-separated string. */
  command: string;
}

function processes(): Map<number, ProcessInfo> {
  const found = new Map<number, ProcessInfo>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      found.set(Number(entry), { ppid, command });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * After a reload: waits until the notice says `count` photos came back and every row shows
 * its thumbnail, and returns the page's clock at that moment (ms since navigation).
 */
export async function restoredShownAt(page: Page, count: number, timeout: number): Promise<number> {
  const shown = await page.waitForFunction(
    (count) => {
      const notice = [...document.querySelectorAll('p')].some((p) =>
        p.textContent?.startsWith(`Restored ${count} photos`),
      );
      const thumbnails = document.querySelectorAll('img[src^="blob:"]').length;
      return notice && thumbnails === count ? performance.now() : false;
    },
    count,
    { timeout, polling: 50 },
  );
  return (await shown.jsonValue()) as number;
}

/** The processes of the Chromium launched on `userDataDir`: its root and every descendant. */
function chromiumTree(userDataDir: string): { all: Map<number, ProcessInfo>; tree: Set<number> } {
  const all = processes();
  const root = [...all].find(
    ([, p]) => p.command.includes(`--user-data-dir=${userDataDir} `) && !/ --type=/.test(p.command),
  )?.[0];
  const tree = new Set<number>(root === undefined ? [] : [root]);
  for (let grew = root !== undefined; grew;) {
    grew = false;
    for (const [pid, p] of all) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return { all, tree };
}

const isRenderer = (p: ProcessInfo | undefined) => / --type=renderer /.test(p?.command ?? '');

/** Resident memory of the Chromium launched on `userDataDir`: its largest renderer and all of it. */
export function chromiumMemory(userDataDir: string): { renderer: number; total: number } | null {
  const { all, tree } = chromiumTree(userDataDir);
  if (tree.size === 0) return null;
  let renderer = 0;
  let total = 0;
  for (const pid of tree) {
    const rss = rssBytes(pid);
    total += rss;
    if (isRenderer(all.get(pid))) renderer = Math.max(renderer, rss);
  }
  return { renderer, total };
}

/**
 * The largest renderer of that Chromium (the tab, its workers included), from its
 * /proc status: resident in all, its private (anonymous) part, and its shared-memory part
 * (pixels shared with other processes, and caches Chromium gives back under memory pressure).
 */
export function tabMemory(
  userDataDir: string,
): { resident: number; private: number; shared: number } | null {
  const { all, tree } = chromiumTree(userDataDir);
  let largest: { resident: number; private: number; shared: number } | null = null;
  for (const pid of tree) {
    if (!isRenderer(all.get(pid))) continue;
    let status = '';
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    const kB = (key: string) =>
      Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    const found = { resident: kB('VmRSS'), private: kB('RssAnon'), shared: kB('RssShmem') };
    if (!largest || found.resident > largest.resident) largest = found;
  }
  return largest;
}

export interface MemoryPeaks {
  /** The page's main-thread JS heap (CDP Performance.getMetrics JSHeapUsedSize). */
  jsHeap: number;
  /** The largest renderer process (the tab, its worker included). */
  renderer: number;
  /** Every process of that Chromium together. */
  total: number;
  samples: number;
}

/** Samples memory every `intervalMs` until stopped; survives reloads (the CDP session stays). */
export function sampleMemory(
  cdp: CDPSession,
  userDataDir: string,
  intervalMs = 250,
): { peaks: MemoryPeaks; stop(): Promise<MemoryPeaks> } {
  const peaks: MemoryPeaks = { jsHeap: 0, renderer: 0, total: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    await cdp.send('Performance.enable').catch(() => undefined);
    while (running) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        peaks.jsHeap = Math.max(peaks.jsHeap, heap);
      } catch {
        // Between navigations the metrics may be briefly unavailable.
      }
      const memory = chromiumMemory(userDataDir);
      if (memory) {
        peaks.renderer = Math.max(peaks.renderer, memory.renderer);
        peaks.total = Math.max(peaks.total, memory.total);
      }
      peaks.samples++;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    peaks,
    async stop() {
      running = false;
      await loop;
      return peaks;
    },
  };
}
