// The first-load byte budget's logic (scripts/bench/budget.ts): which files index.html makes the
// browser fetch, which chunk is the worker, and how parts compare with their budgets. The e2e
// budget test applies it to the real build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUDGET_KEYS,
  compareWithBudgets,
  firstLoadFiles,
  gzipBytes,
  measureDist,
  parseBudgets,
  workerChunk,
  type BudgetKey,
  type Budgets,
  type Part,
} from '../../../scripts/bench/budget';

const part = (bytes: number, files = [`${bytes}.js`]): Part => ({ files, bytes });

function parts(bytes: Record<BudgetKey, number>): Record<BudgetKey, Part> {
  return Object.fromEntries(
    BUDGET_KEYS.map((k) => [k, part(bytes[k], [`assets/${k}.js`])]),
  ) as Record<BudgetKey, Part>;
}

const budgets: Budgets = {
  max: { html: 1000, css: 2000, mainJs: 3000, workerJs: 4000, firstLoad: 6000 },
  aim: { firstLoad: 5000 },
};

describe('firstLoadFiles', () => {
  it('takes the module script, its preloads and the stylesheets, whatever the attribute order', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="./favicon.svg">
      <script type="module" crossorigin src="./assets/index-a1.js"></script>
      <link crossorigin href='./assets/vendor-b2.js' rel='modulepreload'>
      <link rel="stylesheet" crossorigin href="./assets/index-c3.css">
      <link href=assets/extra.css rel="preload stylesheet">
      <link rel="manifest" href="./manifest.webmanifest">
      </head><body><script src="./legacy.js"></script></body></html>`;
    expect(firstLoadFiles(html)).toEqual({
      js: ['assets/index-a1.js', 'assets/vendor-b2.js'],
      css: ['assets/index-c3.css', 'assets/extra.css'],
    });
  });

  it('leaves out other origins and data URLs, and counts a file named twice once', () => {
    const html = `
      <script type="module" src="https://cdn.example.org/x.js"></script>
      <script type="module" src="//cdn.example.org/y.js"></script>
      <link rel="stylesheet" href="data:text/css,body{}">
      <script type="module" src="/assets/main.js?v=2"></script>
      <link rel="modulepreload" href="./assets/main.js">`;
    expect(firstLoadFiles(html)).toEqual({ js: ['assets/main.js'], css: [] });
  });
});

describe('workerChunk', () => {
  const assets = [
    'assets/index-1.js',
    'assets/engine.worker-Ab1.js',
    'assets/engine.worker-Ab1.js.map',
  ];

  it('is the JS asset with "worker" in its name that the main code starts by name', () => {
    const main = 'new Worker(new URL(`engine.worker-Ab1.js`, import.meta.url))';
    expect(workerChunk(main, assets)).toBe('assets/engine.worker-Ab1.js');
  });

  it('is null when the main code names no worker, or more than one', () => {
    expect(workerChunk('console.log(1)', assets)).toBeNull();
    const two = [...assets, 'assets/other.worker-Z.js'];
    expect(workerChunk('`engine.worker-Ab1.js` `other.worker-Z.js`', two)).toBeNull();
  });
});

describe('compareWithBudgets', () => {
  it('passes a part under or exactly at its budget', () => {
    const lines = compareWithBudgets(
      parts({ html: 999, css: 2000, mainJs: 1, workerJs: 4000, firstLoad: 3000 }),
      budgets,
    );
    expect(lines.map((l) => l.key)).toEqual([...BUDGET_KEYS]);
    expect(lines.every((l) => l.ok)).toBe(true);
  });

  it('fails only the part over its budget, naming its files and the overrun', () => {
    const lines = compareWithBudgets(
      parts({ html: 10, css: 10, mainJs: 3000 + 2048, workerJs: 10, firstLoad: 10 }),
      budgets,
    );
    const failed = lines.filter((l) => !l.ok);
    expect(failed.map((l) => l.key)).toEqual(['mainJs']);
    // 5048 bytes against 3000: 2048 bytes = 2.0 KB over, and the file is named.
    expect(failed[0]!.message).toContain('assets/mainJs.js');
    expect(failed[0]!.message).toContain('2.0 KB over');
    expect(failed[0]!.message).toContain('budgets.json "mainJs"');
  });
});

describe('parseBudgets', () => {
  it('reads every maximum and the aims given', () => {
    expect(parseBudgets(JSON.stringify(budgets))).toEqual(budgets);
  });

  it('refuses a missing, zero or non-numeric budget, naming it', () => {
    const without = { max: { ...budgets.max, css: undefined }, aim: {} };
    expect(() => parseBudgets(JSON.stringify(without))).toThrow(/max\.css/);
    expect(() => parseBudgets(JSON.stringify({ max: { ...budgets.max, html: 0 } }))).toThrow(
      /max\.html/,
    );
    expect(() =>
      parseBudgets(JSON.stringify({ max: budgets.max, aim: { firstLoad: '80 KB' } })),
    ).toThrow(/aim\.firstLoad/);
  });
});

describe('measureDist', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts the gzip bytes of the files index.html loads, the worker apart', () => {
    dir = mkdtempSync(join(tmpdir(), 'budget-test-'));
    mkdirSync(join(dir, 'assets'));
    // Incompressible and very compressible contents, so a wrong file or a missing gzip shows.
    const main = `new Worker(new URL("engine.worker-W.js", import.meta.url));${randomBytes(3000).toString('base64')}`;
    const css = 'body { margin: 0 }\n'.repeat(500);
    const worker = randomBytes(5000).toString('hex');
    const html = `<script type="module" src="./assets/index-M.js"></script><link rel="stylesheet" href="./assets/index-C.css">`;
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'assets', 'index-M.js'), main);
    writeFileSync(join(dir, 'assets', 'lazy-L.js'), randomBytes(9000));
    writeFileSync(join(dir, 'assets', 'index-C.css'), css);
    writeFileSync(join(dir, 'assets', 'engine.worker-W.js'), worker);

    const measured = measureDist(dir);
    expect(measured.mainJs.files).toEqual(['assets/index-M.js']);
    expect(measured.css.files).toEqual(['assets/index-C.css']);
    expect(measured.workerJs.files).toEqual(['assets/engine.worker-W.js']);
    // Random base64 shrinks to about 3/4 under gzip; repeated CSS to almost nothing.
    expect(measured.mainJs.bytes).toBeGreaterThan(0.7 * main.length);
    expect(measured.mainJs.bytes).toBeLessThan(main.length);
    expect(measured.css.bytes).toBeLessThan(css.length / 20);
    // The first load is the main thread's: html + css + main js, the worker and lazy chunk not.
    expect(measured.firstLoad.bytes).toBe(
      measured.html.bytes + measured.css.bytes + measured.mainJs.bytes,
    );
    expect(measured.firstLoad.files).toEqual([
      'index.html',
      'assets/index-C.css',
      'assets/index-M.js',
    ]);
  });

  it('gzipBytes is the length of a gzip stream that gives the data back', () => {
    const data = Buffer.from('strain '.repeat(1000));
    const bytes = gzipBytes(data);
    expect(bytes).toBe(gzipSync(data, { level: 9 }).length);
    expect(gunzipSync(gzipSync(data, { level: 9 })).equals(data)).toBe(true);
    expect(bytes).toBeLessThan(data.length / 50);
  });

  it('says so when index.html loads no script', () => {
    dir = mkdtempSync(join(tmpdir(), 'budget-test-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<p>nothing</p>');
    expect(() => measureDist(dir)).toThrow(/loads no module script/);
  });
});
