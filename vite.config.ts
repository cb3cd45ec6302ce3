import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { prerenderFirstScreen } from './scripts/build/firstScreen';
import { eagerCompile } from './scripts/build/compileHints';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};
/** Shown in the footer. STRAIN_SEER_VERSION overrides it: the e2e update test builds a newer app. */
const appVersion = process.env.STRAIN_SEER_VERSION?.trim() || pkg.version;

// The installable, offline app: a workbox service worker precaching everything the app needs,
// updates only when the user says so, and a manifest whose URLs are all relative (any sub-path).
const pwa = VitePWA({
  registerType: 'prompt',
  // main.ts registers through `virtual:pwa-register`: no inline or extra <script> in index.html,
  // so the Content-Security-Policy needs no 'unsafe-inline'.
  injectRegister: false,
  // The icons are precached by globPatterns already.
  includeManifestIcons: false,
  manifest: {
    id: './',
    name: 'Strain Seer',
    short_name: 'Strain Seer',
    description: pkg.description,
    lang: 'en',
    start_url: './',
    scope: './',
    display: 'standalone',
    background_color: '#f5f5f2',
    theme_color: '#0f4c5c',
    icons: [
      { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: 'icons/icon-maskable-192.png',
        sizes: '192x192',
        type: 'image/png',
        purpose: 'maskable',
      },
      {
        src: 'icons/icon-maskable-512.png',
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
    ],
  },
  workbox: {
    // Everything the app loads, lazily loaded chunks and the worker chunk included (not source
    // maps). The plugin adds manifest.webmanifest itself; listing it here would add it twice.
    globPatterns: ['**/*.{js,css,html,svg,png}'],
    // The workbox runtime inside sw.js, not loaded beside it by importScripts(string), which
    // Trusted Types (require-trusted-types-for 'script' in nginx.conf) refuse in the service
    // worker.
    inlineWorkboxRuntime: true,
    cleanupOutdatedCaches: true,
    navigateFallback: 'index.html',
    // Health probes are for the server, never answered by the app shell.
    navigateFallbackDenylist: [/\/healthz$/, /\/_stcore\//],
  },
});

/**
 * Writes a .gz twin beside every compressible file of the build, service worker included, so that
 * nginx (`gzip_static on`) sends compressed bytes without compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'strain-seer:precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After vite-plugin-pwa has written sw.js and the workbox runtime.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        for (const file of await readdir(outDir, { recursive: true })) {
          if (!/\.(html|js|css|json|webmanifest|svg)$/.test(file)) continue;
          const data = await readFile(join(outDir, file));
          if (data.length >= 256)
            await writeFile(join(outDir, `${file}.gz`), gzipSync(data, { level: 9 }));
        }
      },
    },
  };
}

/** What the browser build and the first screen's server render must agree on. */
const shared = {
  resolve: {
    alias: {
      // Its eval() probe breaks the Content-Security-Policy (see the shim).
      '@stdlib/assert-has-generator-support': fileURLToPath(
        new URL('./src/shims/has-generator-support.cjs', import.meta.url),
      ),
    },
  },
  define: {
    __APP_VERSION__: JSON.stringify(appVersion),
  },
};

// A relative base lets the same dist/ be served from / or from any sub-path.
export default defineConfig({
  base: './',
  plugins: [svelte(), prerenderFirstScreen(shared), eagerCompile(['start']), pwa, precompress()],
  ...shared,
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    // Every browser the app supports (ES2022, module workers) preloads modules itself; the
    // polyfill would only scan the page's links at start-up.
    modulePreload: { polyfill: false },
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically in one chunk: the first screen's code
        // arrives in one request, not in some 25 small chunks it shares with the lazy views
        // (each a round trip on a slow phone network).
        codeSplitting: {
          groups: [{ name: 'start', tags: ['$initial'] }],
        },
      },
      treeshake: {
        // @stdlib's modules are pure but do not say so: without this, importing any of the core's
        // helpers on the main thread would keep the t-distribution code in the main chunk.
        moduleSideEffects: (id: string) => !id.includes('/node_modules/@stdlib/'),
      },
    },
  },
  preview: {
    port: 8501,
    strictPort: true,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['tests/component/**/*.test.ts'],
          setupFiles: ['tests/component/setup.ts'],
        },
      },
    ],
  },
});
