// Builds the engine harness page with the same worker settings as the app.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const harnessRoot = fileURLToPath(new URL('.', import.meta.url));
export const harnessOutDir = fileURLToPath(new URL('../.harness-dist', import.meta.url));

export default defineConfig({
  root: harnessRoot,
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: harnessOutDir, emptyOutDir: true, target: 'es2022' },
});
