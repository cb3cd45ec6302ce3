// Bytes on first load: the budget check of the built files (what index.html loads), and beside
// it, as the reference, what Chromium actually fetched on a first visit until the app settled:
// lazily loaded chunks the app asks for at start-up show up there and not in index.html.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipBytes } from './budget';
import { appSettled, openSession } from './session';

export interface ObservedLoad {
  /** HTML, CSS and JS the page's main thread fetched, gzip bytes, and the files. */
  mainThread: number;
  mainThreadFiles: string[];
  /** JS fetched for the worker, gzip bytes. */
  worker: number;
  /**
   * The mathjs chunk (units and the user's formulas), gzip bytes: not part of any first load,
   * the worker fetches it the first time a unit or a formula is used.
   */
  mathjsChunk: number;
}

/** Gzip bytes of the lazily loaded chunk whose name starts with `prefix` (0 when there is none). */
export function lazyChunkBytes(distDir: string, prefix: string): number {
  const assets = readdirSync(join(distDir, 'assets'));
  const chunk = assets.find((name) => name.startsWith(prefix) && name.endsWith('.js'));
  return chunk ? gzipBytes(readFileSync(join(distDir, 'assets', chunk))) : 0;
}

/** Loads the app once in a fresh browser and sums the gzip bytes of the files it fetched. */
export async function observeFirstLoad(
  executablePath: string,
  url: string,
  distDir: string,
  workerFile: string,
): Promise<ObservedLoad> {
  const fetched = new Set<string>();
  const session = await openSession(executablePath, url, {
    beforeGoto: (page) =>
      page.on('request', (request) => {
        if (!request.url().startsWith(url)) return;
        let path = new URL(request.url()).pathname.replace(/^\/+/, '');
        if (path === '') path = 'index.html';
        if (/\.(html|css|js)$/.test(path)) fetched.add(path);
      }),
  });
  try {
    await appSettled(session.page);
  } finally {
    await session.close();
  }
  const observed: ObservedLoad = {
    mainThread: 0,
    mainThreadFiles: [],
    worker: 0,
    mathjsChunk: lazyChunkBytes(distDir, 'expressions-'),
  };
  for (const path of fetched) {
    const file = join(distDir, path);
    // The service worker script is fetched by the browser for itself, not by the page's code.
    if (!existsSync(file) || path === 'sw.js' || path.startsWith('workbox-')) continue;
    const bytes = gzipBytes(readFileSync(file));
    if (path === workerFile) {
      observed.worker += bytes;
    } else {
      observed.mainThread += bytes;
      observed.mainThreadFiles.push(path);
    }
  }
  return observed;
}
