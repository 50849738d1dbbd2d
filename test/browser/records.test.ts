import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ENUM_LABELS } from '@incident-desk/shared';
import '../support/locator-matchers';
import { launchBrowser, loopbackContext, signIn, startDemoServer, watchCsp, type RunningServer } from '../support/browser';

/**
 * The records around an incident in Chromium against the real server with the demo data: a regulator notice written
 * from the template, approved by a manager (never its author), sent, and the PIPL obligation it fulfils marked met;
 * the client admin acknowledging a communication in the portal; the client page's trainings, evaluations and actions.
 */
describe('communications, acknowledgements and client records (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  /** requests to anything but the server under test (aborted, and the test fails) */
  let elsewhere: string[] = [];
  /** Content-Security-Policy violations in the test's pages (and the test fails) */
  let csp: string[] = [];

  const PUJIANG = '上海浦江智联科技有限公司';
  const XUHUI = '上海市徐汇区数据资源管理中心';
  const TEMPLATE_NAME = '个人信息安全事件报告（监管部门，个保法第五十七条）';
  const CLIENT_COMM_SUBJECT = '关于 CRM 账号异常登录的处置建议';

  beforeAll(async () => {
    server = await startDemoServer('browser_records');
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(() => {
    contexts = [];
    elsewhere = [];
    csp = [];
  });
  afterEach(async () => {
    expect(elsewhere).toEqual([]);
    expect(csp).toEqual([]);
    for (const c of contexts) await c.close();
  });

  /** A browser context of its own (nothing but the server under test may be reached), signed in as `email`. */
  async function as(email: string): Promise<Page> {
    const context = await loopbackContext(browser, server.url, elsewhere, { viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    await watchCsp(context, csp);
    const page = await context.newPage();
    await signIn(page, server.url, email);
    return page;
  }

  /** The API as `email`, from the test (to find demo records and check what the screens did). */
  async function api(email: string) {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'demo-pass-2026' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    return async <T>(path: string, query: Record<string, unknown> = {}): Promise<T> => {
      const qs = Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
      const res = await fetch(`${server.url}/api${path}${qs ? `?${qs}` : ''}`, { headers: { Authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
  }

  type Obligation = { id: string; rule: string; status: string; communicationId: string | null; fulfilledAt: string | null };
  type Incident = { id: string; reference: string; title: string; personalInfoInvolved: boolean; clientId: string };

  async function clientId(get: Awaited<ReturnType<typeof api>>, name: string): Promise<string> {
    const clients = await get<{ id: string; name: string }[]>('/clients', { filter: { q: name } });
    const client = clients.find((c) => c.name === name);
    expect(client).toBeDefined();
    return client!.id;
  }

  it('writes a regulator notice from the template, has a manager approve it, sends it and meets the PIPL obligation', async () => {
    // a demo incident of 浦江 with personal information and an open pipl_notify_authority obligation
    const get = await api('consultant@demo.test');
    const pujiang = await clientId(get, PUJIANG);
    const incidents = await get<Incident[]>('/incidents', { filter: { clientId: pujiang }, range: [0, 99] });
    let incident: Incident | undefined;
    let obligation: Obligation | undefined;
    for (const i of incidents.filter((x) => x.personalInfoInvolved)) {
      const os = await get<Obligation[]>('/obligations', { filter: { incidentId: i.id, rule: 'pipl_notify_authority' } });
      obligation = os.find((o) => o.status === 'pending' || o.status === 'overdue');
      if (obligation) {
        incident = i;
        break;
      }
    }
    expect(incident).toBeDefined();
    expect(obligation).toBeDefined();

    // the consultant writes it from the template, in Chinese: the content comes filled with the incident's facts
    const consultant = await as('consultant@demo.test');
    const source = encodeURIComponent(JSON.stringify({ incidentId: incident!.id }));
    await consultant.goto(`${server.url}/#/communications/create?source=${source}`);
    await expect(consultant.locator('input[name="incidentId"]')).toBeVisible({ timeout: 20000 });
    await consultant.locator('input[name="templateId"]').fill('个人信息安全事件报告');
    await consultant.getByRole('option', { name: TEMPLATE_NAME }).click();
    await expect(consultant.locator('[data-testid="comm-template-filled"]')).toBeVisible({ timeout: 20000 });
    const body = consultant.locator('textarea[name="body"]');
    await consultant.waitForFunction(
      (title) => ((document.querySelector('textarea[name="body"]') as HTMLTextAreaElement | null)?.value ?? '').includes(title),
      incident!.title,
      { timeout: 20000 },
    );
    const text = await body.inputValue();
    expect(text).toContain(incident!.reference);
    expect(text).toContain(PUJIANG);
    expect(text).toContain('个人信息保护法');
    expect(await consultant.locator('input[name="subject"]').inputValue()).toContain(incident!.reference);
    await consultant.locator('textarea[name="recipients"]').fill('上海市委网信办');

    // what the template leaves to the author is highlighted while editing; filled in, the list goes away
    await expect(consultant.locator('[data-testid="comm-unfilled"]')).toBeVisible();
    const prompts = await consultant.locator('[data-testid="comm-unfilled-item"]').allInnerTexts();
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.some((p) => p.startsWith('【'))).toBe(true);
    await body.fill(text.replace(/【[^】]*】/g, '已采取封堵措施并持续监测').replace(/〔待补充：[^〕]*〕/g, '不详'));
    await expect(consultant.locator('[data-testid="comm-unfilled"]')).toHaveCount(0);

    // linked to the PIPL obligation: pre-selected from the template (the first open rule it serves)
    const ruleLabel = ENUM_LABELS.obligationRule.pipl_notify_authority['zh-CN'];
    await consultant.waitForFunction(
      (label) => ((document.querySelector('input[name="obligationId"]') as HTMLInputElement | null)?.value ?? '').includes(label),
      ruleLabel,
      { timeout: 20000 },
    );
    await consultant.locator('button[type="submit"]').click();
    await consultant.waitForFunction(() => /#\/communications\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    const commHash = await consultant.evaluate(() => location.hash);
    const commId = /communications\/([0-9a-f-]{36})/.exec(commHash)![1];
    await expect(consultant.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'draft');
    // files can go with the draft
    await expect(consultant.locator('[data-testid="attachments-panel"][data-entity="communications"] [data-testid="attachment-upload"]')).toBeVisible({ timeout: 20000 });
    const comm = await get<{ obligationId: string | null; audience: string; templateId: string | null; body: string }>(`/communications/${commId}`);
    expect(comm.obligationId).toBe(obligation!.id);
    expect(comm.audience).toBe('regulator');
    expect(comm.templateId).not.toBeNull();
    expect(comm.body).toContain(incident!.title);

    // submitted for review; its author cannot approve it
    await consultant.locator('[data-testid="comm-transition-in_review"]').click();
    await expect(consultant.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'in_review');
    await expect(consultant.locator('[data-testid="comm-transition-draft"]')).toBeVisible();
    await expect(consultant.locator('[data-testid="comm-transition-approved"]')).toHaveCount(0);

    // the manager approves it
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/${commHash}`);
    await expect(manager.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'in_review', { timeout: 20000 });
    await manager.locator('[data-testid="comm-transition-approved"]').click();
    // approving asks for confirmation first
    await expect(manager.locator('[data-testid="comm-confirm-dialog"]')).toBeVisible();
    await expect(manager.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'in_review');
    await manager.locator('[data-testid="comm-confirm"]').click();
    await expect(manager.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'approved');
    await expect(manager.locator('[data-testid="comm-step-approvedAt"]')).toContainText('王敏');

    // the consultant marks it sent
    await consultant.reload();
    await expect(consultant.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'approved', { timeout: 20000 });
    await consultant.locator('[data-testid="comm-transition-sent"]').click();
    await expect(consultant.locator('[data-testid="comm-confirm-dialog"]')).toBeVisible();
    await consultant.locator('[data-testid="comm-confirm-dialog"] input[name="receiptNumber"]').fill('SH-12387-000456');
    await consultant.locator('[data-testid="comm-confirm"]').click();
    await expect(consultant.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'sent');
    await expect(consultant.locator('[data-testid="comm-receipt"]')).toHaveText('SH-12387-000456');
    await expect(consultant.locator('[data-testid="comm-step-sentAt"]')).toContainText('陈磊');
    // sent: its files are final
    await expect(consultant.locator('[data-testid="attachments-panel"][data-entity="communications"]')).toBeVisible();
    await expect(consultant.locator('[data-testid="attachment-upload"]')).toHaveCount(0);
    // the obligation line of the communication now reads met (or met late)
    const met = ENUM_LABELS.obligationStatus.met['zh-CN'];
    const metLate = ENUM_LABELS.obligationStatus.met_late['zh-CN'];
    await expect(consultant.getByText(new RegExp(`${ruleLabel} · (${met}|${metLate})`))).toBeVisible({ timeout: 20000 });

    // the incident page: the obligation is met (or met late)
    await consultant.goto(`${server.url}/#/incidents/${incident!.id}/show`);
    const row = consultant.locator('[data-testid="obligation"][data-rule="pipl_notify_authority"]');
    await expect(row).toHaveCount(1, { timeout: 20000 });
    await consultant.waitForSelector('[data-testid="obligation"][data-rule="pipl_notify_authority"][data-status^="met"]', { timeout: 20000 });
    expect(['met', 'met_late']).toContain(await row.getAttribute('data-status'));

    // and the server agrees: fulfilled by this communication
    const [after] = await get<Obligation[]>('/obligations', { filter: { id: obligation!.id } });
    expect(['met', 'met_late']).toContain(after.status);
    expect(after.communicationId).toBe(commId);
    // some thirty steps through three sessions: under a loaded machine it came within seconds of jest's 60 s
  }, 180_000);

  it('refuses a regulator notice still holding placeholders and lists them in the confirmation', async () => {
    const get = await api('consultant@demo.test');
    const comms = await get<{ id: string; status: string; audience: string; body: string }[]>('/communications', { filter: { status: 'in_review', audience: 'regulator' } });
    const waiting = comms.find((c) => c.body.includes('【'));
    expect(waiting).toBeDefined();
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/#/communications/${waiting!.id}/show`);
    await expect(manager.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'in_review', { timeout: 20000 });
    await manager.locator('[data-testid="comm-transition-approved"]').click();
    await manager.locator('[data-testid="comm-confirm"]').click();
    await expect(manager.locator('[data-testid="comm-confirm-dialog"] [data-testid="comm-unfilled"]')).toBeVisible({ timeout: 20000 });
    expect((await manager.locator('[data-testid="comm-confirm-dialog"] [data-testid="comm-unfilled-item"]').allInnerTexts()).some((p) => p.startsWith('【'))).toBe(true);
    expect(await manager.locator('[data-testid="comm-confirm"]').isDisabled()).toBe(true);
    const [still] = await get<{ status: string }[]>('/communications', { filter: { id: waiting!.id } });
    expect(still.status).toBe('in_review');
  });

  it('lets a manager waive a GDPR notification with a reason, and undo it', async () => {
    const get = await api('manager@demo.test');
    const open = (await get<Obligation[]>('/obligations', { filter: { rule: 'gdpr_art34_individuals', status: ['pending', 'overdue'] } }))[0]
      ?? (await get<Obligation[]>('/obligations', { filter: { rule: 'gdpr_art33_authority', status: ['pending', 'overdue'] } }))[0];
    expect(open).toBeDefined();
    const { incidentId } = await get<{ incidentId: string }>(`/obligations/${open.id}`);
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/#/incidents/${incidentId}/show`);
    const row = manager.locator(`[data-testid="obligation"][data-rule="${open.rule}"]`);
    await expect(row).toHaveCount(1, { timeout: 20000 });
    await row.locator('[data-testid="obligation-waive"]').click();
    const dialog = manager.locator('[data-testid="obligation-waive-dialog"]');
    await expect(dialog).toBeVisible();
    expect(await dialog.locator('[data-testid="obligation-waive-confirm"]').isDisabled()).toBe(true);
    await dialog.locator('textarea[name="reason"]').fill('泄露的数据已加密且密钥未泄露，不太可能对数据主体造成风险');
    await dialog.locator('[data-testid="obligation-waive-confirm"]').click();
    await manager.waitForSelector(`[data-testid="obligation"][data-rule="${open.rule}"][data-status="waived"]`, { timeout: 20000 });
    await expect(row.locator('[data-testid="obligation-waiver"]')).toContainText('密钥未泄露');
    const [after] = await get<(Obligation & { waiverReason: string; waiverBasis: string })[]>('/obligations', { filter: { id: open.id } });
    expect(after.status).toBe('waived');
    expect(after.waiverReason).toContain('密钥未泄露');
    expect(after.waiverBasis).toMatch(/^gdpr_3/);

    manager.once('dialog', (d) => d.accept());
    await row.locator('[data-testid="obligation-unwaive"]').click();
    await manager.waitForSelector(`[data-testid="obligation"][data-rule="${open.rule}"]:not([data-status="waived"])`, { timeout: 20000 });
  });

  it('keeps the incident report with the incident and shows it on the summary-report obligation', async () => {
    const get = await api('manager@demo.test');
    const [open] = await get<Obligation[]>('/obligations', { filter: { rule: 'prc_summary_report', status: ['pending', 'overdue'] } });
    expect(open).toBeDefined();
    const { incidentId } = await get<{ incidentId: string }>(`/obligations/${open.id}`);
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/#/incidents/${incidentId}/show`);
    const row = manager.locator('[data-testid="obligation"][data-rule="prc_summary_report"]');
    await expect(row).toHaveCount(1, { timeout: 20000 });
    await expect(row.locator('[data-testid="obligation-report"]')).toHaveCount(0);
    await manager.locator('[data-testid="incident-report-open"]').click();
    const dialog = manager.locator('[data-testid="incident-report-dialog"]');
    await expect(dialog).toBeVisible();
    await dialog.locator('[data-testid="incident-report-keep"]').click();
    await expect(dialog).toHaveCount(0, { timeout: 30000 });
    await expect(row.locator('[data-testid="obligation-report"]')).toContainText('.pdf', { timeout: 20000 });
    // the server agrees: the obligation links the file, which is the incident's
    const linked = await get<{ reportAttachmentId: string | null }>(`/obligations/${open.id}`);
    expect(linked.reportAttachmentId).toBeTruthy();
    expect(await row.locator('[data-testid="obligation-report"]').getAttribute('data-attachment-id')).toBe(linked.reportAttachmentId);
    const files = await get<{ id: string; fileName: string; report: unknown }[]>('/attachments', { filter: { entity: 'incidents', entityId: incidentId } });
    const kept = files.find((f) => f.id === linked.reportAttachmentId);
    expect(kept?.report).toMatchObject({ version: 'internal' });
    // and the incident's files list it
    await manager.locator('[data-testid="incident-tab-attachments"]').click();
    await expect(manager.locator(`[data-testid="attachment-row"][data-file-name="${kept!.fileName}"]`)).toHaveCount(1, { timeout: 20000 });
  }, 120_000);

  it('asks in the grading dialog about websites that could not be reached and shares of the population', async () => {
    const get = await api('manager@demo.test');
    const [incident] = await get<Incident[]>('/incidents', { filter: { status: 'triage' } });
    expect(incident).toBeDefined();
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/#/incidents/${incident.id}/show`);
    await manager.locator('[data-testid="grade-open"]').click();
    const dialog = manager.locator('[data-testid="grade-dialog"]');
    await expect(dialog).toBeVisible({ timeout: 20000 });
    const suggested = dialog.locator('[data-testid="suggested-grade"]');
    // 30 % of a prefecture-level city: 较大; 50 %: 重大; above 100: refused
    const share = dialog.locator('input[name="cityPopulationSharePct"]');
    await share.fill('30');
    await expect(suggested).toHaveAttribute('data-grade', 'relatively_major');
    await share.fill('50');
    await expect(suggested).toHaveAttribute('data-grade', 'major');
    await share.fill('120');
    await expect(dialog.locator('[data-testid="grade-save"]')).toHaveAttribute('disabled', '');
    await expect(share.locator('xpath=ancestor::div[contains(@class, "MuiFormControl-root")]')).toContainText('0 到 100');
    await share.fill('0');
    // a provincial government portal down 24 h: 特别重大 (the hours are asked once the kind of site is chosen)
    await expect(dialog.locator('input[name="websiteUnreachableHours"]')).toHaveCount(0);
    await dialog.locator('input[name="websiteClass"]').locator('..').getByRole('combobox').click();
    await manager.getByRole('option', { name: ENUM_LABELS.websiteClass.province_or_above['zh-CN'] }).click();
    await dialog.locator('input[name="websiteUnreachableHours"]').fill('24');
    await expect(suggested).toHaveAttribute('data-grade', 'especially_major');
    await expect(dialog.locator('[data-testid="grading-matched"]')).toContainText('省级以上党政机关门户网站');
    await dialog.getByRole('button', { name: '取消' }).click();
  }, 120_000);

  it("lets the client admin acknowledge a client-visible communication, and shows the consultant who acknowledged it and when", async () => {
    const client = await as('client-admin@demo.test');
    // the register is in the client admin's menu
    await expect(client.locator('a[href="#/communications"]')).toBeVisible({ timeout: 20000 });
    await client.locator('a[href="#/communications"]').click();
    // the row of the list (the dashboard's own line of it may still be on screen while the list loads)
    await client.locator('[data-testid="list-row"]', { hasText: CLIENT_COMM_SUBJECT }).click();
    await client.waitForFunction(() => /#\/communications\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    const commHash = await client.evaluate(() => location.hash);
    await expect(client.locator('[data-testid="comm-status"]')).toHaveAttribute('data-status', 'sent');
    // nothing of the internal flow; its files read-only (downloads, no upload)
    await expect(client.locator('[data-testid="comm-step-approvedAt"]')).toHaveCount(0);
    await expect(client.locator('[data-testid="comm-transition-sent"]')).toHaveCount(0);
    await expect(client.locator('[data-testid="attachments-panel"]')).toBeVisible({ timeout: 20000 });
    await expect(client.locator('[data-testid="attachment-upload"]')).toHaveCount(0);

    // before: the consultant sees it waiting for the acknowledgement
    const consultant = await as('consultant@demo.test');
    await consultant.goto(`${server.url}/${commHash}`);
    await expect(consultant.locator('[data-testid="comm-not-acknowledged"]')).toBeVisible({ timeout: 20000 });
    await expect(consultant.locator('[data-testid="comm-step-acknowledgedAt"]')).toHaveCount(0);
    await expect(consultant.locator('[data-testid="comm-acknowledge"]')).toHaveCount(0);

    await client.locator('[data-testid="comm-acknowledge"]').click();
    await expect(client.locator('[data-testid="comm-step-acknowledgedAt"]')).toContainText('张伟');
    await expect(client.locator('[data-testid="comm-acknowledge"]')).toHaveCount(0);

    // after: acknowledged by whom and when, in the firm's time zone
    await consultant.reload();
    const step = consultant.locator('[data-testid="comm-step-acknowledgedAt"]');
    await expect(step).toContainText('张伟', { timeout: 20000 });
    // the day of the acknowledgement as the server recorded it (not the test's clock: the two may straddle midnight)
    const { acknowledgedAt } = await (await api('consultant@demo.test'))<{ acknowledgedAt: string }>(`/communications/${/[0-9a-f-]{36}/.exec(commHash)![0]}`);
    const day = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(acknowledgedAt));
    await expect(step).toContainText(day);
    await expect(consultant.locator('[data-testid="comm-not-acknowledged"]')).toHaveCount(0);
  });

  it("shows on the client page the trainings falling due, the evaluations and the open actions, with create buttons for staff only", async () => {
    const pujiang = await clientId(await api('consultant@demo.test'), PUJIANG);

    // the consultant: everything of the client, and the buttons to add more
    const consultant = await as('consultant@demo.test');
    await consultant.goto(`${server.url}/#/clients/${pujiang}/show/trainings`);
    await expect(consultant.locator('[data-testid="client-trainings-due"]')).toContainText('年度全员网络安全意识培训', { timeout: 20000 });
    await expect(consultant.locator('[data-testid="client-trainings-due"] [data-testid="training-due"]').first()).toHaveAttribute('data-due-status', 'due_soon');
    await expect(consultant.locator('[data-testid="client-trainings-overdue"]')).toContainText('没有逾期的培训');
    await expect(consultant.locator('[data-testid="client-trainings-overdue"] [data-testid="training-due"]')).toHaveCount(0);
    await expect(consultant.locator('[data-testid="client-trainings-create"]')).toBeVisible();
    // "new training" opens the form with the client filled in
    await consultant.locator('[data-testid="client-trainings-create"]').click();
    await consultant.waitForFunction(() => location.hash.startsWith('#/trainings/create'), undefined, { timeout: 20000 });
    await consultant.waitForFunction((name) => (document.querySelector('input[name="clientId"]') as HTMLInputElement | null)?.value === name, PUJIANG, { timeout: 20000 });

    await consultant.goto(`${server.url}/#/clients/${pujiang}/show/evaluations`);
    const evaluations = consultant.locator('[data-testid="client-evaluations"] tbody tr');
    await expect(evaluations).toHaveCount(3, { timeout: 20000 });
    await expect(consultant.locator('[data-testid="client-evaluations"] [data-testid="evaluation-status"][data-value="draft"]')).toHaveCount(1);
    await expect(consultant.locator('[data-testid="client-evaluations-create"]')).toBeVisible();
    // a row opens the evaluation; a draft's files can still be added, a final one's are final
    await consultant.locator('[data-testid="client-evaluations"] [data-testid="evaluation-status"][data-value="draft"]').click();
    await consultant.waitForFunction(() => /#\/evaluations\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    await expect(consultant.locator('[data-testid="attachments-panel"][data-entity="evaluations"]')).toBeVisible({ timeout: 20000 });
    await expect(consultant.locator('[data-testid="attachment-upload"]')).toBeVisible();
    await consultant.goBack();
    await consultant.locator('[data-testid="client-evaluations"] [data-testid="evaluation-status"][data-value="final"]').first().click();
    await expect(consultant.locator('[data-testid="evaluation-new-version"]')).toBeVisible({ timeout: 20000 });
    await expect(consultant.locator('[data-testid="attachments-panel"][data-entity="evaluations"]')).toBeVisible();
    await expect(consultant.locator('[data-testid="attachment-upload"]')).toHaveCount(0);

    await consultant.goto(`${server.url}/#/clients/${pujiang}/show/actions`);
    const actions = consultant.locator('[data-testid="client-actions"]');
    await expect(actions).toContainText('登录日志接入集中日志平台', { timeout: 20000 });
    await expect(actions.locator('tbody tr').filter({ hasText: '限制客户清单导出权限' }).locator('[data-testid="action-overdue"]')).toHaveCount(1);
    expect(await actions.textContent()).not.toContain('销售账号强制启用二次验证'); // done
    await expect(consultant.locator('[data-testid="client-actions-create"]')).toBeVisible();
    // a row opens the action
    await actions.getByText('限制客户清单导出权限').click();
    await consultant.waitForFunction(() => /#\/actions\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });

    // the client admin: only what is shared with them, and no create buttons
    const client = await as('client-admin@demo.test');
    await client.goto(`${server.url}/#/clients/${pujiang}/show/evaluations`);
    await expect(client.locator('[data-testid="client-evaluations"] tbody tr')).toHaveCount(2, { timeout: 20000 });
    await expect(client.locator('[data-testid="client-evaluations"] [data-testid="evaluation-status"][data-value="draft"]')).toHaveCount(0);
    await expect(client.locator('[data-testid="client-evaluations-create"]')).toHaveCount(0);
    // a shared evaluation, read-only: no edit, new version or share; its files without upload
    await client.locator('[data-testid="client-evaluations"] tbody tr').first().click();
    await client.waitForFunction(() => /#\/evaluations\/[0-9a-f-]{36}\/show/.test(location.hash), undefined, { timeout: 20000 });
    await expect(client.locator('[data-testid="evaluation-overall"]')).toBeVisible({ timeout: 20000 });
    await expect(client.locator('[data-testid="evaluation-status"]').first()).toHaveAttribute('data-value', 'final');
    await expect(client.locator('[data-testid="attachments-panel"]')).toBeVisible({ timeout: 20000 });
    for (const hook of ['evaluation-new-version', 'evaluation-share', 'evaluation-finalize', 'evaluation-add-action', 'attachment-upload']) {
      await expect(client.locator(`[data-testid="${hook}"]`)).toHaveCount(0);
    }
    await expect(client.locator('a[href$="/edit"]')).toHaveCount(0);
    await client.goto(`${server.url}/#/clients/${pujiang}/show/actions`);
    await expect(client.locator('[data-testid="client-actions"]')).toContainText('限制客户清单导出权限', { timeout: 20000 });
    // exactly the open actions the server shows the client admin (client-visible ones, and those following a shared evaluation)
    const portalActions = await (await api('client-admin@demo.test'))<unknown[]>('/actions', { filter: { clientId: pujiang, status: ['open', 'in_progress'] } });
    expect(portalActions.length).toBeGreaterThan(0);
    await expect(client.locator('[data-testid="client-actions"] tbody tr')).toHaveCount(portalActions.length);
    await expect(client.locator('[data-testid="client-actions-create"]')).toHaveCount(0);
    await client.goto(`${server.url}/#/clients/${pujiang}/show/trainings`);
    await expect(client.locator('[data-testid="client-trainings-due"]')).toContainText('年度全员网络安全意识培训', { timeout: 20000 });
    await expect(client.locator('[data-testid="client-trainings-create"]')).toHaveCount(0);

    // overdue trainings in red: the manager on 徐汇's page
    const xuhui = await clientId(await api('manager@demo.test'), XUHUI);
    const manager = await as('manager@demo.test');
    await manager.goto(`${server.url}/#/clients/${xuhui}/show/trainings`);
    const overdue = manager.locator('[data-testid="client-trainings-overdue"] [data-testid="training-due"]');
    await expect(overdue).toHaveCount(1, { timeout: 20000 });
    await expect(overdue).toHaveAttribute('data-due-status', 'overdue');
    const color = await overdue.evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(211, 47, 47)');
  });
});
