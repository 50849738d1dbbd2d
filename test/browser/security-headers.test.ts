import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';
import { rawGet as get } from '../support/raw-http';

/**
 * The built admin and the OpenAPI page under their Content-Security-Policy in Chromium: every page walked without a
 * violation (browserSuite fails a test on any `securitypolicyviolation` event or CSP console error, and on any request
 * to another host), and the real script sent compressed.
 */
describe('security headers and compression (browser)', () => {
  const s = browserSuite('browser_security', { context: { viewport: { width: 1400, height: 900 } } });

  it('notices a violation: an inline script is refused and reported', async () => {
    await s.page.goto(`${s.server.url}/#/login`);
    await s.page.locator('input[name="password"]').waitFor();
    const ran = await s.page.evaluate(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__inlineRan = true';
      document.body.appendChild(el);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    // both the page's securitypolicyviolation event and Chromium's console error reach the list
    for (let i = 0; i < 50 && s.csp.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(s.csp.find((v) => v.startsWith('script-src'))).toMatch(/^script-src(-elem)? blocked inline/);
    expect(s.csp.find((v) => v.startsWith('console:'))).toMatch(/Content Security Policy directive 'script-src 'self''/);
    // this test's violation is the point: the suite's check after it must not fail
    s.csp.length = 0;
  });

  it('lets a manager work through the admin without a single violation', async () => {
    const { page } = s;
    await signIn(page, s.server.url, 'manager@demo.test');
    await page.locator('[data-testid="dashboard-company"], .RaDashboard, main').first().waitFor({ timeout: 20000 });
    await page.goto(`${s.server.url}/#/incidents`);
    await page.locator('table tbody tr').first().waitFor({ timeout: 20000 });
    await page.locator('table tbody tr').first().click();
    await page.waitForFunction(() => /#\/incidents\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    await page.locator('main').getByText(/INC-\d{4}-\d{4}/).first().waitFor({ timeout: 20000 });
    await page.goto(`${s.server.url}/#/clients`);
    await page.getByText('上海浦江智联科技有限公司').first().waitFor({ timeout: 20000 });
    await page.getByText('上海浦江智联科技有限公司').first().click();
    await page.waitForFunction(() => /#\/clients\/[0-9a-f-]{36}/.test(location.hash), undefined, { timeout: 20000 });
    await page.goto(`${s.server.url}/#/service-report`);
    await page.locator('[data-testid="report-figures"]').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="report-table-summary"]').waitFor({ timeout: 20000 });
    await page.goto(`${s.server.url}/#/communications`);
    await page.locator('table tbody tr').first().waitFor({ timeout: 20000 });
    await page.goto(`${s.server.url}/#/audit-logs`);
    await page.locator('table tbody tr').first().waitFor({ timeout: 20000 });
    // styles injected by emotion (MUI) took effect: the app bar is laid out, not unstyled
    const position = await page.locator('header').first().evaluate((el) => getComputedStyle(el).position);
    expect(position).toBe('fixed');
    await page.waitForLoadState('networkidle');
    expect(s.csp).toEqual([]);
  });

  it('keeps the OpenAPI page at /api/docs working under its policy', async () => {
    const res = await s.page.goto(`${s.server.url}/api/docs`);
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await s.page.locator('.swagger-ui .info .title').getByText('Incident Desk API').waitFor({ timeout: 20000 });
    await s.page.locator('.opblock-tag').first().waitFor({ timeout: 20000 });
    // swagger-ui renders only the operations near the viewport (a virtual list): open the first one, its body appears
    await s.page.locator('.opblock-summary-control').first().click();
    await s.page.locator('.opblock-body').first().waitFor({ timeout: 20000 });
    await s.page.waitForLoadState('networkidle');
  });

  it('sends the built script compressed, cached for a year, and index.html revalidated', async () => {
    const index = await get(`${s.server.url}/`);
    expect(index.headers['cache-control']).toBe('no-cache');
    const scripts = [...index.body.toString().matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const path of scripts) {
      const plain = await get(`${s.server.url}${path}`, { 'accept-encoding': 'identity' });
      const br = await get(`${s.server.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      const gz = await get(`${s.server.url}${path}`, { 'accept-encoding': 'gzip' });
      expect([plain.status, br.status, gz.status]).toEqual([200, 200, 200]);
      expect([plain.headers['content-encoding'], br.headers['content-encoding'], gz.headers['content-encoding']]).toEqual([undefined, 'br', 'gzip']);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
      // a minified bundle: brotli at about a quarter, gzip at about a third
      expect(br.body.length).toBeLessThan(plain.body.length * 0.3);
      expect(gz.body.length).toBeLessThan(plain.body.length * 0.35);
      for (const r of [plain, br, gz]) expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });
});
