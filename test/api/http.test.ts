import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { API_CSP, PAGE_CSP } from '../../server/src/common/security-headers';
import { makeFirm, startApp, type TestApp } from '../support/app';
import { rawGet } from '../support/raw-http';

const get = (base: string, path: string, headers: Record<string, string> = {}) => rawGet(`${base}${path}`, headers);

/** A built admin as Vite and admin/vite.config.ts's precompress plugin leave it: hashed assets with .br and .gz. */
function fakeAdminBuild(): { root: string; script: Buffer; scriptPath: string; indexHtml: string } {
  const root = mkdtempSync(join(tmpdir(), 'incident-desk-admin-'));
  mkdirSync(join(root, 'assets'));
  const scriptPath = '/assets/index-Df7ziT7v.js';
  // text that compresses like a bundle, with random parts so that it is not trivially small
  const script = Buffer.from(
    Array.from({ length: 4000 }, (_, i) => `export function f${i}(a,b){return a+b+${i}+"${randomBytes(6).toString('hex')}";}\n`).join(''),
  );
  writeFileSync(join(root, scriptPath), script);
  writeFileSync(join(root, `${scriptPath}.br`), brotliCompressSync(script));
  writeFileSync(join(root, `${scriptPath}.gz`), gzipSync(script, { level: 9 }));
  const indexHtml = `<!doctype html><html><head><script type="module" src="${scriptPath}"></script></head><body><div id="root"></div></body></html>`;
  writeFileSync(join(root, 'index.html'), indexHtml);
  return { root, script, scriptPath, indexHtml };
}

describe('HTTP: compression, caching and security headers', () => {
  let t: TestApp;
  let base: string;
  let build: ReturnType<typeof fakeAdminBuild>;
  beforeAll(async () => {
    build = fakeAdminBuild();
    t = await startApp({ env: { ADMIN_DIST: build.root } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.getHttpServer().address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(build.root, { recursive: true, force: true });
  });

  describe('the admin script', () => {
    it.each([
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const)('goes out compressed (%s) to a client that accepts it: smaller, the same bytes once decompressed', async (encoding, decompress) => {
      const res = await get(base, build.scriptPath, { 'accept-encoding': encoding === 'br' ? 'br, gzip, deflate' : 'gzip, deflate' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.body.length).toBeLessThan(build.script.length / 2);
      expect(decompress(res.body).equals(build.script)).toBe(true);
    });

    it('goes out as it is to a client that accepts no compression', async () => {
      const res = await get(base, build.scriptPath, { 'accept-encoding': 'identity' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.equals(build.script)).toBe(true);
    });

    it('is cached for a year and never revalidated: its name changes with its content', async () => {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const res = await get(base, build.scriptPath, { 'accept-encoding': encoding });
        expect({ encoding, cache: res.headers['cache-control'] }).toEqual({ encoding, cache: 'public, max-age=31536000, immutable' });
      }
    });

    it('the compressed copies are not files of their own', async () => {
      expect((await get(base, `${build.scriptPath}.br`)).status).toBe(404);
      expect((await get(base, `${build.scriptPath}.gz`)).status).toBe(404);
    });
  });

  describe('index.html', () => {
    it('is revalidated on every visit (no-cache, with a validator that answers 304)', async () => {
      const res = await get(base, '/');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(build.indexHtml);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers.etag).toBeTruthy();
      const again = await get(base, '/', { 'if-none-match': res.headers.etag! });
      expect(again.status).toBe(304);
      expect((await get(base, '/index.html')).headers['cache-control']).toBe('no-cache');
    });

    it('is the answer to any other page of the single-page app, also revalidated', async () => {
      const res = await get(base, '/incidents/123/show?x=1');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body.toString()).toBe(build.indexHtml);
      expect(res.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('security headers', () => {
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    };

    it('the pages (admin, its files, /api/docs) carry a CSP that loads nothing from elsewhere and forbids framing', async () => {
      for (const path of ['/', '/index.html', '/clients', build.scriptPath, '/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js']) {
        const res = await get(base, path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect({ path, headers: res.headers }).toMatchObject({ path, headers: { ...common, 'content-security-policy': PAGE_CSP } });
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
      const csp = new Map(PAGE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      // no source but this server (and data:/blob: URLs it makes) in any directive
      for (const [directive, sources] of csp) {
        for (const s of sources) expect({ directive, s, ok: ["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'].includes(s) }).toEqual({ directive, s, ok: true });
      }
      expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    });

    it('the API answers (200, 401, 404, 400, the reads served from a hook) carry the strict API policy and no-store', async () => {
      const f = await makeFirm(t, 'Headers');
      const auth = { authorization: `Bearer ${f.manager.token}` };
      const calls: [string, Record<string, string>, number][] = [
        ['/api/health', {}, 200],
        ['/api/docs-json', {}, 200],
        ['/api/clients', {}, 401],
        ['/api/clients', auth, 200],
        ['/api/nope', auth, 404],
        ['/api/clients?range=oops', auth, 400],
        ['/api/incidents', auth, 200],
        ['/api', {}, 404],
      ];
      for (const [path, headers, status] of calls) {
        const res = await get(base, path, headers);
        expect({ path, status: res.status }).toEqual({ path, status });
        expect({ path, headers: res.headers }).toMatchObject({
          path,
          headers: { ...common, 'content-security-policy': API_CSP, 'cache-control': 'no-store' },
        });
      }
    });

    it('HSTS only when configured (HSTS_MAX_AGE, behind TLS), on pages and API alike', async () => {
      const hsts = await startApp({ env: { ADMIN_DIST: build.root, HSTS_MAX_AGE: '31536000' } });
      try {
        for (const path of ['/', '/api/health', build.scriptPath]) {
          const res = await hsts.api().get(path);
          expect({ path, hsts: res.headers['strict-transport-security'] }).toEqual({ path, hsts: 'max-age=31536000; includeSubDomains' });
        }
      } finally {
        await hsts.close();
      }
    });
  });
});
