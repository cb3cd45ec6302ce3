// Builds and serves what the bench measures: the production app (`vite build` with the
// repository's own vite.config.ts, so the very bundles users get) and the engine harness page
// that drives the worker directly. Both are built into the bench's own temporary folders and
// served on free ports, so a bench run never rewrites the dist/ or the ports that tests running
// at the same time are using.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { preview } from 'vite';
import { repoRoot } from '../../tests/e2e/support/server';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Free port on the loopback interface only: nothing outside this machine can reach it. */
const ANY_LOCAL_PORT = { port: 0, strictPort: false, host: '127.0.0.1' } as const;

const HARNESS_CONFIG = join(repoRoot, 'tests/e2e/harness/vite.config.ts');

/**
 * Runs the `vite` command in its own process. Not vite's build() in this one: the bench runs
 * under vite's module runner, which sets NODE_ENV=development, and a build in that environment
 * compiles Svelte in dev mode (bigger, slower code than users get).
 */
function vite(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' };
    const child = spawn(join(repoRoot, 'node_modules/.bin/vite'), args, { cwd: repoRoot, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`vite ${args.join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`),
          ),
    );
  });
}

/** `vite build` of the app into `outDir`: the production build, service worker included. */
export function buildApp(outDir: string): Promise<void> {
  return vite(['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn']);
}

async function serve(outDir: string, configFile: string): Promise<Served> {
  const server = await preview({
    configFile,
    logLevel: 'warn',
    build: { outDir },
    preview: ANY_LOCAL_PORT,
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new Error('the preview server reported no URL');
  }
  return { url, close: () => server.close() };
}

/** Serves a build of the app as `vite preview` does (the repository's vite.config.ts). */
export const serveApp = (outDir: string): Promise<Served> =>
  serve(outDir, join(repoRoot, 'vite.config.ts'));

/** Builds and serves the engine harness (tests/e2e/harness): the Engine client on an empty page. */
export async function buildAndServeHarness(outDir: string): Promise<Served> {
  await vite(['build', '--config', HARNESS_CONFIG, '--outDir', outDir, '--emptyOutDir']);
  return serve(outDir, HARNESS_CONFIG);
}
