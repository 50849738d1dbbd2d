import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';
import { startReceiver } from '../support/notify';

/**
 * Notifications in Chromium against the real server with the demo data (which has a few for every demo user): the
 * bell's unread count and the tab title, reading one (it opens its record, the count drops), my notification
 * settings, and a manager's channel page with its test button, against a webhook receiver on 127.0.0.1.
 */
describe('notifications (browser)', () => {
  const s = browserSuite('browser_notifications', { env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true' }, context: { viewport: { width: 1400, height: 1000 } } });

  async function apiAs(email: string) {
    const res = await fetch(`${s.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'demo-pass-2026' }),
    });
    expect(res.status).toBe(200);
    const session = (await res.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' };
    const call = async <T>(path: string, init: RequestInit = {}) => {
      const r = await fetch(`${s.server.url}/api${path}`, { ...init, headers });
      const body = (await r.json()) as T;
      if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)}`);
      return { body, total: Number((r.headers.get('content-range') ?? '/0').split('/')[1]) };
    };
    return {
      unread: async () => (await call<unknown[]>(`/notifications?${new URLSearchParams({ filter: '{"unread":true}', range: '[0,0]' })}`)).total,
      get: <T>(path: string) => call<T>(path).then((r) => r.body),
      post: <T>(path: string, data: unknown) => call<T>(path, { method: 'POST', body: JSON.stringify(data) }).then((r) => r.body),
    };
  }

  const bell = () => s.page.locator('[data-testid="notification-bell"]');

  it('shows the unread count on the bell and in the tab title; reading one opens its record and the count drops', async () => {
    const api = await apiAs('consultant@demo.test');
    const unread = await api.unread();
    expect(unread).toBeGreaterThan(1);
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await expect(bell()).toHaveAttribute('data-count', String(unread), { timeout: 20000 });
    await s.page.waitForFunction((n) => document.title.startsWith(`(${n}) `), unread);

    await bell().click();
    await s.page.waitForFunction(() => location.hash.startsWith('#/notifications'));
    const first = s.page.locator('[data-testid="notification-row"][data-unread="true"]').first();
    await expect(first).toBeVisible({ timeout: 20000 });
    await first.click();
    // its record opens (an incident, a communication, …), and the server knows it is read
    await s.page.waitForFunction(() => /^#\/(incidents|communications|actions|trainings|evaluations)/.test(location.hash), undefined, { timeout: 20000 });
    expect(await api.unread()).toBe(unread - 1);
    await expect(bell()).toHaveAttribute('data-count', String(unread - 1), { timeout: 20000 });
    await s.page.waitForFunction((n) => document.title.startsWith(`(${n}) `), unread - 1);

    // mark all read: no count, no number in the title
    await bell().click();
    await s.page.locator('[data-testid="notifications-read-all"]').click();
    await expect(bell()).toHaveAttribute('data-count', '0', { timeout: 20000 });
    await s.page.waitForFunction(() => !/^\(\d+/.test(document.title));
    expect(await api.unread()).toBe(0);
  });

  it('edits my notification settings; what is never muted cannot be unticked', async () => {
    const api = await apiAs('consultant2@demo.test');
    await signIn(s.page, s.server.url, 'consultant2@demo.test');
    await s.page.goto(`${s.server.url}/#/notification-preferences`);
    const overdueInApp = s.page.locator('[data-testid="preference-obligation_overdue-inApp"]');
    await expect(overdueInApp).toBeVisible({ timeout: 20000 });
    expect([await overdueInApp.isDisabled(), await overdueInApp.isChecked()]).toEqual([true, true]);
    const overdueEmail = s.page.locator('[data-testid="preference-obligation_overdue-email"]');
    expect([await overdueEmail.isDisabled(), await overdueEmail.isChecked()]).toEqual([true, true]);
    const taskEmail = s.page.locator('[data-testid="preference-task_assigned-email"]');
    const before = (await api.get<{ preferences: { kind: string; email: boolean }[] }>('/notification-preferences')).preferences.find((p) => p.kind === 'task_assigned')!.email;
    expect([await taskEmail.isDisabled(), await taskEmail.isChecked()]).toEqual([false, before]);
    await taskEmail.click();
    await s.page.locator('[data-testid="preferences-save"]').click();
    await s.page.waitForFunction(() => document.body.innerText.includes('通知设置已保存') || document.body.innerText.includes('Notification settings saved'), undefined, { timeout: 20000 });
    const after = (await api.get<{ preferences: { kind: string; email: boolean }[] }>('/notification-preferences')).preferences.find((p) => p.kind === 'task_assigned')!.email;
    expect(after).toBe(!before);
    // again after a reload: what was saved
    await s.page.reload();
    await expect(s.page.locator('[data-testid="preference-task_assigned-email"]')).toBeVisible({ timeout: 20000 });
    expect(await s.page.locator('[data-testid="preference-task_assigned-email"]').isChecked()).toBe(after);
  });

  it('lets a manager test a channel from its page, see the delivery, and set the firm\'s alerting settings', async () => {
    const receiver = await startReceiver();
    try {
      const api = await apiAs('manager@demo.test');
      const channel = await api.post<{ id: string }>('/notification-channels', {
        name: '浏览器测试 Webhook', kind: 'webhook', url: `${receiver.base}/browser-hook`, secret: 'a-webhook-secret-for-browser', active: false,
      });
      await signIn(s.page, s.server.url, 'manager@demo.test');
      await s.page.goto(`${s.server.url}/#/notification-channels`);
      const row = s.page.locator('tr', { hasText: '浏览器测试 Webhook' });
      await expect(row).toBeVisible({ timeout: 20000 });
      await row.locator('[data-testid="channel-test"]').click();
      await s.page.waitForFunction(() => document.body.innerText.includes('测试消息已送达'), undefined, { timeout: 20000 });
      expect(receiver.requests.filter((r) => r.url === '/browser-hook').length).toBe(1);
      // the delivery, as managers see it
      await s.page.goto(`${s.server.url}/#/notification-deliveries`);
      const delivery = s.page.locator('tr', { hasText: '浏览器测试 Webhook' }).first();
      await expect(delivery).toBeVisible({ timeout: 20000 });
      await expect(delivery.locator('[data-testid="delivery-status"]')).toHaveAttribute('data-status', 'sent');
      // the edit page has the button too
      await s.page.goto(`${s.server.url}/#/notification-channels/${channel.id}`);
      await expect(s.page.locator('[data-testid="channel-test"]')).toBeVisible({ timeout: 20000 });
      // the firm's alerting settings, from the channels page
      await s.page.goto(`${s.server.url}/#/notification-channels`);
      await s.page.locator('[data-testid="open-notification-settings"]').click();
      const ack = s.page.locator('[data-testid="setting-acknowledgeMinutes"]');
      await expect(ack).toBeVisible({ timeout: 20000 });
      await ack.fill('0');
      await s.page.locator('[data-testid="settings-save"]').click();
      await expect(s.page.locator('[data-testid="notification-settings"]')).toContainText('must be a whole number of minutes', { timeout: 20000 });
      await ack.fill('25');
      await s.page.locator('[data-testid="settings-save"]').click();
      await s.page.waitForFunction(() => document.body.innerText.includes('提醒设置已保存'), undefined, { timeout: 20000 });
      expect((await api.get<{ alerting: { acknowledgeMinutes: number } }>('/notification-settings')).alerting.acknowledgeMinutes).toBe(25);
    } finally {
      await receiver.close();
    }
  });
});
