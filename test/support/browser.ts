import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromium as pw } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emptyDatabase } from './db';
import { createApp } from '../../server/src/bootstrap';
import { runMigrations } from '../../server/src/database/data-source';
import { seedDemo } from '../../server/src/seed/demo';
import { testConfig } from './app';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Flags that keep Chromium quiet on a closed network. */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN',
];

/** Chromium from the @sparticuz/chromium package (no browser needs to be installed); CHROMIUM_PATH overrides. */
export async function launchBrowser(): Promise<Browser> {
  let executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) {
    const mod = require('@sparticuz/chromium');
    executablePath = await (mod.default ?? mod).executablePath();
  }
  return pw.launch({ executablePath, headless: true, args: FLAGS });
}

/** A database of its own, migrated, for tests that need the demo data. */
export async function freshDatabase(name: string): Promise<{ ownerUrl: string; appUrl: string }> {
  const { ownerUrl, appUrl } = await emptyDatabase(name);
  const urls = { ownerUrl, appUrl };
  await runMigrations(urls.ownerUrl);
  return urls;
}

export interface RunningServer {
  url: string;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1 with the built admin and the demo data, in a database of its own. */
export async function startDemoServer(dbName: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const adminDist = resolve(__dirname, '../../admin/dist');
  if (!existsSync(join(adminDist, 'index.html'))) throw new Error('admin is not built: run `npm run build` first');
  const urls = await freshDatabase(dbName);
  const config = testConfig({ ADMIN_DIST: adminDist, DATABASE_URL: urls.ownerUrl, APP_DATABASE_URL: urls.appUrl, ...env });
  const app = await createApp(config, urls.appUrl, { logger: false });
  // modules first (the job queue's schema among them): with SMTP_URL the seed's events enqueue e-mail jobs
  await app.init();
  await seedDemo(app, config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.getHttpServer().address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

/**
 * A browser context (Chinese, Shanghai time unless `options` say otherwise) that reaches nothing but the server under
 * test: any other request is aborted and its URL pushed to `elsewhere`, which the test expects to stay empty.
 */
export async function loopbackContext(browser: Browser, base: string, elsewhere: string[], options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  return context;
}

/**
 * Collects every Content-Security-Policy violation in the context's pages into `violations`: the pages'
 * `securitypolicyviolation` events and Chromium's CSP console errors ("Refused to … because it violates …").
 */
export async function watchCsp(context: BrowserContext, violations: string[]): Promise<void> {
  await context.exposeBinding('__reportCspViolation', (_source, v: string) => void violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
      );
    });
  });
  context.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
}

export async function signIn(page: Page, base: string, email: string, password = 'demo-pass-2026') {
  await page.goto(`${base}/#/login`);
  await page.locator('input[name="email"], input[name="username"]').first().fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForFunction(() => !location.hash.includes('login'), undefined, { timeout: 20000 });
  // the address changes before the app is drawn in place of the sign-in page (it waits for its first answers:
  // admin/src/main.tsx); a test that goes on at once meets the sign-in page's controls, or the app's first route
  await page.locator('input[name="password"]').waitFor({ state: 'detached', timeout: 20000 });
  await page.locator('.RaLayout-appFrame').waitFor({ timeout: 20000 });
}

export interface BrowserSuite {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** requests to anywhere but the server under test (aborted); each test ends expecting none */
  elsewhere: string[];
  /** Content-Security-Policy violations in the test's pages (watchCsp); each test ends expecting none */
  csp: string[];
}

/**
 * The hooks of a browser test file's describe block: the demo server (its own database, `env` added to its
 * configuration) and Chromium for the block; a loopback-only context and a page for each test. Read the fields in the
 * tests (`s.page`), which run after the hooks have set them.
 */
export function browserSuite(dbName: string, opts: { env?: Record<string, string>; context?: BrowserContextOptions } = {}): BrowserSuite {
  const s = { elsewhere: [] as string[], csp: [] as string[] } as BrowserSuite;
  beforeAll(async () => {
    s.server = await startDemoServer(dbName, opts.env);
    s.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  beforeEach(async () => {
    s.elsewhere = [];
    s.csp = [];
    s.context = await loopbackContext(s.browser, s.server.url, s.elsewhere, opts.context);
    await watchCsp(s.context, s.csp);
    s.page = await s.context.newPage();
  });
  afterEach(async () => {
    expect(s.elsewhere).toEqual([]);
    expect(s.csp).toEqual([]);
    await s.context.close();
  });
  return s;
}

/** The API as one of the demo users, from the test (to set up data and to check what the screens did). */
export async function apiAs(base: string, email: string, password = 'demo-pass-2026') {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status}`);
  const session = (await res.json()) as { accessToken: string; user: { id: string; name: string } };
  const headers = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
  const call = async <T>(path: string, init: RequestInit = {}) => {
    const r = await fetch(`${base}/api${path}`, { ...init, headers });
    const body = (await r.json()) as T;
    if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${JSON.stringify(body)}`);
    return { body, total: Number((r.headers.get('content-range') ?? '/0').split('/')[1]) };
  };
  return {
    user: session.user,
    userId: session.user.id,
    /** a list's rows and its Content-Range total */
    list: <T = Record<string, unknown>>(resource: string, filter: Record<string, unknown> = {}, range: [number, number] = [0, 99]) =>
      call<T[]>(`/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter), range: JSON.stringify(range) })}`),
    get: <T = Record<string, unknown>>(path: string) => call<T>(path).then((r) => r.body),
    post: <T = Record<string, unknown>>(path: string, data: unknown) => call<T>(path, { method: 'POST', body: JSON.stringify(data) }).then((r) => r.body),
    put: <T = Record<string, unknown>>(path: string, data: unknown) => call<T>(path, { method: 'PUT', body: JSON.stringify(data) }).then((r) => r.body),
  };
}
