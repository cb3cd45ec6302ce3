// Guards the split between the main thread and the worker in the production
// build, and the first-load size budget: the UI chunk carries no numerics, the
// worker chunk no UI, and the main-thread payload stays under 150 KB gzip.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/server';

const dist = join(repoRoot, 'dist');
const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = readdirSync(assets);
const gzipBytes = (path: string) => gzipSync(readFileSync(path)).length;

/** Assets index.html loads before anything else (scripts, styles, preloads). */
const firstLoad = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+)"/g)].map(
  (m) => m[1] as string,
);
const workerChunk = files.find((name) => /^engine\.worker-.*\.js$/.test(name));
const MAIN_THREAD_BUDGET_GZIP = 150 * 1024;

describe('production bundle', () => {
  it('has one worker chunk and first-load assets', () => {
    expect(workerChunk, `worker chunk among ${files.join(', ')}`).toBeDefined();
    expect(firstLoad.some((name) => name.endsWith('.js'))).toBe(true);
  });

  it('keeps the numerics out of the main-thread chunks', () => {
    for (const name of firstLoad.filter((n) => n.endsWith('.js'))) {
      const code = readFileSync(join(assets, name), 'utf8');
      // Text that exists only in the core's regression and strain modules.
      expect(code).not.toContain('All press travels are equal');
      expect(code).not.toContain('det F <= 0');
      // An @stdlib error message: the t-distribution code stays in the worker.
      expect(code).not.toContain('First argument must be an array');
    }
  });

  it('keeps UI code out of the worker chunk and the numerics in it', () => {
    const code = readFileSync(join(assets, workerChunk as string), 'utf8');
    expect(code).toContain('All press travels are equal');
    expect(code).toContain('First argument must be an array');
    expect(code).not.toMatch(/svelte/i);
  });

  it('stays within the first-load budget (HTML + CSS + main JS, gzip)', () => {
    const sizes = Object.fromEntries([
      ['index.html', gzipBytes(join(dist, 'index.html'))],
      ...firstLoad.map((name) => [name, gzipBytes(join(assets, name))]),
    ]) as Record<string, number>;
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    const worker = gzipBytes(join(assets, workerChunk as string));
    console.info(
      'first load (gzip bytes):',
      JSON.stringify({ ...sizes, total, workerChunk: worker }),
    );
    expect(total).toBeLessThan(MAIN_THREAD_BUDGET_GZIP);
  });
});
