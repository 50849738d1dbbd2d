import '../support/locator-matchers';
import { createOperator } from '../../server/src/cli/operator-create';
import type { AppConfig } from '../../server/src/config/config';
import { APP_CONFIG } from '../../server/src/config/config.module';
import { JobRunner } from '../../server/src/jobs/job-queue';
import { newCreditCode } from '../support/app';
import { browserSuite } from '../support/browser';
import { base32Decode, totp } from '../../server/src/auth/totp';
import { eventually, startSmtp } from '../support/notify';

/**
 * Issue 20 in the built admin: an operator made by the command's function sets their password from its link, signs in,
 * sees only the firms, creates a firm (its first manager gets the invitation by e-mail, from an SMTP server this test
 * runs on 127.0.0.1) and suspends it.
 */
describe('the operator creates a firm (browser)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    smtp = await startSmtp();
    Object.assign(env, { SMTP_URL: smtp.url, MAIL_FROM: 'Incident Desk <desk@desk.test>', PUBLIC_URL: 'http://desk.invalid' });
  });
  const s = browserSuite('browser_operators', { env });
  beforeAll(async () => {
    await s.server.app.get(JobRunner).start({ schedule: false, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 2 });
  }, 60_000);
  afterAll(() => smtp.close());

  it('sets the password from the printed link, signs in, creates a firm whose manager is invited, suspends it', async () => {
    const config = s.server.app.get<AppConfig>(APP_CONFIG);
    const email = `browser-operator-${Date.now()}@platform.test`;
    const made = await createOperator(config.appDatabaseUrl!, { email, name: '平台运营', locale: 'zh-CN', publicUrl: 'http://desk.invalid' });
    await s.page.goto(`${s.server.url}${made.link.replace('http://desk.invalid', '')}`);
    await s.page.locator('input[name="password"]').fill('lantern-harbour-osmanthus-9');
    await s.page.locator('input[name="confirm"]').fill('lantern-harbour-osmanthus-9');
    await s.page.locator('button[type="submit"]').click();
    await expect(s.page.locator('.set-password-done')).toBeVisible({ timeout: 20000 });
    // operators sign in with two factors: the first sign-in shows the secret (and its QR code) to enrol, then takes its code
    await s.page.goto(`${s.server.url}/#/login`);
    await s.page.locator('input[name="email"]').fill(email);
    await s.page.locator('input[name="password"]').fill('lantern-harbour-osmanthus-9');
    await s.page.locator('button[type="submit"]').click();
    const secret = (await s.page.locator('[data-testid="mfa-secret"]').textContent({ timeout: 20000 }))!.trim();
    await s.page.locator('input[name="code"]').fill(totp(base32Decode(secret)!, Date.now()));
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => !location.hash.includes('login'), undefined, { timeout: 20000 });
    await expect(s.page.locator('.operator-intro')).toBeVisible({ timeout: 20000 });
    // the menu offers firms, and no firm's records
    await expect(s.page.locator('a[href="#/firms"]').first()).toBeVisible();
    await expect(s.page.locator('a[href="#/incidents"]')).toHaveCount(0);
    await expect(s.page.locator('a[href="#/clients"]')).toHaveCount(0);

    await s.page.goto(`${s.server.url}/#/firms/create`);
    const name = `浏览器事务所 ${Date.now()}`;
    const manager = `browser-firm-manager-${Date.now()}@new-firm.test`;
    await s.page.locator('input[name="name"]').fill(name);
    await s.page.locator('input[name="creditCode"]').fill(newCreditCode());
    await s.page.locator('input[name="managerName"]').fill('新经理');
    await s.page.locator('input[name="managerEmail"]').fill(manager);
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => /#\/firms\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    await expect(s.page.getByText(name).first()).toBeVisible({ timeout: 20000 });
    await expect(s.page.locator('.firm-status[data-status="active"]')).toBeVisible();
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes(manager)), 45_000, "the first manager's invitation");
    expect(mail.mail.text).toMatch(/http:\/\/desk\.invalid\/#\/accept-invite\?token=\S+/);
    expect(mail.mail.text).toContain('新经理');

    await s.page.locator('.suspend-button').click();
    await s.page.locator('.suspend-dialog .confirm-button').click();
    await expect(s.page.locator('.firm-status[data-status="suspended"]')).toBeVisible({ timeout: 20000 });
    await expect(s.page.locator('.delete-firm-button')).toBeVisible();
  });
});
