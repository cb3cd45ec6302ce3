// Starts and stops the servers the e2e tests run against: `vite preview` over the built dist/, and
// the README's own `npm start`. Each runs in its own process group so stopping it leaves nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The port the README promises; `npm start` serves on it. */
export const START_PORT = 8501;

export interface RunningServer {
  url: string;
  /** Stops the whole process tree and waits until the port is free again. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true when anything answers HTTP at `url` (any status), false when nothing does. */
function answers(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    // agent: false sends `Connection: close`, so no pooled socket keeps the server busy.
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** The last lines a server printed, for error messages. */
class OutputTail {
  private text = '';
  constructor(private readonly limit = 8_000) {}
  add(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }
  toString(): string {
    return this.text.trim() === '' ? '(no output)' : this.text.trimEnd();
  }
}

function isGroupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Spawns `command` in its own process group and resolves once `url` answers HTTP; `stop()` ends
 * the whole group and waits until `url` no longer answers.
 */
export async function startServer(
  label: string,
  command: string,
  args: string[],
  url: string,
  readyTimeoutMs: number,
): Promise<RunningServer> {
  if (await answers(url)) {
    throw new Error(`${label}: something is already answering on ${url}; stop it and rerun.`);
  }
  const output = new OutputTail();
  const child: ChildProcess = spawn(command, args, {
    cwd: repoRoot,
    // Its own process group: npm -> sh -> vite can then be signalled as one.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${label}: could not spawn \`${command}\`.`);
  child.stdout?.on('data', (chunk: Buffer) => output.add(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.add(chunk));
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  child.once('error', (error) => output.add(`\nspawn error: ${error.message}\n`));
  // A safety net if the test process ends without calling stop().
  const killOnExit = () => signalGroup(pid, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      signalGroup(pid, 'SIGTERM');
      await Promise.race([exitPromise, sleep(5_000)]);
      for (let i = 0; i < 20 && isGroupAlive(pid); i++) await sleep(100);
      // Whatever ignored SIGTERM goes now (zombies may linger in the group; they hold no port).
      signalGroup(pid, 'SIGKILL');
      for (let i = 0; i < 50; i++) {
        if (!(await answers(url, 500))) return;
        await sleep(200);
      }
      throw new Error(`${label}: ${url} still answers after the server was stopped.`);
    })();
    return stopped;
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`${label} exited (${exited}) before ${url} answered. Output:\n${output}`);
    }
    if (await answers(url)) return { url, stop };
    await sleep(250);
  }
  await stop().catch(() => undefined);
  throw new Error(
    `${label}: ${url} did not answer within ${readyTimeoutMs / 1000} s. Output:\n${output}`,
  );
}

/** Serves the already-built dist/ with `vite preview` on `port`. */
export async function startPreview(port: number): Promise<RunningServer> {
  if (!existsSync(join(repoRoot, 'dist', 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npm run build` before the e2e tests.');
  }
  const args = ['--no', '--', 'vite', 'preview', '--port', String(port), '--strictPort'];
  return startServer('vite preview', 'npx', args, `http://localhost:${port}/`, 60_000);
}

/** Runs the README's `npm start` (build, then serve on 8501), exactly as a user would. */
export async function startNpmStart(readyTimeoutMs = 120_000): Promise<RunningServer> {
  return startServer(
    'npm start',
    'npm',
    ['start'],
    `http://localhost:${START_PORT}/`,
    readyTimeoutMs,
  );
}
