// The first-load byte budget on the production build: every part of what a first visit fetches
// (HTML, CSS, main JS, the worker chunk, and the main thread's total), gzip level 9 as served,
// within budgets.json. An overrun fails `npm test` with the file and by how much.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_KEYS, BUDGET_LABELS, checkBudgets } from '../../scripts/bench/budget';
import type { BudgetLine } from '../../scripts/bench/budget';
import { repoRoot } from './support/server';

describe('first-load bytes within budgets.json', () => {
  let lines: BudgetLine[] = [];

  beforeAll(() => {
    const dist = join(repoRoot, 'dist');
    if (!existsSync(join(dist, 'index.html'))) {
      throw new Error('dist/index.html is missing: run `npm run build` before the e2e tests.');
    }
    lines = checkBudgets(dist, join(repoRoot, 'budgets.json'));
    console.info(`first-load bytes (gzip):\n${lines.map((l) => `  ${l.message}`).join('\n')}`);
  });

  it.each(BUDGET_KEYS.map((key) => [BUDGET_LABELS[key], key] as const))(
    '%s is within its budget',
    (_label, key) => {
      const line = lines.find((l) => l.key === key);
      expect(line, `no measurement for ${key}`).toBeDefined();
      expect(line!.files.length, `no files found for ${key}`).toBeGreaterThan(0);
      expect(line!.ok, line!.message).toBe(true);
    },
  );
});
