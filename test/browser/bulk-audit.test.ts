import type { Page } from 'playwright-core';
import '../support/locator-matchers';
import { apiAs, browserSuite, signIn } from '../support/browser';

/**
 * Bulk actions and the audit log in Chromium against the real server with the demo data. Each bulk action goes through
 * the single-record endpoint for every record (the same rules and audit), and the records refused are listed with the
 * reason; the audit log reads in the admin's own labels and links to the records. Every test makes its own records.
 */
describe('bulk actions and the audit log (browser)', () => {
  const s = browserSuite('browser_bulk_audit', { context: { viewport: { width: 1440, height: 900 } } });
  const stamp = () => `${Date.now() % 1_000_000}`;

  type Incident = { id: string; reference: string; title: string; status: string; leadId: string | null };

  /** Two incidents of 浦江 in triage, as the consultant; the first has its required triage tasks done. */
  async function twoIncidents(tag: string) {
    const api = await apiAs(s.server.url, 'consultant@demo.test');
    const [pujiang] = (await api.list<{ id: string }>('clients', { q: '浦江' })).body;
    const make = (title: string) =>
      api.post<Incident>('/incidents', { clientId: pujiang.id, title, detectedAt: new Date(Date.now() - 3600_000).toISOString() });
    const ready = await make(`批量测试 ${tag} 甲`);
    const blocked = await make(`批量测试 ${tag} 乙`);
    const tasks = (await api.list<{ id: string; phase: string; required: boolean }>('tasks', { incidentId: ready.id }, [0, 999])).body;
    for (const t of tasks.filter((x) => x.phase === 'triage' && x.required)) await api.put(`/tasks/${t.id}`, { status: 'done' });
    return { api, ready, blocked };
  }

  /** The list of a resource filtered to the test's own records by its search box. */
  async function listOf(page: Page, resource: string, q: string) {
    await page.goto(`${s.server.url}/#/${resource}?filter=${encodeURIComponent(JSON.stringify({ q }))}`);
    await page.locator('[data-testid="list-row"]').first().waitFor({ timeout: 20000 });
  }

  async function select(page: Page, ids: string[]) {
    for (const id of ids) await page.locator(`[data-testid="list-row"][data-id="${id}"] input[type="checkbox"]`).check();
  }

  /** Picks `value` in the dialog's select. */
  async function choose(page: Page, value: string) {
    await page.locator('[role="dialog"] [role="combobox"]').first().click();
    await page.locator(`li[data-value="${value}"]`).click();
  }

  it('moves the incidents that may move, and lists the one refused with its reason (open required tasks)', async () => {
    const tag = stamp();
    const { api, ready, blocked } = await twoIncidents(tag);
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await listOf(s.page, 'incidents', `批量测试 ${tag}`);
    await expect(s.page.locator('[data-testid="list-row"]')).toHaveCount(2);
    await select(s.page, [ready.id, blocked.id]);
    await s.page.locator('[data-testid="bulk-move"]').click();
    await choose(s.page, 'responding');
    await s.page.locator('[data-testid="bulk-confirm"]').click();
    const failures = s.page.locator('[data-testid="bulk-failures"]');
    await expect(failures).toBeVisible({ timeout: 20000 });
    await expect(failures.locator('[data-testid="bulk-failure"]')).toHaveCount(1);
    await expect(failures.locator(`[data-testid="bulk-failure"][data-id="${blocked.id}"]`)).toContainText(blocked.reference);
    await expect(failures.locator(`[data-testid="bulk-failure"][data-id="${blocked.id}"]`)).toContainText('必做任务');
    // as one by one: the first moved (and is on its timeline and in the audit log), the second did not
    expect((await api.get<Incident>(`/incidents/${ready.id}`)).status).toBe('responding');
    expect((await api.get<Incident>(`/incidents/${blocked.id}`)).status).toBe('triage');
    const entries = (await api.list<{ kind: string; data: { to?: string } }>('timeline', { incidentId: ready.id }, [0, 99])).body;
    expect(entries.some((e) => e.kind === 'transition' && e.data.to === 'responding')).toBe(true);
    const manager = await apiAs(s.server.url, 'manager@demo.test');
    const audit = (await manager.list<{ action: string; entityId: string }>('audit-logs', { entity: 'incidents', action: 'transition' }, [0, 49])).body;
    expect(audit.filter((a) => a.entityId === ready.id)).toHaveLength(1);
    expect(audit.filter((a) => a.entityId === blocked.id)).toHaveLength(0);
  });

  it('gives the selected incidents a lead (a manager)', async () => {
    const tag = stamp();
    const { ready, blocked } = await twoIncidents(tag);
    const manager = await apiAs(s.server.url, 'manager@demo.test');
    const [lina] = (await manager.list<{ id: string; name: string }>('users', { q: '李娜' })).body;
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await listOf(s.page, 'incidents', `批量测试 ${tag}`);
    await select(s.page, [ready.id, blocked.id]);
    await s.page.locator('[data-testid="bulk-assign-lead"]').click();
    await choose(s.page, lina.id);
    await s.page.locator('[data-testid="bulk-confirm"]').click();
    await expect(s.page.locator('[data-testid="list-row"] input[type="checkbox"]:checked')).toHaveCount(0);
    for (const i of [ready, blocked]) expect((await manager.get<Incident>(`/incidents/${i.id}`)).leadId).toBe(lina.id);
    await expect(s.page.locator('[data-testid="bulk-failures"]')).toHaveCount(0);
  });

  /** `user` on a new incident's page, two of its open triage tasks selected (`ids`) and a third not (`untouched`). */
  async function twoTasksSelected(user = 'consultant@demo.test') {
    const { api, blocked } = await twoIncidents(stamp());
    await signIn(s.page, s.server.url, user);
    await s.page.goto(`${s.server.url}/#/incidents/${blocked.id}/show`);
    const open = s.page.locator('[data-testid="task"][data-phase="triage"][data-status="todo"]');
    await expect(open.first()).toBeVisible({ timeout: 20000 });
    const [first, second, third] = await open.evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-task-id') as string));
    const ids = [first, second];
    for (const id of ids) await s.page.locator(`[data-testid="task"][data-task-id="${id}"] input[data-testid="task-select"]`).check();
    return { api, blocked, ids, untouched: third };
  }

  it('marks selected checklist tasks done at once, each through its own update', async () => {
    const { api, blocked, ids } = await twoTasksSelected();
    await s.page.locator('[data-testid="task-bulk-done"]').click();
    for (const id of ids) await expect(s.page.locator(`[data-testid="task"][data-task-id="${id}"]`)).toHaveAttribute('data-status', 'done');
    for (const id of ids) expect((await api.get<{ status: string; doneById: string }>(`/tasks/${id}`)).status).toBe('done');
    const entries = (await api.list<{ kind: string; data: { taskId?: string; to?: string } }>('timeline', { incidentId: blocked.id }, [0, 99])).body;
    for (const id of ids) expect(entries.filter((e) => e.kind === 'task' && e.data.taskId === id && e.data.to === 'done')).toHaveLength(1);
  });

  it('assigns selected checklist tasks at once, each through its own update and audited as one would be', async () => {
    // a manager, who may choose among the firm's staff (a consultant is offered only themselves)
    const { api, ids, untouched } = await twoTasksSelected('manager@demo.test');
    expect(untouched).toEqual(expect.any(String));
    // nobody chosen yet: nothing to assign
    expect(await s.page.locator('[data-testid="task-bulk-assign"]').isDisabled()).toBe(true);
    // a colleague none of the three tasks has yet (playbook tasks may come assigned to a team member)
    const before = await Promise.all([...ids, untouched].map((id) => api.get<{ assigneeId: string | null }>(`/tasks/${id}`)));
    await s.page.locator('[data-testid="task-bulk"] [role="combobox"]').click();
    await s.page.locator('li[role="option"][data-value]').first().waitFor();
    const offered = await s.page.locator('li[role="option"][data-value]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    const assignee = offered.find((v) => v && !before.some((t) => t.assigneeId === v)) as string;
    expect(assignee).toEqual(expect.any(String));
    await s.page.locator(`li[role="option"][data-value="${assignee}"]`).click();
    await s.page.locator('[data-testid="task-bulk-assign"]').click();
    // the selection is cleared once every update has answered
    await expect(s.page.locator('[data-testid="task-bulk"]')).toHaveCount(0, { timeout: 20000 });
    for (const id of ids) expect((await api.get<{ assigneeId: string | null }>(`/tasks/${id}`)).assigneeId).toBe(assignee);
    expect((await api.get<{ assigneeId: string | null }>(`/tasks/${untouched}`)).assigneeId).toBe(before[2].assigneeId);
    const manager = await apiAs(s.server.url, 'manager@demo.test');
    for (const id of ids) {
      const log = (await manager.list<{ action: string; changes: Record<string, { after: unknown }> }>('audit-logs', { entity: 'tasks', entityId: id }, [0, 99])).body;
      expect(log.filter((l) => l.changes?.assigneeId?.after === assignee)).toHaveLength(1);
    }
  });

  it('submits drafts for review together; one already in review is listed as refused', async () => {
    const tag = stamp();
    const { api, ready } = await twoIncidents(tag);
    const draft = await api.post<{ id: string }>('/communications', { incidentId: ready.id, audience: 'client', channel: 'email', subject: `批量送审 ${tag} 一` });
    const inReview = await api.post<{ id: string }>('/communications', { incidentId: ready.id, audience: 'client', channel: 'email', subject: `批量送审 ${tag} 二` });
    await api.post(`/communications/${inReview.id}/transition`, { to: 'in_review' });
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await listOf(s.page, 'communications', `批量送审 ${tag}`);
    await select(s.page, [draft.id, inReview.id]);
    await s.page.locator('[data-testid="bulk-submit"]').click();
    const failures = s.page.locator('[data-testid="bulk-failures"]');
    await expect(failures.locator(`[data-testid="bulk-failure"][data-id="${inReview.id}"]`)).toBeVisible({ timeout: 20000 });
    await expect(failures.locator('[data-testid="bulk-failure"]')).toHaveCount(1);
    expect((await api.get<{ status: string }>(`/communications/${draft.id}`)).status).toBe('in_review');
  });

  it('sets the status of selected improvement actions', async () => {
    const tag = stamp();
    const { api, ready } = await twoIncidents(tag);
    const me = api.user.id;
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const a = await api.post<{ id: string }>('/actions', { incidentId: ready.id, ownerId: me, dueAt: due, title: `批量措施 ${tag} 一` });
    const b = await api.post<{ id: string }>('/actions', { incidentId: ready.id, ownerId: me, dueAt: due, title: `批量措施 ${tag} 二` });
    await signIn(s.page, s.server.url, 'consultant@demo.test');
    await listOf(s.page, 'actions', `批量措施 ${tag}`);
    await select(s.page, [a.id, b.id]);
    await s.page.locator('[data-testid="bulk-status"]').click();
    await choose(s.page, 'done');
    await s.page.locator('[data-testid="bulk-confirm"]').click();
    await expect(s.page.locator(`[data-testid="list-row"][data-id="${a.id}"] [data-testid="action-status"]`)).toHaveAttribute('data-status', 'done', { timeout: 20000 });
    for (const x of [a, b]) expect((await api.get<{ status: string; doneAt: string | null }>(`/actions/${x.id}`)).status).toBe('done');
  });

  it('reads the audit log in the admin\'s labels: the entity and fields by name, values as labels, links to the records', async () => {
    const tag = stamp();
    const { api, ready } = await twoIncidents(tag);
    await api.post(`/incidents/${ready.id}/transition`, { to: 'responding' });
    const manager = await apiAs(s.server.url, 'manager@demo.test');
    const [entry] = (await manager.list<{ id: string; entityId: string }>('audit-logs', { entity: 'incidents', action: 'transition' }, [0, 0])).body;
    expect(entry.entityId).toBe(ready.id);
    await signIn(s.page, s.server.url, 'manager@demo.test');
    await s.page.goto(`${s.server.url}/#/audit-logs`);
    const row = s.page.locator(`[data-testid="list-row"][data-id="${entry.id}"]`);
    await expect(row).toBeVisible({ timeout: 20000 });
    // the entity by name, the record as a link named like the record (not a bare id)
    await expect(row).toContainText('安全事件');
    const link = row.locator(`a[href="#/incidents/${ready.id}/show"]`);
    await expect(link).toContainText(ready.reference);
    expect(await row.textContent()).not.toContain(ready.id);
    // the entry: the field by its label, before and after as the rest of the admin shows them
    await row.click();
    await s.page.waitForFunction((x) => location.hash === `#/audit-logs/${x}/show`, entry.id, { timeout: 20000 });
    const change = s.page.locator('[data-testid="audit-change"][data-field="status"]');
    await expect(change).toContainText('状态');
    await expect(change.locator('[data-testid="audit-before"]')).toHaveText('研判中');
    await expect(change.locator('[data-testid="audit-after"]')).toHaveText('应急响应');
    // and the link leads to the incident
    await s.page.locator(`a[href="#/incidents/${ready.id}/show"]`).first().click();
    await s.page.waitForFunction((x) => location.hash === `#/incidents/${x}/show`, ready.id, { timeout: 20000 });
    await expect(s.page.locator('[data-testid="incident-title"]')).toContainText(`批量测试 ${tag} 甲`, { timeout: 20000 });
  });
});
