// Build step: marks the chunks that run at start-up for eager compilation by V8.
//
// V8 compiles a function when it is first called, on the main thread, unless it has been told
// the function will run during the load: then it compiles it while the script streams in, on a
// background thread. The start chunk is nearly all called while the app takes over the first
// screen, so its lazy compilation was most of the hydration task (about 20 ms of 25 on this
// machine, four times that on Lighthouse's phone). Chromium 136 and later read the hint
// `//# allFunctionsCalledOnLoad` only as the file's very first line; other browsers ignore it.
//
// Vite writes its dependency map for lazy imports at the top of a chunk as its last step, so this
// runs after it (order: 'post') and shifts the source map down by the one line it adds.
import type { Plugin } from 'vite';

export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

interface MapAsset {
  type: 'asset';
  source: string | Uint8Array;
}

/** Prepends the hint to the chunks named in `chunkNames` (the names of code-splitting groups). */
export function eagerCompile(chunkNames: readonly string[]): Plugin {
  const wanted = new Set(chunkNames);
  return {
    name: 'strain-seer:eager-compile',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== 'chunk' || !wanted.has(file.name)) continue;
          file.code = `${EAGER_COMPILE_HINT}\n${file.code}`;
          const map = bundle[`${file.fileName}.map`] as MapAsset | undefined;
          if (map?.type === 'asset') {
            const parsed = JSON.parse(String(map.source)) as { mappings: string };
            parsed.mappings = `;${parsed.mappings}`;
            map.source = JSON.stringify(parsed);
          }
        }
      },
    },
  };
}
