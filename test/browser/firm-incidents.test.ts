import type { Page } from 'playwright-core';
import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';

/**
 * A breach at the firm itself (issue 18) in Chromium against the real server with the demo data: a manager opens it for
 * five clients, posts one client update, sees every client's clocks and does a checklist task for all five at once; a client admin of one of them sees only their
 * own incident, with the update, and nothing of the other clients.
 */
describe('firm breach (browser)', () => {
  const s = browserSuite('browser_firm_incidents');
  const title = `本所资料库泄露演示 ${Date.now() % 100000}`;
  const update = `我所已控制泄露源，正在逐一核查 ${Date.now() % 1000}`;
  const clients = ['上海浦江智联科技有限公司', '上海申城轨道交通运营有限公司', '上海市徐汇区数据资源管理中心', '上海汇金融资租赁有限公司', '上海康达医疗器械有限公司'];
  let reference = '';

  it('lets a manager open a breach for five clients, post one client update and see each client\'s clocks', async () => {
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/firm-incidents/create`);
    await s.page.locator('input[name="title"]').fill(title);
    await s.page.locator('input[name="detectedAt"]').fill(localDateTime(new Date(Date.now() - 20 * 60_000)));
    for (const name of clients) await chooseClient(s.page, name);
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => /#\/firm-incidents\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 30000 });
    reference = (await s.page.locator('[data-testid="firm-incident-reference"]').textContent()) ?? '';
    expect(reference).toMatch(/^FIRM-\d{4}-\d{4}/);
    await expect(s.page.locator('[data-testid="firm-incident-child"]')).toHaveCount(5);
    // every client's PIPL clock in the one table, each with a live countdown
    for (const name of clients) {
      const clock = s.page.locator(`[data-testid="firm-incident-clock"][data-client="${name}"][data-rule="pipl_notify_authority"]`);
      await expect(clock).toHaveCount(1);
      await expect(clock.locator('[data-testid="countdown"]')).toBeVisible();
    }
    await s.page.locator('[data-testid="firm-update-body"]').fill(update);
    await s.page.locator('[data-testid="firm-update-send"]').click();
    await expect(s.page.getByText(/已向 5 个客户发布通报|Update posted to 5 clients/)).toBeVisible();
    // the breach's checklist: one task done for all five clients at once, and the breach's own timeline says so
    const confirm = s.page.locator('[data-testid="firm-incident-task"][data-key="triage.confirm"]');
    await expect(confirm).toHaveAttribute('data-done', '0');
    await confirm.locator('[data-testid="firm-task-done"]').click();
    await expect(confirm).toHaveAttribute('data-done', '5');
    for (const kind of ['task', 'client_update', 'created']) await expect(s.page.locator(`[data-testid="firm-incident-event"][data-kind="${kind}"]`)).toHaveCount(1);
  });

  it('shows a client admin of one of them only their own incident, with the update', async () => {
    expect(reference).not.toBe('');
    await signIn(s.page, s.server.url, 'client-admin2@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents`);
    await expect(s.page.getByText(title)).toHaveCount(1);
    await s.page.getByText(title).click();
    await expect(s.page.locator('[data-testid="timeline-entry"]').filter({ hasText: update })).toHaveCount(1);
    const html = await s.page.content();
    expect(html).not.toContain(reference);
    for (const other of clients.filter((c) => c !== '上海市徐汇区数据资源管理中心')) expect(html).not.toContain(other);
    // the firm's breaches are not theirs to open
    await s.page.goto(`${s.server.url}/#/firm-incidents`);
    await expect(s.page.getByText(title)).toHaveCount(0);
  });
});

/** yyyy-MM-ddTHH:mm in the browser's zone (Asia/Shanghai), the value a datetime-local input takes */
function localDateTime(d: Date): string {
  const p = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  return p.replace(' ', 'T');
}

async function chooseClient(page: Page, name: string) {
  const input = page.locator('.ra-input-affectedClientIds input');
  await input.click();
  await input.fill(name.slice(0, 6));
  await page.getByRole('option', { name }).click();
}
