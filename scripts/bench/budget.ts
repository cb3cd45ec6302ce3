// The byte budget of the first load: which built files a first visit fetches (read from
// dist/index.html, the way the browser finds them), their gzip size (level 9, as the build's
// own .gz files that nginx sends), and how they compare with budgets.json. Used by the e2e
// budget test, which fails `npm test` on an overrun, and by `npm run bench`.
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Budgeted parts of the first load. `firstLoad` is the main thread's: html + css + main js. */
export const BUDGET_KEYS = ['html', 'css', 'mainJs', 'workerJs', 'firstLoad'] as const;
export type BudgetKey = (typeof BUDGET_KEYS)[number];

export const BUDGET_LABELS: Record<BudgetKey, string> = {
  html: 'HTML',
  css: 'CSS',
  mainJs: 'main JS',
  workerJs: 'worker JS',
  firstLoad: 'first-load main-thread payload (HTML + CSS + main JS)',
};

export interface Budgets {
  /** Maximum gzip bytes of each part. */
  max: Record<BudgetKey, number>;
  /** What to aim for, where stated (gzip bytes). */
  aim: Partial<Record<BudgetKey, number>>;
}

export interface Part {
  /** Files of dist/ counted in this part, relative to dist/. */
  files: string[];
  /** Their gzip bytes together. */
  bytes: number;
}

export interface BudgetLine extends Part {
  key: BudgetKey;
  budget: number;
  ok: boolean;
  /** One line a reader can act on: the files, their size and the overrun if any. */
  message: string;
}

export const KIB = 1024;
const kb = (bytes: number) => `${(bytes / KIB).toFixed(1)} KB`;

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    found.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return found;
}

/** A same-origin URL of index.html as a path inside dist/ (null for other origins, data: ...). */
function distPath(url: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return null;
  const path = posix.normalize(url.split(/[?#]/)[0]!.replace(/^\/+/, ''));
  return path.startsWith('..') ? null : path;
}

/**
 * What the browser fetches to start the app, as index.html says: the module script and the
 * chunks it preloads (its static imports), and the stylesheets.
 */
export function firstLoadFiles(indexHtml: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const match of indexHtml.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const name = match[1]!.toLowerCase();
    const attrs = attributes(match[2]!);
    if (name === 'script' && attrs.get('type') === 'module' && attrs.has('src')) {
      const path = distPath(attrs.get('src')!);
      if (path) js.push(path);
    } else if (name === 'link') {
      const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
      const path = distPath(attrs.get('href') ?? '');
      if (!path) continue;
      if (rel.includes('modulepreload')) js.push(path);
      else if (rel.includes('stylesheet')) css.push(path);
    }
  }
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

/**
 * The worker chunk: the one JS asset with "worker" in its name that the main-thread code names
 * (a worker is started by URL, so its file name appears in the code that starts it).
 */
export function workerChunk(mainJsText: string, assets: readonly string[]): string | null {
  const named = assets.filter(
    (file) =>
      /worker/i.test(posix.basename(file)) &&
      file.endsWith('.js') &&
      mainJsText.includes(posix.basename(file)),
  );
  return named.length === 1 ? named[0]! : null;
}

/** Gzip bytes of `data` at level 9, as the build's precompressed files. */
export const gzipBytes = (data: Buffer | string): number => gzipSync(data, { level: 9 }).length;

/** Every part's files and gzip bytes in a built dist/. Throws when index.html names no script. */
export function measureDist(distDir: string): Record<BudgetKey, Part> {
  const read = (file: string) => readFileSync(join(distDir, file));
  const size = (files: string[]) => files.reduce((sum, file) => sum + gzipBytes(read(file)), 0);
  const { js, css } = firstLoadFiles(read('index.html').toString('utf8'));
  if (js.length === 0) throw new Error(`${distDir}/index.html loads no module script`);
  const assets = readdirSync(join(distDir, 'assets')).map((name) => `assets/${name}`);
  const worker = workerChunk(js.map((file) => read(file).toString('utf8')).join('\n'), assets);
  if (!worker) throw new Error(`no single worker chunk is named by the main JS of ${distDir}`);
  const parts = {
    html: { files: ['index.html'], bytes: size(['index.html']) },
    css: { files: css, bytes: size(css) },
    mainJs: { files: js, bytes: size(js) },
    workerJs: { files: [worker], bytes: size([worker]) },
  };
  const firstLoad = [parts.html, parts.css, parts.mainJs];
  return {
    ...parts,
    firstLoad: {
      files: firstLoad.flatMap((part) => part.files),
      bytes: firstLoad.reduce((sum, part) => sum + part.bytes, 0),
    },
  };
}

/** Each part against its budget; a part at exactly its budget is within it. */
export function compareWithBudgets(parts: Record<BudgetKey, Part>, budgets: Budgets): BudgetLine[] {
  return BUDGET_KEYS.map((key) => {
    const { files, bytes } = parts[key];
    const budget = budgets.max[key];
    const ok = bytes <= budget;
    const what = `${BUDGET_LABELS[key]} (${files.join(', ')})`;
    const message = ok
      ? `${what}: ${kb(bytes)} gzip, within its ${kb(budget)} budget`
      : `${what}: ${kb(bytes)} gzip, ${kb(bytes - budget)} over its ${kb(budget)} budget (budgets.json "${key}")`;
    return { key, files, bytes, budget, ok, message };
  });
}

/** budgets.json, checked: every budget a positive number of bytes. */
export function parseBudgets(text: string): Budgets {
  const raw = JSON.parse(text) as { max?: Record<string, unknown>; aim?: Record<string, unknown> };
  const bytes = (value: unknown, where: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`budgets.json: ${where} must be a positive number of bytes`);
    }
    return value;
  };
  const max = Object.fromEntries(
    BUDGET_KEYS.map((key) => [key, bytes(raw.max?.[key], `max.${key}`)]),
  ) as Record<BudgetKey, number>;
  const aim: Partial<Record<BudgetKey, number>> = {};
  for (const key of BUDGET_KEYS) {
    if (raw.aim?.[key] !== undefined) aim[key] = bytes(raw.aim[key], `aim.${key}`);
  }
  return { max, aim };
}

/** Reads budgets.json and dist/, and compares: the whole check in one call. */
export function checkBudgets(distDir: string, budgetsPath: string): BudgetLine[] {
  return compareWithBudgets(measureDist(distDir), parseBudgets(readFileSync(budgetsPath, 'utf8')));
}
