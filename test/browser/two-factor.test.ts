import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import '../support/locator-matchers';
import { base32Decode, totp } from '../../server/src/auth/totp';
import { browserSuite, signIn } from '../support/browser';
import { testPng } from '../support/images';

/** The text of the QR code in a PNG data URL, decoded as a phone's camera would (jsQR over the pixels). */
function scanQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code in the image');
  return found.data;
}

/**
 * Issue 20 in the built admin: a consultant turns on two-factor sign-in by scanning the QR code the page shows,
 * signs out, and signs in again with a code computed by the test from the scanned secret.
 */
describe('two-factor sign-in (browser)', () => {
  const s = browserSuite('browser_two_factor');

  it('enables two-factor from the scanned QR code, then signs in with a code', async () => {
    const { page } = s;
    const base = s.server.url;
    await signIn(page, base, 'consultant@demo.test');
    // the user menu leads to the two-factor page
    await page.locator('header button[aria-label]').last().click();
    await page.locator('[data-testid="menu-two-factor"]').click();
    await expect(page.locator('[data-testid="mfa-state"]')).toContainText('未启用');
    await page.locator('button[data-testid="mfa-setup"]').click();
    const qr = page.locator('img[data-testid="mfa-qr"]');
    await expect(qr).toBeVisible();
    // scan: the otpauth address from the picture, its secret the one printed beside it
    const url = new URL(scanQr((await qr.getAttribute('src'))!));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    const secret = url.searchParams.get('secret')!;
    expect(url.searchParams.get('issuer')).toBe('Incident Desk');
    expect(decodeURIComponent(url.pathname)).toBe('/Incident Desk:consultant@demo.test');
    await expect(page.locator('[data-testid="mfa-secret"]')).toHaveText(secret);
    const key = base32Decode(secret)!;
    await page.locator('input[data-testid="mfa-code"]').fill(totp(key, Date.now()));
    await page.locator('button[data-testid="mfa-enable"]').click();
    await expect(page.locator('[data-testid="recovery-codes"] li')).toHaveCount(10, { timeout: 20000 });
    await expect(page.locator('[data-testid="mfa-state"]')).toContainText('已启用');

    // sign out
    await page.locator('header button[aria-label]').last().click();
    await page.getByText('退出登录').click();
    await page.waitForFunction(() => location.hash.includes('login'), undefined, { timeout: 20000 });

    // the password alone asks for the code
    await page.locator('input[name="email"]').fill('consultant@demo.test');
    await page.locator('input[name="password"]').fill('demo-pass-2026');
    await page.locator('button[type="submit"]').click();
    await expect(page.locator('[data-testid="login-error"]')).toContainText('验证码');
    const code = page.locator('input[name="code"]');
    await expect(code).toBeVisible();
    // the enable used the current step: the next one (within the window) signs in
    await code.fill(totp(key, Date.now() + 30_000));
    await page.locator('button[type="submit"]').click();
    await page.waitForFunction(() => !location.hash.includes('login'), undefined, { timeout: 20000 });
    await page.locator('header button[aria-label]').last().click();
    await expect(page.locator('[data-testid="menu-two-factor"]')).toBeVisible();
  });

  it('lets a manager set the firm\'s logo (shown in the header) and settings, with errors under their fields', async () => {
    const { page } = s;
    const logoRequests: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/firm-settings/logo') logoRequests.push(r.method());
    });
    await signIn(page, s.server.url, 'manager@demo.test');
    await page.waitForLoadState('networkidle');
    await expect(page.locator('[data-testid="firm-logo"]')).toHaveCount(0);
    // a firm without a logo: the header does not ask for one (it would answer 404 on every page load)
    expect(logoRequests).toEqual([]);
    await page.locator('header button[aria-label]').last().click();
    await page.locator('[data-testid="menu-firm-settings"]').click();
    await expect(page.locator('[data-testid="firm-settings"]')).toBeVisible({ timeout: 20000 });
    await page.locator('input[data-testid="logo-file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: testPng(64, 32) });
    await expect(page.locator('img[data-testid="firm-logo"]')).toBeVisible({ timeout: 20000 });
    expect(logoRequests).toEqual(['PUT', 'GET']);
    // the session's user knows of it now: a new page load shows it
    await page.reload();
    await expect(page.locator('img[data-testid="firm-logo"]')).toBeVisible({ timeout: 20000 });
    // a time zone that does not exist: the server's message under the field, nothing saved
    const tz = page.getByLabel('时区');
    await tz.fill('Mars/Olympus_Mons');
    await page.locator('button[data-testid="firm-settings-save"]').click();
    await expect(page.locator('[data-testid="firm-settings"]')).toContainText('must be an IANA time zone');
    await tz.fill('Asia/Shanghai');
    await page.locator('input[data-testid="settings-name"]').fill('申信企业服务（上海）有限公司 · 设置');
    await page.locator('button[data-testid="firm-settings-save"]').click();
    await expect(page.getByText('设置已保存')).toBeVisible({ timeout: 20000 });
    const res = await fetch(`${s.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@demo.test', password: 'demo-pass-2026' }) });
    expect(((await res.json()) as { user: { firmName: string } }).user.firmName).toBe('申信企业服务（上海）有限公司 · 设置');
  });
});
