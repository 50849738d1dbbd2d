import '../support/locator-matchers';
import { apiAs as browserApi, browserSuite, signIn } from '../support/browser';
import { startReceiver } from '../support/notify';

/**
 * Notifications in Chromium against the real server with the demo data (which has a few for every demo user): the
 * bell's unread count and the tab title, reading one (it opens its record, the count drops), my notification
 * settings, and a manager's channel page with its test button, against a webhook receiver on 127.0.0.1.
 */
describe('notifications (browser)', () => {
  const s = browserSuite('browser_notifications', { env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true' }, context: { viewport: { width: 1400, height: 1000 } } });

  /** The API as a demo user, with the unread count and a list's total. */
  async function apiAs(email: string) {
    const api = await browserApi(s.server.url, email);
    return {
      ...api,
      unread: async () => (await api.list('notifications', { unread: true }, [0, 0])).total,
      total: async (resource: string, filter: Record<string, unknown>) => (await api.list(resource, filter, [0, 0])).total,
      rows: async <T>(resource: string, filter: Record<string, unknown>) => (await api.list<T>(resource, filter)).body,
    };
  }

  const bell = () => s.page.locator('[data-testid="notification-bell"]');

  /**
   * Signs in and checks each line of the dashboard's "my work" card (and the `extra` ones) against the server's total of
   * the list it opens; the API as that user.
   */
  async function checkMyWork(email: string, extra: Record<string, readonly [string, Record<string, unknown>]> = {}) {
    const api = await apiAs(email);
    const filters: Record<string, readonly [string, Record<string, unknown>]> = {
      tasks: ['tasks', { assigneeId: api.userId, status: ['todo', 'doing'] }],
      approvals: ['communications', { awaitingMyApproval: true }],
      deadlines: ['obligations', { mine: true, status: ['pending', 'overdue'] }],
      reports: ['incidents', { unacknowledged: true }],
      ...extra,
    };
    await signIn(s.page, s.server.url, email);
    for (const [k, [resource, filter]] of Object.entries(filters)) {
      const total = await api.total(resource, filter);
      await expect(s.page.locator(`[data-testid="my-work-${k}"]`)).toHaveAttribute('data-count', String(total), { timeout: 20000 });
    }
    return api;
  }

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

  it('shows a consultant their work, each count the server\'s and opening its list; the task assignee is set on the checklist', async () => {
    const api = await checkMyWork('consultant@demo.test');
    const me = api.userId;
    await s.page.locator('[data-testid="my-work-deadlines"]').click();
    await s.page.waitForFunction(() => location.hash.startsWith('#/obligations') && decodeURIComponent(location.hash).includes('"mine":true'), undefined, { timeout: 20000 });

    // an incident I lead: assign one of its open tasks to me on the checklist. Not a client's report still waiting for
    // the firm: any staff action acknowledges one, and the manager's test below counts the demo's (tests share the
    // suite's database, and which led incident comes first depends on the run)
    const waiting = new Set((await api.rows<{ id: string }>('incidents', { unacknowledged: true })).map((i) => i.id));
    const incident = (await api.rows<{ id: string }>('incidents', { leadId: me, open: true })).find((i) => !waiting.has(i.id))!;
    expect(incident).toBeDefined();
    const open = await api.rows<{ id: string; assigneeId: string | null; status: string }>('tasks', { incidentId: incident.id, status: ['todo', 'doing'] });
    await s.page.goto(`${s.server.url}/#/incidents/${incident.id}/show`);
    const row = s.page.locator('[data-testid="task"]', { has: s.page.locator('[data-testid="task-assignee"]') }).filter({ has: s.page.locator('[data-testid="task-done"]') }).first();
    await expect(row).toBeVisible({ timeout: 20000 });
    const taskId = (await row.getAttribute('data-task-id'))!;
    expect(open.map((t) => t.id)).toContain(taskId);
    await row.locator('[data-testid="task-assignee"]').selectOption('');
    await s.page.waitForTimeout(500);
    await row.locator('[data-testid="task-assignee"]').selectOption(me);
    await expect(row.locator('[data-testid="task-assignee"]')).toBeVisible();
    const deadline = Date.now() + 20000;
    let assignee: string | null = null;
    while (Date.now() < deadline) {
      assignee = (await api.get<{ assigneeId: string | null }>(`/tasks/${taskId}`)).assigneeId;
      if (assignee === me) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(assignee).toBe(me);
  });

  it('shows a manager their work too, with the deliveries that failed, each count the server\'s and opening its list', async () => {
    await checkMyWork('manager@demo.test', { deliveries: ['notification-deliveries', { status: ['failed', 'dead'] }] });
    await expect(s.page.locator('[data-testid="dashboard-manager"] [data-testid="dashboard-my-work"]')).toBeVisible();
    // the demo's client report waits for the firm: the manager's count has it, and it opens the list of them
    expect(Number(await s.page.locator('[data-testid="my-work-reports"]').getAttribute('data-count'))).toBeGreaterThan(0);
    await s.page.locator('[data-testid="my-work-reports"]').click();
    await s.page.waitForFunction(() => location.hash.startsWith('#/incidents') && decodeURIComponent(location.hash).includes('"unacknowledged":true'), undefined, { timeout: 20000 });
    await s.page.goBack();
    await s.page.locator('[data-testid="my-work-deliveries"]').click();
    await s.page.waitForFunction(() => location.hash.startsWith('#/notification-deliveries') && decodeURIComponent(location.hash).includes('"failed"'), undefined, { timeout: 20000 });
  });

  it('shows a client\'s primary consultant among its assignments, and a manager makes another one primary', async () => {
    const api = await apiAs('manager@demo.test');
    const consultant2 = (await api.rows<{ id: string; email: string; name: string }>('users', { role: 'consultant' })).find((u) => u.email === 'consultant2@demo.test')!;
    // a client another consultant is primary for
    const first = (await api.rows<{ id: string; clientId: string; consultantId: string; primary: boolean }>('assignments', { primary: true })).find((a) => a.consultantId !== consultant2.id)!;
    const added = await api.post<{ id: string; primary: boolean }>('/assignments', { consultantId: consultant2.id, clientId: first.clientId });
    expect(added.primary).toBe(false);
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/assignments?${new URLSearchParams({ filter: JSON.stringify({ clientId: first.clientId }) })}`);
    const rows = s.page.locator('table tbody tr');
    await expect(rows).toHaveCount(2, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="assignment-primary"]')).toHaveCount(1);
    await expect(s.page.locator('[data-testid="make-primary"]')).toHaveCount(1);
    await s.page.locator('[data-testid="make-primary"]').click();
    await expect(s.page.locator('[data-testid="make-primary"]')).toHaveCount(1, { timeout: 20000 });
    const deadline = Date.now() + 20000;
    let now: { id: string; primary: boolean }[] = [];
    while (Date.now() < deadline) {
      now = await api.rows('assignments', { clientId: first.clientId });
      if (now.find((a) => a.id === added.id)?.primary) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(now.filter((a) => a.primary).map((a) => a.id)).toEqual([added.id]);
    // the page shows it: the chip on the new primary's row, the button on the one before
    await expect(s.page.locator('tr', { has: s.page.locator('[data-testid="assignment-primary"]') })).toContainText(consultant2.name, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="assignment-primary"]')).toHaveCount(1);
  });
});
