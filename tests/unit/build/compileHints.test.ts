// The build step that asks V8 to compile the start chunk eagerly: the hint must be the file's
// very first line (V8 reads it nowhere else), only the named chunks get it, and the source map
// moves down by the line added, so that stack traces and profiles still point at the sources.
import { describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { EAGER_COMPILE_HINT, eagerCompile } from '../../../scripts/build/compileHints';

interface FakeChunk {
  type: 'chunk';
  name: string;
  fileName: string;
  code: string;
}
interface FakeAsset {
  type: 'asset';
  fileName: string;
  source: string;
}

function chunk(name: string, code: string): FakeChunk {
  return { type: 'chunk', name, fileName: `assets/${name}-abc123.js`, code };
}
function mapOf(file: FakeChunk, mappings: string): FakeAsset {
  return {
    type: 'asset',
    fileName: `${file.fileName}.map`,
    source: JSON.stringify({ version: 3, sources: ['src/main.ts'], names: [], mappings }),
  };
}

/** Runs the plugin's generateBundle on a bundle, as Vite would after its own steps. */
function generate(plugin: Plugin, bundle: Record<string, FakeChunk | FakeAsset>): void {
  const hook = plugin.generateBundle as { order: string; handler: (...args: unknown[]) => void };
  hook.handler.call({}, {}, bundle, false);
}

describe('eagerCompile', () => {
  it('runs after every other step, so that nothing is written above the hint', () => {
    const hook = eagerCompile(['start']).generateBundle as { order?: string };
    expect(hook.order).toBe('post');
  });

  it('puts the hint on the first line of the named chunks and nowhere else', () => {
    const start = chunk('start', 'const __vite__mapDeps=1;\nexport const a = 1;');
    const lazy = chunk('Guide', 'export const b = 2;');
    generate(eagerCompile(['start']), { [start.fileName]: start, [lazy.fileName]: lazy });
    expect(start.code.split('\n')).toEqual([
      EAGER_COMPILE_HINT,
      'const __vite__mapDeps=1;',
      'export const a = 1;',
    ]);
    expect(lazy.code).toBe('export const b = 2;');
  });

  it('shifts the source map of a hinted chunk down one line, and leaves the others alone', () => {
    const start = chunk('start', 'a();\nb();');
    const lazy = chunk('Guide', 'c();');
    const startMap = mapOf(start, 'AAAA;AACA');
    const lazyMap = mapOf(lazy, 'AAAA');
    generate(eagerCompile(['start']), {
      [start.fileName]: start,
      [startMap.fileName]: startMap,
      [lazy.fileName]: lazy,
      [lazyMap.fileName]: lazyMap,
    });
    // A leading ';' is an empty first line: every mapping now starts one line lower.
    expect((JSON.parse(startMap.source) as { mappings: string }).mappings).toBe(';AAAA;AACA');
    expect((JSON.parse(lazyMap.source) as { mappings: string }).mappings).toBe('AAAA');
  });
});
