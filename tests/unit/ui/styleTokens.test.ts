// Every CSS custom property the UI reads is defined somewhere: in the theme or by a
// component. A misspelt token (--text-muted for --color-text-muted) silently falls back to
// its default, which was a dark red on the dark theme's dark background before this test.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(svelte|css|ts)$/.test(entry.name) ? [path] : [];
  });
}

const files = sources(join(root, 'src')).map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

/** Properties set in a stylesheet, or from script with style.setProperty / style:--name. */
const defined = new Set(
  files.flatMap(({ text }) => [
    ...[...text.matchAll(/(?:^|[\s{;])(--[\w-]+)\s*:/gm)].map((match) => match[1]!),
    ...[...text.matchAll(/setProperty\(\s*['"](--[\w-]+)['"]/g)].map((match) => match[1]!),
    ...[...text.matchAll(/style:(--[\w-]+)/g)].map((match) => match[1]!),
  ]),
);

describe('style tokens', () => {
  it('finds the theme’s tokens (the scan itself works)', () => {
    expect(defined).toContain('--color-text-muted');
    expect(defined).toContain('--color-danger');
  });

  it('reads no custom property that nothing defines', () => {
    const undefinedUses = files.flatMap(({ path, text }) =>
      [...text.matchAll(/var\(\s*(--[\w-]+)/g)]
        .map((match) => match[1]!)
        .filter((name) => !defined.has(name))
        .map((name) => `${path}: ${name}`),
    );
    expect(undefinedUses).toEqual([]);
  });
});
