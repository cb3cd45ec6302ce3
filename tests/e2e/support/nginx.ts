// Serves a build the way the runtime image does, with the project's own nginx.conf under Debian's
// nginx: as an unprivileged user, on port 8501. No Docker engine runs here, so this stands in for
// the container (README, Deploying).
//
// The one difference from the image: the site cannot live in /usr/share/nginx/html on a shared
// machine (tests replace it, and run as root), so each test lays it out in a temporary directory
// and serves it with a generated copy of nginx.conf in which only the `root` line is changed.
// Every other line (port, pid and temp paths in /tmp, headers, MIME types) is the image's.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';
import { chromiumForTests, isCI } from './browser';
import { findExecutable } from './executables';
import { repoRoot, startServer, type RunningServer } from './server';

/** The port nginx.conf listens on (the image's port). */
export const NGINX_PORT = 8501;
/** Where the image keeps the site, and the `root` in nginx.conf. */
export const IMAGE_SITE_ROOT = '/usr/share/nginx/html';
/** Written by nginx.conf's `pid` directive. */
export const NGINX_PID_FILE = '/tmp/nginx.pid';
export const NGINX_CONF = join(repoRoot, 'nginx.conf');
export const DIST = join(repoRoot, 'dist');
/** The unprivileged user nginx runs as when the tests run as root (the image uses uid 101). */
const UNPRIVILEGED_USER = 'nobody';

export type NginxLookup = { found: true; path: string } | { found: false; reason: string };

/** `NGINX_PATH` when set, else `nginx` on the PATH or in the sbin directories Debian uses. */
export function findNginx(env: NodeJS.ProcessEnv = process.env): NginxLookup {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  const search = findExecutable(
    env,
    'NGINX_PATH',
    ['nginx'],
    dirs.filter((d) => d !== ''),
  );
  if (search.found) return search;
  return {
    found: false,
    reason: search.reason ?? 'nginx is neither on the PATH nor in /usr/sbin.',
  };
}

/** nginx for the serving tests: a failure in CI, a loud skip on a developer machine. */
export function nginxForTests(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const lookup = findNginx(env);
  if (lookup.found) return lookup.path;
  const fix = 'Install it (Debian: `apt-get install -y nginx-light`) or set NGINX_PATH.';
  if (isCI(env)) {
    throw new Error(`The serving tests need nginx and CI=true: ${lookup.reason} ${fix}`);
  }
  const banner = '!'.repeat(78);
  console.warn(
    `\n${banner}\n!! SERVING TESTS SKIPPED: no nginx found.\n!! ${lookup.reason}\n!! ${fix}\n` +
      `!! (In CI, with CI=true, this is a failure, not a skip.)\n${banner}\n`,
  );
  return undefined;
}

/** `describe` for a suite that needs nginx; skipped loudly without it (a failure in CI). */
export function describeWithNginx(name: string, body: (nginxPath: string) => void): void {
  const nginxPath = nginxForTests();
  describe.skipIf(nginxPath === undefined)(name, () => body(nginxPath ?? ''));
}

/** `describe` for a suite that needs nginx and Chromium. */
export function describeWithNginxAndBrowser(
  name: string,
  body: (nginxPath: string, chromiumPath: string) => void,
): void {
  const nginxPath = nginxForTests();
  const chromiumPath = chromiumForTests();
  const skip = nginxPath === undefined || chromiumPath === undefined;
  describe.skipIf(skip)(name, () => body(nginxPath ?? '', chromiumPath ?? ''));
}

/** A temporary directory laid out like the image: `html/` is /usr/share/nginx/html. */
export interface Site {
  dir: string;
  html: string;
  remove(): void;
}

export function createSite(): Site {
  const dir = mkdtempSync(join(tmpdir(), 'strain-seer-nginx-'));
  const html = join(dir, 'html');
  mkdirSync(html);
  // nginx's unprivileged user must be able to read the site and the configuration.
  chmodSync(dir, 0o755);
  chmodSync(html, 0o755);
  return { dir, html, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function makeReadable(path: string): void {
  const stats = statSync(path);
  chmodSync(path, stats.isDirectory() ? 0o755 : 0o644);
  if (stats.isDirectory()) for (const name of readdirSync(path)) makeReadable(join(path, name));
}

/**
 * Deploys a build into `target` (created if needed) the way a deployment replaces a site: the old
 * files go, the new ones come.
 */
export function publish(build: string, target: string): void {
  if (!existsSync(join(build, 'index.html'))) {
    throw new Error(`${build}/index.html is missing: build the app first (npm run build).`);
  }
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(target)) rmSync(join(target, name), { recursive: true });
  cpSync(build, target, { recursive: true });
  makeReadable(target);
}

/** nginx.conf with its `root` pointed at `html`; every other line as in the repository. */
export function configFor(html: string, conf = readFileSync(NGINX_CONF, 'utf8')): string {
  const rootLine = `root ${IMAGE_SITE_ROOT};`;
  const count = conf.split(rootLine).length - 1;
  if (count !== 1) {
    throw new Error(`nginx.conf must contain \`${rootLine}\` exactly once (found ${count}).`);
  }
  return conf.replace(rootLine, `root ${html};`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** nginx.conf's pid file outlives a crashed nginx; one owned by another user blocks a new one. */
function clearStalePidFile(): void {
  if (!existsSync(NGINX_PID_FILE)) return;
  const pid = Number(readFileSync(NGINX_PID_FILE, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new Error(
      `An nginx (pid ${pid}, from ${NGINX_PID_FILE}) is already running with this configuration; stop it and rerun.`,
    );
  }
  console.warn(`Removing the stale ${NGINX_PID_FILE} left by an nginx that is no longer running.`);
  rmSync(NGINX_PID_FILE, { force: true });
}

/** The real and effective user ids of a process, from /proc. */
export function processUids(pid: number): number[] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const line = /^Uid:\s+(.*)$/m.exec(status)?.[1] ?? '';
  return line.split(/\s+/).map(Number);
}

/** The pids of nginx's master and its workers. */
export function nginxPids(): { master: number; workers: number[] } {
  const master = Number(readFileSync(NGINX_PID_FILE, 'utf8').trim());
  const workers = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return new RegExp(`^PPid:\\s+${master}$`, 'm').test(
          readFileSync(`/proc/${pid}/status`, 'utf8'),
        );
      } catch {
        return false;
      }
    });
  return { master, workers };
}

export interface NginxServer extends RunningServer {
  site: Site;
  /** The generated nginx.conf the server runs with. */
  confPath: string;
}

/**
 * Starts nginx on port 8501 over `site`. As root it drops to `nobody` first (setpriv), like the
 * image's `USER`. nginx logs to its stdout and stderr, as in a container: `sh` gives it pipes of
 * its own user, because /dev/stdout cannot be reopened by another user when it is a root's pipe.
 */
export async function startNginx(nginxPath: string, site: Site): Promise<NginxServer> {
  const confPath = join(site.dir, 'nginx.conf');
  writeFileSync(confPath, configFor(site.html));
  chmodSync(confPath, 0o644);
  clearStalePidFile();

  // -e stderr: nginx opens its built-in error log path before reading nginx.conf; the image
  // links that path to stderr, Debian's is a root-only file.
  const script = 'exec "$0" -c "$1" -e stderr -g "daemon off;" 2>&1 | cat';
  const shell = ['sh', '-c', script, nginxPath, confPath];
  let command = shell[0]!;
  let args = shell.slice(1);
  if (process.getuid?.() === 0) {
    const uid = execFileSync('id', ['-u', UNPRIVILEGED_USER], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', UNPRIVILEGED_USER], { encoding: 'utf8' }).trim();
    command = 'setpriv';
    args = [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--', ...shell];
  }
  const server = await startServer(
    'nginx',
    command,
    args,
    `http://127.0.0.1:${NGINX_PORT}/`,
    20_000,
  );
  return { ...server, site, confPath };
}

/** Copies `build` into a fresh site (at `subPath` inside it, if given) and serves it. */
export async function serveBuild(
  nginxPath: string,
  build = DIST,
  subPath = '',
): Promise<NginxServer> {
  const site = createSite();
  try {
    publish(build, join(site.html, subPath));
    const server = await startNginx(nginxPath, site);
    return {
      ...server,
      async stop() {
        try {
          await server.stop();
        } finally {
          site.remove();
        }
      },
    };
  } catch (error) {
    site.remove();
    throw error;
  }
}
