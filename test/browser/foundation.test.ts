import { creditCodeCheckCharacter } from '@incident-desk/shared';
import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';

/** The built admin in Chromium against the real server with the demo data. */
describe('admin shell (browser)', () => {
  const s = browserSuite('browser_foundation');

  it('lets a manager create a client and find it in the list', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/clients/create`);
    const name = `上海测试浏览器科技有限公司${Date.now() % 100000}`;
    const first17 = `913101157${String(Date.now()).slice(-8)}`;
    const code = first17 + creditCodeCheckCharacter(first17);
    await s.page.locator('input[name="name"]').fill(name);
    await s.page.locator('input[name="creditCode"]').fill(code);
    await s.page.getByRole('combobox').first().click();
    await s.page.locator('li[role="option"][data-value="cii"]').click();
    await s.page.locator('button[type="submit"]').click();
    // the show page of the new client
    await s.page.waitForFunction(() => /#\/clients\/[0-9a-f-]{36}(\/show)?$/.test(location.hash), undefined, { timeout: 20000 });
    await s.page.goto(`${s.server.url}/#/clients`);
    await s.page.locator('input[name="q"]').fill(name.slice(0, 12));
    await expect(s.page.getByText(name).first()).toBeVisible({ timeout: 20000 });
    await expect(s.page.getByText(code)).toHaveCount(1);
  });

  it('lets a manager edit a client: a Show link at the top, Save keeps the change and returns to its page', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/clients`);
    await s.page.getByText('上海浦江智联科技有限公司').first().click();
    await s.page.waitForFunction(() => /#\/clients\/[0-9a-f-]{36}(\/show)?/.test(location.hash), undefined, { timeout: 20000 });
    const id = (await s.page.evaluate(() => location.hash)).match(/[0-9a-f-]{36}/)![0];
    await s.page.goto(`${s.server.url}/#/clients/${id}`);
    // the form holds the record before it is typed into (an input filled before the record arrives is reset with the
    // form, which then has nothing to save: its Save stays disabled)
    await s.page.waitForFunction(
      () => (document.querySelector('input[name="name"]') as HTMLInputElement | null)?.value === '上海浦江智联科技有限公司', undefined, { timeout: 20000 },
    );
    const industry = `软件和信息技术服务业 ${Date.now() % 1000}`;
    await s.page.locator('input[name="industry"]').fill(industry);
    await expect(s.page.locator(`a[href="#/clients/${id}/show"]`).first()).toBeVisible();
    // only a Save button in the form (no delete)
    await expect(s.page.locator('form button[type="submit"]')).toHaveCount(1);
    await s.page.locator('form button[type="submit"]').click();
    await s.page.waitForFunction((x) => location.hash === `#/clients/${x}/show`, id, { timeout: 20000 });
    await expect(s.page.getByText(industry).first()).toBeVisible({ timeout: 20000 });
  });

  it('shows a client admin only their own company', async () => {
    await signIn(s.page, s.server.url, 'client-admin@demo.test');
    await expect(s.page.locator('[data-testid="dashboard-company"]')).toHaveText('上海浦江智联科技有限公司');
    await s.page.goto(`${s.server.url}/#/clients`);
    await s.page.getByText('上海浦江智联科技有限公司').first().waitFor({ timeout: 20000 });
    const rows = s.page.locator('table tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(s.page.getByText('上海申城轨道交通运营有限公司')).toHaveCount(0);
    // no menu entry for users, assignments or the audit log
    await expect(s.page.locator('a.RaMenuItemLink-root[href="#/users"]')).toHaveCount(0);
    await expect(s.page.locator('a.RaMenuItemLink-root[href="#/audit-logs"]')).toHaveCount(0);
  });

  it('switches the labels to English', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/clients`);
    await s.page.locator('a.RaMenuItemLink-root[href="#/clients"]').getByText('客户').waitFor({ timeout: 20000 });
    await s.page.locator('[data-testid="locale-switcher"] button').click();
    await s.page.getByRole('menuitem', { name: 'English' }).click();
    await s.page.locator('a.RaMenuItemLink-root[href="#/clients"]').getByText('Clients').waitFor({ timeout: 20000 });
    await expect(s.page.locator('a.RaMenuItemLink-root[href="#/users"]')).toContainText('Users');
    await expect(s.page.getByText('客户', { exact: true })).toHaveCount(0);
  });

  it("signs a user in to their profile's language, unless this device has its own choice", async () => {
    // consultant2's profile says English; the browser and the sign-in page are in Chinese
    await signIn(s.page, s.server.url, 'consultant2@demo.test');
    await s.page.locator('a.RaMenuItemLink-root[href="#/incidents"]').getByText('Incidents').waitFor({ timeout: 20000 });
    expect(await s.page.evaluate(() => document.documentElement.lang)).toBe('en');
    // a Chinese profile after choosing English on this device: the device's choice stays
    await s.page.locator('[data-testid="locale-switcher"] button').click();
    await s.page.getByRole('menuitem', { name: '中文' }).click();
    await s.page.locator('a.RaMenuItemLink-root[href="#/incidents"]').getByText('事件').waitFor({ timeout: 20000 });
    // the session ends (the tokens go, this device's choice stays) and the same user signs in again
    await s.page.evaluate(() => ['accessToken', 'refreshToken', 'user'].forEach((k) => window.localStorage.removeItem(`incidentDesk.${k}`)));
    const fresh = await s.context.newPage();
    await signIn(fresh, s.server.url, 'consultant2@demo.test');
    // chosen here: Chinese, although the profile says English
    await fresh.locator('a.RaMenuItemLink-root[href="#/incidents"]').getByText('事件').waitFor({ timeout: 20000 });
    expect(await fresh.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});
