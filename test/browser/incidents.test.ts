import type { Page } from 'playwright-core';
import '../support/locator-matchers';
import { apiAs, browserSuite, signIn } from '../support/browser';

/**
 * The incident screens in Chromium against the real server with the demo data: a consultant opens an incident,
 * completes the triage checklist, moves it to responding and sees the reporting countdown; the client admin
 * follows it in the portal without the internal notes.
 */
describe('incident response (browser)', () => {
  const s = browserSuite('browser_incidents');
  const title = `浏览器测试：会员数据库疑似泄露 ${Date.now() % 100000}`;
  const internalNote = `内部备注：怀疑是离职员工所为 ${Date.now() % 1000}`;

  it('lets a consultant open an incident, finish triage, move to responding and see the reporting countdown', async () => {
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents/create`);
    await chooseClient(s.page, '上海浦江智联科技有限公司');
    await s.page.locator('input[name="title"]').fill(title);
    // the detection time starts the reporting clocks: it is not filled in for the user, and cannot be left out
    expect(await s.page.locator('input[name="detectedAt"]').inputValue()).toBe('');
    await s.page.locator('button[type="submit"]').click();
    await expect(s.page.locator('.MuiFormHelperText-root.Mui-error').filter({ hasText: '必填' })).toBeVisible();
    expect(await s.page.evaluate(() => location.hash)).toBe('#/incidents/create');
    // "just now" fills in the current time in the firm's zone, in one tap
    await s.page.locator('[data-testid="detected-now"]').click();
    const now = localDateTime(new Date());
    const filled = await s.page.locator('input[name="detectedAt"]').inputValue();
    expect(Math.abs(Date.parse(`${filled}:00+08:00`) - Date.parse(`${now}:00+08:00`))).toBeLessThanOrEqual(60_000);
    await s.page.locator('input[name="detectedAt"]').fill(localDateTime(new Date(Date.now() - 30 * 60_000)));
    await s.page.locator('input[name="personalInfoInvolved"]').check();
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => /#\/incidents\/[0-9a-f-]{36}(\/show)?/.test(location.hash), undefined, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="incident-status"]')).toHaveText(/研判|triage/i);
    // only the current phase's checklist is open
    await expect(s.page.locator('[data-testid="checklist-phase"][data-expanded="true"]')).toHaveCount(1);
    await expect(s.page.locator('[data-testid="checklist-phase"][data-phase="triage"]')).toHaveAttribute('data-expanded', 'true');

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

    const move = s.page.locator('[data-testid="transition-responding"]');
    // a sentence, not "TO RESPONDING" in capitals
    expect(await move.evaluate((el) => getComputedStyle(el).textTransform)).toBe('none');
    await move.click();
    const confirm = s.page.locator('[data-testid="transition-confirm"]');
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    await expect(s.page.locator('[data-testid="incident-status"]')).toHaveText(/响应|responding/i);
    // the new phase opens, the finished one closes
    await expect(s.page.locator('[data-testid="checklist-phase"][data-phase="responding"]')).toHaveAttribute('data-expanded', 'true');
    await expect(s.page.locator('[data-testid="checklist-phase"][data-phase="triage"]')).toHaveAttribute('data-expanded', 'false');
    await expect(s.page.locator('[data-testid="checklist-phase"][data-expanded="true"]')).toHaveCount(1);

    // the PIPL clock runs: a countdown that ticks
    const selector = '[data-testid="obligation"][data-rule="pipl_notify_authority"] [data-testid="countdown"]';
    const countdown = s.page.locator(selector);
    await expect(countdown).toBeVisible();
    const first = (await countdown.first().textContent()) ?? '';
    expect(first).toMatch(/\d/);
    await s.page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was, [selector, first] as const, { timeout: 5000 });
  });

  it('shows the client admin the incident in the portal without internal notes', async () => {
    // an incident of this test's own, in responding, with an internal note (through the API)
    const consultant = await apiAs(s.server.url, 'consultant@demo.test');
    const [pujiang] = (await consultant.list<{ id: string; name: string }>('clients', { q: '浦江' })).body;
    const portalTitle = `门户测试：客户数据疑似外泄 ${Date.now() % 100000}`;
    const incident = await consultant.post<{ id: string }>('/incidents', {
      clientId: pujiang.id, title: portalTitle, detectedAt: new Date(Date.now() - 3600_000).toISOString(), personalInfoInvolved: true,
    });
    const tasks = (await consultant.list<{ id: string; phase: string; required: boolean }>('tasks', { incidentId: incident.id }, [0, 999])).body;
    for (const t of tasks.filter((x) => x.phase === 'triage' && x.required)) await consultant.put(`/tasks/${t.id}`, { status: 'done' });
    await consultant.post('/timeline', { incidentId: incident.id, body: internalNote, visibility: 'internal' });
    await consultant.post(`/incidents/${incident.id}/transition`, { to: 'responding' });

    await signIn(s.page, s.server.url, 'client-admin@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents`);
    await s.page.getByText(portalTitle).first().click();
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

  it('renders a long timeline as far as it is seen, and the rest as the reader scrolls down to it', async () => {
    const consultant = await apiAs(s.server.url, 'consultant@demo.test');
    const [pujiang] = (await consultant.list<{ id: string }>('clients', { q: '浦江' })).body;
    const incident = await consultant.post<{ id: string }>('/incidents', {
      clientId: pujiang.id, title: `长时间线测试 ${Date.now() % 100000}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    for (let n = 1; n <= 80; n++) await consultant.post('/timeline', { incidentId: incident.id, body: `进展记录 ${n}`, visibility: 'internal' });
    const total = (await consultant.list('timeline', { incidentId: incident.id }, [0, 999])).body.length;
    expect(total).toBeGreaterThan(80);

    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents/${incident.id}/show`);
    const entries = s.page.locator('[data-testid="timeline-entry"]');
    // the newest first, and only a part of them: the page does not draw what nobody has scrolled to
    await expect(entries.first()).toContainText('进展记录 80', { timeout: 20000 });
    await s.page.waitForLoadState('networkidle');
    const drawn = await entries.count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(total);
    await expect(s.page.locator('[data-testid="timeline"] [data-testid="list-more"]')).toHaveCount(1);
    // scrolling down draws the rest, in order, the oldest last
    for (let k = 0; k < 20 && (await entries.count()) < total; k++) {
      await s.page.locator('[data-testid="timeline"] [data-testid="list-more"]').scrollIntoViewIfNeeded();
      await s.page.waitForTimeout(100);
    }
    await expect(entries).toHaveCount(total);
    await expect(s.page.locator('[data-testid="timeline"] [data-testid="list-more"]')).toHaveCount(0);
    expect(await entries.nth(1).textContent()).toMatch(/进展记录 79(?!\d)/);
    expect(await entries.nth(total - 2).textContent()).toMatch(/进展记录 1(?!\d)/);
  });

  it('numbers the checklist in each phase and shows each task\'s procedure item as a reference, in the reader\'s numerals', async () => {
    const consultant = await apiAs(s.server.url, 'consultant@demo.test');
    const [pujiang] = (await consultant.list<{ id: string }>('clients', { q: '浦江' })).body;
    const incident = await consultant.post<{ id: string }>('/incidents', {
      clientId: pujiang.id, title: `编号测试 ${Date.now() % 100000}`, detectedAt: new Date(Date.now() - 600_000).toISOString(),
    });
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents/${incident.id}/show`);
    const triage = s.page.locator('[data-testid="task"][data-phase="triage"]');
    await expect(triage.first()).toBeVisible({ timeout: 20000 });
    const numbers = await triage.locator('[data-testid="task-number"]').allTextContents();
    expect(numbers).toEqual(numbers.map((_, n) => `${n + 1}.`));
    // two triage tasks come from item 一.2 of the procedure: a shared reference, not a shared number
    const refs = await triage.locator('[data-testid="task-section"]').allTextContents();
    expect(refs.filter((r) => r === '依据 一.2')).toHaveLength(2);
    // in English: "§ 1.2"
    await s.page.locator('[data-testid="locale-switcher"] button').click();
    await s.page.getByRole('menuitem', { name: 'English' }).click();
    await expect(triage.locator('[data-testid="task-section"]').first()).toHaveText('§ 1.1');
    expect(await triage.locator('[data-testid="task-section"]').allTextContents()).toEqual(expect.arrayContaining(['§ 1.2', '§ 1.2']));
  });
});

/**
 * How the incident page is reached fast: the sign-in request goes out before the app's chunks (which would otherwise
 * hold the browser's connections to the server while the password is checked), and a row of the incident list asks for
 * the page's lists (checklist, timeline, clocks) when it is pointed at, which the page then shows without asking again.
 */
describe('incident page loading (browser)', () => {
  const s = browserSuite('browser_incident_loading');

  /** the API requests of the page, as `path incidentId` (the filter's incident, when there is one), in order */
  const apiRequests = (page: Page) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/assets/')) return;
      const filter = url.searchParams.get('filter');
      const incidentId = filter ? (JSON.parse(filter) as { incidentId?: string }).incidentId : undefined;
      seen.push(`${r.method()} ${url.pathname}${incidentId ? ` ${incidentId}` : ''}`);
    });
    return seen;
  };

  it('sends the sign-in request before loading the app behind the sign-in page', async () => {
    await s.page.goto(`${s.server.url}/#/login`);
    await s.page.locator('input[name="email"]').fill('manager@demo.test');
    await s.page.locator('input[name="password"]').fill('demo-pass-2026');
    await s.page.waitForLoadState('networkidle');
    const seen = apiRequests(s.page);
    await s.page.locator('button[type="submit"]').click();
    await s.page.waitForFunction(() => !location.hash.includes('login'), undefined, { timeout: 20000 });
    // the app's chunks load meanwhile (asked for after it), not after the answer
    expect(seen[0]).toBe('POST /api/auth/login');
    expect(seen.filter((r) => r.startsWith('GET /assets/')).length).toBeGreaterThan(3);
  });

  it("asks for an incident's checklist, timeline and clocks when its row is pointed at, and its page shows them without asking again", async () => {
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await s.page.goto(`${s.server.url}/#/incidents`);
    const row = s.page.locator('[data-testid="list-row"]').first();
    await row.waitFor({ timeout: 20000 });
    await s.page.waitForLoadState('networkidle');
    const id = (await row.getAttribute('data-id'))!;
    const seen = apiRequests(s.page);
    const lists = ['GET /api/tasks', 'GET /api/timeline', 'GET /api/obligations'].map((r) => `${r} ${id}`);
    await row.locator('td').nth(1).hover();
    for (let n = 0; n < 100 && !lists.every((r) => seen.includes(r)); n++) await s.page.waitForTimeout(100);
    expect(lists.filter((r) => seen.includes(r))).toEqual(lists);
    // still on the list: pointing is not opening
    expect(await s.page.evaluate(() => location.hash)).toBe('#/incidents');

    await row.locator('td').nth(1).click();
    // the page drawn with its lists (the checklist's tasks are those of the current phase: a closed incident opens none)
    await s.page.locator('[data-testid="checklist"]').waitFor({ timeout: 20000 });
    await expect(s.page.locator('[data-testid="timeline-entry"]').first()).toBeVisible();
    await s.page.waitForLoadState('networkidle');
    expect(lists.map((r) => seen.filter((x) => x === r).length)).toEqual([1, 1, 1]);
    // the record itself is asked for by its page
    expect(seen).toContain(`GET /api/incidents/${id}`);
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
