import type { Page } from 'playwright-core';
import '../support/locator-matchers';
import { browserSuite, signIn } from '../support/browser';

/**
 * The incident screens in Chromium against the real server with the demo data: a consultant opens an incident,
 * completes the triage checklist, moves it to responding and sees the reporting countdown; the client admin
 * follows it in the portal without the internal notes.
 */
describe('incident response (browser)', () => {
  const s = browserSuite('browser_incidents');
  const title = `浏览器测试：会员数据库疑似泄露 ${Date.now() % 100000}`;
  const internalNote = `内部备注：怀疑是离职员工所为 ${Date.now() % 1000}`;
  let incidentHash = '';

  it('lets a consultant open an incident, finish triage, move to responding and see the reporting countdown', async () => {
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents/create`);
    await chooseClient(s.page, '上海浦江智联科技有限公司');
    await s.page.locator('input[name="title"]').fill(title);
    await s.page.locator('input[name="detectedAt"]').fill(localDateTime(new Date(Date.now() - 30 * 60_000)));
    await s.page.locator('input[name="personalInfoInvolved"]').check();
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => /#\/incidents\/[0-9a-f-]{36}(\/show)?/.test(location.hash), undefined, { timeout: 20000 });
    incidentHash = await s.page.evaluate(() => location.hash);
    await expect(s.page.locator('[data-testid="incident-status"]')).toHaveText(/研判|triage/i);

    // the triage checklist: every required task done
    const required = s.page.locator('[data-testid="task"][data-phase="triage"][data-required="true"]');
    await expect(required.first()).toBeVisible({ timeout: 20000 });
    const n = await required.count();
    expect(n).toBeGreaterThan(0);
    for (let k = 0; k < n; k++) {
      const row = s.page.locator('[data-testid="task"][data-phase="triage"][data-required="true"]').nth(k);
      if ((await row.getAttribute('data-status')) === 'done') continue;
      await row.locator('[data-testid="task-done"]').click();
      await expect(row).toHaveAttribute('data-status', 'done');
    }

    // an internal note the client must never see
    await s.page.locator('textarea[name="body"]').first().fill(internalNote);
    await s.page.locator('[data-testid="timeline-add"]').click();
    await expect(s.page.locator('[data-testid="timeline-entry"][data-visibility="internal"]').filter({ hasText: internalNote })).toHaveCount(1);

    await s.page.locator('[data-testid="transition-responding"]').click();
    const confirm = s.page.locator('[data-testid="transition-confirm"]');
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    await expect(s.page.locator('[data-testid="incident-status"]')).toHaveText(/响应|responding/i);

    // the PIPL clock runs: a countdown that ticks
    const selector = '[data-testid="obligation"][data-rule="pipl_notify_authority"] [data-testid="countdown"]';
    const countdown = s.page.locator(selector);
    await expect(countdown).toBeVisible();
    const first = (await countdown.first().textContent()) ?? '';
    expect(first).toMatch(/\d/);
    await s.page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was, [selector, first] as const, { timeout: 5000 });
  });

  it('shows the client admin the incident in the portal without internal notes', async () => {
    expect(incidentHash).not.toBe('');
    await signIn(s.page, s.server.url, 'client-admin@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents`);
    await s.page.getByText(title).first().click();
    await expect(s.page.locator('[data-testid="incident-status"]')).toHaveText(/响应|responding/i);
    await expect(s.page.locator('[data-testid="timeline-entry"]').first()).toBeVisible();
    await expect(s.page.locator('[data-testid="timeline-entry"][data-visibility="internal"]')).toHaveCount(0);
    await expect(s.page.getByText(internalNote)).toHaveCount(0);
    expect(await s.page.content()).not.toContain(internalNote);
    // nor anything else the portal must not offer
    await expect(s.page.locator('[data-testid="task-done"]')).toHaveCount(0);
    await expect(s.page.locator('[data-testid^="transition-"]')).toHaveCount(0);
    // the client's own comment goes on the timeline as a client entry
    const comment = `客户补充：已通知法务 ${Date.now() % 1000}`;
    await s.page.locator('textarea[name="body"]').first().fill(comment);
    await s.page.locator('[data-testid="timeline-add"]').click();
    await expect(s.page.locator('[data-testid="timeline-entry"][data-visibility="client"]').filter({ hasText: comment })).toHaveCount(1);
  });
});

/** yyyy-MM-ddTHH:mm in the browser's zone (Asia/Shanghai), the value a datetime-local input takes */
function localDateTime(d: Date): string {
  const p = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  return p.replace(' ', 'T');
}

async function chooseClient(page: Page, name: string) {
  const input = page.locator('input[name="clientId"]');
  if ((await input.getAttribute('type')) === 'hidden' || !(await input.isVisible())) {
    // a select: open it and pick the option
    await page.locator('#clientId, [id^="clientId"]').first().click();
    await page.getByRole('option', { name }).click();
  } else {
    await input.fill(name.slice(0, 4));
    await page.getByRole('option', { name }).click();
  }
}
