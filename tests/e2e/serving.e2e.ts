// The serving layer over HTTP: the built dist/ served with the project's nginx.conf by Debian's
// nginx as an unprivileged user on 8501, exactly as the image serves it. Health endpoints, cache
// and security headers per path, MIME types, the SPA fallback, refused methods and dotfiles, gzip.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { extname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DIST,
  NGINX_PORT,
  describeWithNginx,
  nginxPids,
  processUids,
  serveBuild,
  type NginxServer,
} from './support/nginx';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One plain HTTP request (no client-side decompression, no connection reuse). */
function fetchRaw(
  path: string,
  { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: NGINX_PORT, path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const header = (reply: Reply, name: string) => {
  const value = reply.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** Every file of the build, as URL paths. */
function distFiles(dir = DIST): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? distFiles(path) : [`/${relative(DIST, path)}`];
  });
}

const ALL_FILES = distFiles();
/** The build's own files; the .gz twins are how nginx sends some of them compressed. */
const FILES = ALL_FILES.filter((f) => !f.endsWith('.gz'));
const assetFiles = FILES.filter((f) => f.startsWith('/assets/'));
/** The app's module script, the one script index.html loads. */
const mainScript = /<script type="module"[^>]*src="\.\/(assets\/[^"]+\.js)"/.exec(
  readFileSync(join(DIST, 'index.html'), 'utf8'),
)?.[1];
const SECRET = 'do-not-serve-this-secret';

/** What each extension must be served as: the registered types, independent of nginx.conf. */
const EXPECTED_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/** Paths of every kind: shell, hashed asset, service worker, manifest, health, fallback, errors. */
const PATHS_OF_EVERY_KIND = [
  '/',
  '/index.html',
  '/sw.js',
  '/manifest.webmanifest',
  `/${mainScript}`,
  '/favicon.svg',
  '/healthz',
  '/_stcore/health',
  '/some/route',
  '/assets/no-such-file.js',
  '/.env',
];

describeWithNginx('nginx.conf serving dist/', (nginxPath) => {
  let server: NginxServer | undefined;

  beforeAll(async () => {
    if (!mainScript) throw new Error('dist/index.html loads no module script from ./assets/');
    server = await serveBuild(nginxPath);
    // Files a careless build or copy could leave in the site: they must never be served.
    writeFileSync(join(server.site.html, '.env'), `API_KEY=${SECRET}\n`);
    mkdirSync(join(server.site.html, '.git'));
    writeFileSync(join(server.site.html, '.git', 'config'), `[remote] ${SECRET}\n`);
    writeFileSync(join(server.site.html, 'assets', '.secret'), SECRET);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('runs as an unprivileged user, master and workers', () => {
    const { master, workers } = nginxPids();
    expect(workers.length).toBeGreaterThan(0);
    for (const pid of [master, ...workers]) {
      expect(
        processUids(pid).every((uid) => uid !== 0),
        `uids of ${pid}`,
      ).toBe(true);
    }
  });

  it('answers both health endpoints with 200 and the same body as the old image', async () => {
    for (const path of ['/healthz', '/_stcore/health']) {
      const reply = await fetchRaw(path);
      expect(reply.status, path).toBe(200);
      expect(reply.body.toString(), path).toBe('ok');
      expect(header(reply, 'content-type'), path).toMatch(/^text\/plain/);
      expect(header(reply, 'cache-control'), path).toBe('no-store');
      expect((await fetchRaw(path, { method: 'HEAD' })).status, `HEAD ${path}`).toBe(200);
    }
  });

  it('revalidates the shell, the service worker and the manifest on every use', async () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const reply = await fetchRaw(path);
      expect(reply.status, path).toBe(200);
      expect(header(reply, 'cache-control'), path).toBe('no-cache');
      // Revalidation is cheap: an ETag, and 304 when nothing changed.
      const etag = header(reply, 'etag');
      expect(etag, path).toBeTruthy();
      const again = await fetchRaw(path, { headers: { 'If-None-Match': etag! } });
      expect(again.status, path).toBe(304);
    }
  });

  it('caches every hashed build file for a year, immutable', async () => {
    expect(assetFiles.length).toBeGreaterThan(3);
    const hashed = [...assetFiles, ...FILES.filter((f) => /^\/workbox-[0-9a-f]+\.js$/.test(f))];
    for (const path of hashed) {
      const reply = await fetchRaw(path, { method: 'HEAD' });
      expect(reply.status, path).toBe(200);
      expect(header(reply, 'cache-control'), path).toBe('public, max-age=31536000, immutable');
    }
  });

  it('never lets an error be cached, and answers a missing build file with 404, not the shell', async () => {
    const reply = await fetchRaw('/assets/no-such-file.js');
    expect(reply.status).toBe(404);
    expect(header(reply, 'cache-control')).toBeUndefined();
    expect(reply.body.toString()).not.toContain('<div id="app">');
  });

  it('sends the security headers on every kind of response', async () => {
    for (const path of PATHS_OF_EVERY_KIND) {
      const reply = await fetchRaw(path);
      const csp = header(reply, 'content-security-policy') ?? '';
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')] as const;
        }),
      );
      expect(directives.get('default-src'), `${path}: ${csp}`).toBe("'self'");
      expect(directives.get('script-src'), path).toBe("'self'");
      expect(directives.get('object-src'), path).toBe("'none'");
      expect(directives.get('base-uri'), path).toBe("'none'");
      expect(directives.get('frame-ancestors'), path).toBe("'none'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(header(reply, 'x-content-type-options'), path).toBe('nosniff');
      expect(header(reply, 'referrer-policy'), path).toBe('no-referrer');
      expect(directives.get('require-trusted-types-for'), path).toBe("'script'");
      const permissions = header(reply, 'permissions-policy') ?? '';
      for (const feature of [
        'camera',
        'microphone',
        'serial',
        'hid',
        'bluetooth',
        'midi',
        'display-capture',
        'browsing-topics',
      ]) {
        expect(permissions, `${path}: ${feature}`).toContain(`${feature}=()`);
      }
      expect(header(reply, 'x-permitted-cross-domain-policies'), path).toBe('none');
      expect(header(reply, 'cross-origin-opener-policy'), path).toBe('same-origin');
      // server_tokens off: no version to look up exploits for.
      expect(header(reply, 'server'), path).toBe('nginx');
    }
  });

  it('serves every file of the build with its registered MIME type', async () => {
    for (const path of FILES) {
      const reply = await fetchRaw(path, { method: 'HEAD' });
      expect(reply.status, path).toBe(200);
      const type = header(reply, 'content-type') ?? '';
      if (path === '/healthz') {
        expect(type).toMatch(/^text\/plain/);
        continue;
      }
      const expected = EXPECTED_TYPES[extname(path)];
      expect(expected, `no expected MIME type for ${path}: add it to the test`).toBeDefined();
      expect(type.split(';')[0], path).toBe(expected);
    }
  });

  it('falls back to the app shell for the app routes', async () => {
    const shell = readFileSync(join(DIST, 'index.html'));
    for (const path of ['/some/route', '/some/deeper/route?with=query']) {
      const reply = await fetchRaw(path);
      expect(reply.status, path).toBe(200);
      expect(header(reply, 'content-type'), path).toMatch(/^text\/html/);
      expect(header(reply, 'cache-control'), path).toBe('no-cache');
      expect(reply.body.equals(shell), path).toBe(true);
    }
  });

  it('refuses every method but GET and HEAD with 405 and says which are allowed', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of ['/', '/index.html', '/healthz', '/assets/x.js']) {
        const reply = await fetchRaw(path, { method });
        expect(reply.status, `${method} ${path}`).toBe(405);
        expect(header(reply, 'allow'), `${method} ${path}`).toBe('GET, HEAD');
      }
    }
    expect(header(await fetchRaw('/'), 'allow')).toBeUndefined();
  });

  it('never serves dotfiles, even ones that are in the site', async () => {
    for (const path of ['/.env', '/.git/config', '/assets/.secret', '/%2eenv', '/assets/../.env']) {
      const reply = await fetchRaw(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.toString(), path).not.toContain(SECRET);
    }
  });

  it('ships a .gz twin of each compressible file, and nginx sends it as is', async () => {
    const compressible = FILES.filter(
      (f) => /\.(html|js|css|json|webmanifest|svg)$/.test(f) && statSync(join(DIST, f)).size >= 256,
    );
    expect(compressible).toContain(`/${mainScript}`);
    for (const path of compressible) {
      expect(ALL_FILES, path).toContain(`${path}.gz`);
      const twin = readFileSync(join(DIST, `${path}.gz`));
      expect(gunzipSync(twin).equals(readFileSync(join(DIST, path))), `${path}.gz`).toBe(true);
      // Precompressed: a known length and exactly the twin's bytes (on-the-fly gzip is chunked).
      const reply = await fetchRaw(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(header(reply, 'content-length'), path).toBe(String(twin.length));
      expect(reply.body.equals(twin), path).toBe(true);
    }
  });

  it('compresses HTML, JavaScript, CSS, the manifest and SVG when the client accepts gzip', async () => {
    const css = assetFiles.find((f) => f.endsWith('.css'));
    const worker = assetFiles.find((f) => /engine\.worker-.*\.js$/.test(f));
    const paths = ['/index.html', `/${mainScript}`, css, worker, '/sw.js', '/manifest.webmanifest'];
    for (const path of [...paths, '/favicon.svg']) {
      if (!path) throw new Error('the build lacks a CSS file or the worker chunk');
      const file = readFileSync(join(DIST, path));
      const zipped = await fetchRaw(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(header(zipped, 'content-encoding'), path).toBe('gzip');
      expect(header(zipped, 'vary'), path).toMatch(/Accept-Encoding/);
      expect(gunzipSync(zipped.body).equals(file), path).toBe(true);
      const plain = await fetchRaw(path);
      expect(header(plain, 'content-encoding'), path).toBeUndefined();
      expect(plain.body.equals(file), path).toBe(true);
    }
  });
});
