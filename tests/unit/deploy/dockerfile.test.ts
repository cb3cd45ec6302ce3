// Static checks of the container build, since no Docker engine runs here: the Dockerfile is
// parsed into its instructions and checked for what the README's Deploying section promises (multi-stage, lock-file
// install with the manifests copied first, a pinned unprivileged nginx serving only dist/ and
// nginx.conf as a non-root user on 8501, a read-only-friendly nginx.conf, a health check with a
// tool the image has, OCI labels), and .dockerignore for being an allow-list.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}

/** Instructions in order: continuation lines joined, comments and blank lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  return logical.map((line) => {
    const [keyword = '', ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** Stages, each with its FROM line and its instructions. */
function stages(instructions: Instruction[]) {
  const result: { from: string; name: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name = ''] = instruction.args.split(/\s+/);
      expect(as?.toUpperCase(), `FROM ${instruction.args} names its stage`).toBe('AS');
      result.push({ from: image, name, body: [] });
    } else {
      result.at(-1)?.body.push(instruction);
    }
  }
  return result;
}

const dockerfile = parseDockerfile(readFileSync(repo('Dockerfile'), 'utf8'));
const [builder, runtime, ...extra] = stages(dockerfile);
const nginxConf = readFileSync(repo('nginx.conf'), 'utf8');
const pkg = JSON.parse(readFileSync(repo('package.json'), 'utf8')) as { version: string };
const indexOf = (body: Instruction[], keyword: string, pattern: RegExp) =>
  body.findIndex((i) => i.keyword === keyword && pattern.test(i.args));

describe('Dockerfile', () => {
  it('has a builder stage and a runtime stage, in that order', () => {
    expect(builder?.name).toBe('builder');
    expect(runtime?.name).toBe('runtime');
    expect(extra).toEqual([]);
  });

  it('builds with a pinned Node image, installing from the lock file before copying the sources', () => {
    const body = builder!.body;
    expect(builder!.from).toMatch(/^node:20\.\d+(\.\d+)?-[a-z]+(-slim)?$/);
    const manifests = indexOf(body, 'COPY', /^package\.json package-lock\.json \S+$/);
    const install = indexOf(body, 'RUN', /^npm ci\b/);
    const sources = indexOf(body, 'COPY', /^\.\s/);
    const build = indexOf(body, 'RUN', /^npm run build$/);
    expect(manifests, 'COPY package.json package-lock.json').toBeGreaterThanOrEqual(0);
    expect(install, 'RUN npm ci after the manifests').toBeGreaterThan(manifests);
    expect(sources, 'COPY . after the install').toBeGreaterThan(install);
    expect(build, 'RUN npm run build after the sources').toBeGreaterThan(sources);
    expect(indexOf(body, 'RUN', /npm install/)).toBe(-1);
  });

  it('serves from a version-pinned unprivileged nginx on alpine', () => {
    const [image, tag = ''] = runtime!.from.split(':');
    expect(image).toBe('nginxinc/nginx-unprivileged');
    // A release number, not a moving tag like latest, stable or alpine.
    expect(tag).toMatch(/^\d+\.\d+\.\d+-alpine(\d+(\.\d+)*)?$/);
  });

  it('copies only the built files and nginx.conf into the runtime image', () => {
    const copies = runtime!.body.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    expect(copies.map((i) => `${i.keyword} ${i.args}`).sort()).toEqual(
      [
        'COPY --from=builder /app/dist /usr/share/nginx/html',
        'COPY nginx.conf /etc/nginx/nginx.conf',
      ].sort(),
    );
    // The same root nginx.conf serves, so CI (which serves with nginx.conf) serves what the image does.
    expect(nginxConf).toMatch(/^\s*root \/usr\/share\/nginx\/html;$/m);
  });

  it('runs as a non-root user, on port 8501', () => {
    const users = runtime!.body.filter((i) => i.keyword === 'USER').map((i) => i.args);
    const last = users.at(-1) ?? 'root';
    expect(last).not.toMatch(/^(root|0)(:|$)/);
    // Nothing after the last USER may need root.
    const lastUser = runtime!.body.map((i) => i.keyword).lastIndexOf('USER');
    const afterUser = runtime!.body.slice(lastUser);
    expect(afterUser.filter((i) => i.keyword === 'RUN')).toEqual([]);
    expect(runtime!.body.filter((i) => i.keyword === 'EXPOSE').map((i) => i.args)).toEqual([
      '8501',
    ]);
    expect(nginxConf).toMatch(/^\s*listen 8501;$/m);
    expect(nginxConf).not.toMatch(/^\s*user\s/m);
  });

  it('works with a read-only root file system: pid and temp files in /tmp, logs to stdout and stderr', () => {
    expect(nginxConf).toMatch(/^pid \/tmp\/[\w.]+;$/m);
    for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      expect(nginxConf, `${kind}_temp_path`).toMatch(
        new RegExp(`^\\s*${kind}_temp_path /tmp/\\w+;$`, 'm'),
      );
    }
    expect(nginxConf).toMatch(/^error_log stderr\b/m);
    const accessLogs = [...nginxConf.matchAll(/^\s*access_log (\S+);$/gm)].map((m) => m[1]);
    expect(accessLogs).toEqual(['/dev/stdout']);
  });

  it('has a health check using busybox wget, which the alpine image has, on the health file', () => {
    const checks = runtime!.body.filter((i) => i.keyword === 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    expect(checks[0]!.args).toMatch(/--interval=\d+s/);
    expect(checks[0]!.args).toMatch(
      /CMD wget -q -O \/dev\/null http:\/\/127\.0\.0\.1:8501\/healthz/,
    );
    expect(runtime!.from).toMatch(/-alpine/);
    expect(readFileSync(repo('public/healthz'), 'utf8')).toBe('ok');
  });

  it('carries OCI labels, with the version of package.json', () => {
    const labels = runtime!.body
      .filter((i) => i.keyword === 'LABEL')
      .map((i) => i.args)
      .join(' ');
    for (const key of ['title', 'description', 'version', 'licenses']) {
      expect(labels).toMatch(new RegExp(`org\\.opencontainers\\.image\\.${key}="[^"]+"`));
    }
    const version = runtime!.body.find((i) => i.keyword === 'ARG' && /^VERSION=/.test(i.args));
    expect(version?.args).toBe(`VERSION=${pkg.version}`);
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync(repo('.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const allowed = lines.slice(1).map((line) => line.replace(/^!/, '').replace(/\/$/, ''));

  it('is an allow-list: everything excluded, then only re-inclusions', () => {
    expect(lines[0]).toBe('*');
    for (const line of lines.slice(1)) expect(line, line).toMatch(/^!/);
  });

  it('lets in what the build and the runtime stage need, and each entry exists', () => {
    const needed = [
      'package.json',
      'package-lock.json',
      'index.html',
      'vite.config.ts',
      'src',
      'public',
      'nginx.conf',
    ];
    expect(allowed).toEqual(expect.arrayContaining(needed));
    for (const entry of allowed) expect(existsSync(repo(entry)), entry).toBe(true);
  });

  it('keeps out dependencies, build output, tests and git history', () => {
    for (const entry of ['node_modules', 'dist', 'tests', '.git', '.ci', 'test-results']) {
      expect(
        allowed.some((a) => a === entry || entry.startsWith(`${a}/`)),
        entry,
      ).toBe(false);
    }
  });
});
