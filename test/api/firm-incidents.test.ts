import { createClient, createUser, listQuery, login, makeFirm, makeWorld, ok, startApp, type Session, type TestApp, type World } from '../support/app';
import { RaceGate } from '../support/race';

/**
 * Firm incidents (issue 18): a breach at the firm itself, one child incident per affected client. Each child has its own
 * reference and clocks (per its client's operator type); the parent's lifecycle moves the children still with it; a
 * client update reaches every child's client timeline; clients are added and removed (dismissed, never deleted); client
 * admins never see the parent nor their siblings; consultants see only their clients' children and a count of the rest.
 */
describe('firm incidents', () => {
  let t: TestApp;
  let w: World;
  /** firm A's clients by operator type (the world's assigned one is `other`) */
  let cii: { id: string; name: string };
  let organ: { id: string; name: string };
  let ciiAdmin: Session;
  let gate: RaceGate;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    cii = await createClient(t, w.a.manager, { operatorType: 'cii' });
    organ = await createClient(t, w.a.manager, { operatorType: 'state_organ' });
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'client_admin', clientId: cii.id });
    ciiAdmin = await login(t, u.email);
    gate = await RaceGate.open();
  });
  afterAll(async () => {
    await gate?.close();
    await t?.close();
  });

  const api = () => t.api();
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  const detectedAt = hoursAgo(0.5);
  const big = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 200_000, personalInfoRecords: 2_000_000, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
  async function list(resource: string, filter: Record<string, unknown>, s: Session = w.a.manager) {
    return ok<any[]>(api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], filter })).set(s.auth));
  }
  const breach = (clientIds: string[], s: Session = w.a.manager, extra: Record<string, unknown> = {}) =>
    api().post('/api/incidents').set(s.auth).send({ scope: 'firm', title: '执照变更数据泄露', detectedAt, personalInfoInvolved: true, affectedClientIds: clientIds, ...extra });

  it('opens a parent with no client and one child per affected client, each with its own reference, tasks and clocks', async () => {
    const f = await ok((breach([w.a.assigned.id, cii.id, organ.id])), [201]);
    expect(f).toMatchObject({ scope: 'firm', status: 'triage', hiddenChildren: 0 });
    expect(f.reference).toMatch(/^FIRM-\d{4}-\d{4,}$/);
    expect(f).not.toHaveProperty('clientId');
    expect(f.children.map((c: any) => c.clientId).sort()).toEqual([w.a.assigned.id, cii.id, organ.id].sort());
    const refs = new Set(f.children.map((c: any) => c.reference));
    expect(refs.size).toBe(3);
    const children = await list('incidents', { parentId: f.id });
    expect(children.map((c) => c.id).sort()).toEqual(f.children.map((c: any) => c.incidentId).sort());
    for (const c of children) {
      expect(c).toMatchObject({ parentId: f.id, status: 'triage', title: '执照变更数据泄露', personalInfoInvolved: true });
      expect((await list('tasks', { incidentId: c.id })).length).toBeGreaterThan(10);
    }
    // graded 较大 or above, each child's PRC clock runs for its client's operator type: 1 h, 2 h, 4 h from detection
    const hours: Record<string, number> = { [cii.id]: 1, [organ.id]: 2, [w.a.assigned.id]: 4 };
    for (const c of children) {
      await ok(api().post(`/api/incidents/${c.id}/grade`).set(w.a.manager.auth).send({ inputs: big }));
      const [prc] = await list('obligations', { incidentId: c.id, rule: 'prc_incident_report' });
      expect(Date.parse(prc.dueAt) - Date.parse(detectedAt)).toBe(hours[c.clientId] * 3600_000);
    }
    // the parent's page: every child's clocks in one table, overdue first then by due time
    const page = await ok(api().get(`/api/firm-incidents/${f.id}`).set(w.a.manager.auth));
    const prcs = page.clocks.filter((o: any) => o.rule === 'prc_incident_report');
    expect(prcs.map((o: any) => o.clientId)).toEqual([cii.id, organ.id, w.a.assigned.id]);
    expect(prcs[0]).toMatchObject({ status: 'pending', clientName: cii.name });
    const ranks = page.clocks.map((o: any) => (o.status === 'overdue' ? 0 : o.status === 'pending' ? 1 : 2));
    expect(ranks).toEqual([...ranks].sort());
  });

  it('refuses bad input with the field named, and a firm incident to anyone but a manager', async () => {
    const none = await breach([]);
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('affectedClientIds');
    const twice = await breach([cii.id, cii.id]);
    expect(twice.body.errors).toEqual([{ field: 'affectedClientIds[1]', message: 'is given twice' }]);
    const foreign = await breach([cii.id, w.b.client.id]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([{ field: 'affectedClientIds[1]', message: 'no such client' }]);
    const withClient = await breach([cii.id], w.a.manager, { clientId: cii.id });
    expect(withClient.body.errors[0].field).toBe('clientId');
    const stray = await api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: cii.id, title: 'x', detectedAt, affectedClientIds: [cii.id] });
    expect(stray.body.errors[0].field).toBe('affectedClientIds');
    expect((await breach([w.a.assigned.id], w.a.consultant)).status).toBe(403);
    expect((await breach([w.a.assigned.id], w.a.clientAdmin)).status).toBe(403);
    // nothing was half written: no parent of these titles
    expect((await list('firm-incidents', { q: 'nothing-written' })).length).toBe(0);
  });

  it('moves the children still with it; a child that moved on its own stays where it is', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id]), [201]);
    const byClient = Object.fromEntries(f.children.map((c: any) => [c.clientId, c.incidentId]));
    // the organ's child: nothing leaked there, dismissed early on its own
    await ok(api().post(`/api/incidents/${byClient[organ.id]}/transition`).set(w.a.manager.auth).send({ to: 'dismissed' }));
    const moved = await ok(api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.manager.auth).send({ to: 'responding' }));
    expect(moved.status).toBe('responding');
    const status = Object.fromEntries(moved.children.map((c: any) => [c.clientId, c.status]));
    expect(status).toEqual({ [w.a.assigned.id]: 'responding', [cii.id]: 'responding', [organ.id]: 'dismissed' });
    // the move is the child's own history too (client-visible), once
    const tl = await list('timeline', { incidentId: byClient[cii.id], kind: 'transition' });
    expect(tl.map((e) => e.data.to)).toEqual(['responding']);
    // a reopening needs a reason; a move not allowed is 409 with the status
    const bad = await api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.manager.auth).send({ to: 'reported' });
    expect(bad.status).toBe(409);
    expect(bad.body.status).toBe('responding');
    // consultants may read it, not run it
    expect((await api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.consultant.auth).send({ to: 'recovering' })).status).toBe(403);
  });

  it('moves once when 8 managers move the parent at once while the child moves on its own: one winner and a true history', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id]), [201]);
    const cId = f.children.find((c: any) => c.clientId === cii.id).incidentId;
    const aId = f.children.find((c: any) => c.clientId === w.a.assigned.id).incidentId;
    const send = () => api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.manager.auth).send({ to: 'dismissed' });
    const rs = await gate.holding(
      `select 1 from firm_incidents where firm_id = $1 and id = $2 for share`, [w.a.firmId, f.id],
      Array.from({ length: 8 }, () => send),
      [() => api().post(`/api/incidents/${cId}/transition`).set(w.a.manager.auth).send({ to: 'responding', override: true, reason: '先行处置' })],
    );
    const parentAnswers = rs.slice(0, 8);
    expect(parentAnswers.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of parentAnswers.filter((x) => x.status !== 200)) expect([r.status, r.body.status]).toEqual([409, 'dismissed']);
    // the child either moved on its own first (then stays responding) or was dismissed with the parent (then its own move is 409)
    const child = await ok(api().get(`/api/incidents/${cId}`).set(w.a.manager.auth));
    expect(rs[8].status === 200 ? 'responding' : [rs[8].status, rs[8].body.status]).toEqual(child.status === 'responding' ? 'responding' : [409, 'dismissed']);
    const other = await ok(api().get(`/api/incidents/${aId}`).set(w.a.manager.auth));
    expect(other.status).toBe('dismissed');
    const moves = await list('timeline', { incidentId: cId, kind: 'transition' });
    expect(moves.map((e) => e.data.to)).toEqual([child.status]);
    const audit = await list('audit-logs', { entityId: f.id, action: 'transition' });
    expect(audit).toHaveLength(1);
  }, 60_000);

  it('sends a client update on the parent to every child client timeline', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id]), [201]);
    const posted = await ok(api().post(`/api/firm-incidents/${f.id}/updates`).set(w.a.manager.auth).send({ body: '我们已控制泄露,正在核查受影响数据。' }), [201]);
    expect(posted.entries).toHaveLength(2);
    for (const c of f.children) {
      const notes = await list('timeline', { incidentId: c.incidentId, kind: 'note' });
      expect(notes.map((n) => [n.visibility, n.body])).toEqual([['client', '我们已控制泄露,正在核查受影响数据。']]);
    }
    const mine = f.children.find((c: any) => c.clientId === cii.id).incidentId;
    const seen = await list('timeline', { incidentId: mine }, ciiAdmin);
    expect(seen.map((e) => e.body)).toContain('我们已控制泄露,正在核查受影响数据。');
  });

  it('adds a client later (a new child at the parent\'s phase) and removes one (dismissed with the reason, never deleted)', async () => {
    const f = await ok(breach([w.a.assigned.id]), [201]);
    await ok(api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.manager.auth).send({ to: 'responding' }));
    const added = await ok(api().post(`/api/firm-incidents/${f.id}/clients`).set(w.a.manager.auth).send({ clientIds: [cii.id] }));
    const child = added.children.find((c: any) => c.clientId === cii.id);
    expect(child).toMatchObject({ status: 'responding', withParent: true, removed: false });
    const again = await api().post(`/api/firm-incidents/${f.id}/clients`).set(w.a.manager.auth).send({ clientIds: [cii.id] });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([{ field: 'clientIds[0]', message: 'is already affected' }]);
    const noReason = await api().post(`/api/firm-incidents/${f.id}/remove-client`).set(w.a.manager.auth).send({ clientId: cii.id });
    expect(noReason.status).toBe(400);
    const removed = await ok(api().post(`/api/firm-incidents/${f.id}/remove-client`).set(w.a.manager.auth).send({ clientId: cii.id, reason: '核查后该客户数据未受影响' }));
    expect(removed.children.find((c: any) => c.clientId === cii.id)).toMatchObject({ status: 'dismissed', removed: true, withParent: false });
    const kept = await ok(api().get(`/api/incidents/${child.incidentId}`).set(w.a.manager.auth));
    expect(kept.status).toBe('dismissed');
    // the removed child no longer moves with the parent, and takes no updates
    await ok(api().post(`/api/firm-incidents/${f.id}/transition`).set(w.a.manager.auth).send({ to: 'recovering' }));
    expect((await ok(api().get(`/api/incidents/${child.incidentId}`).set(w.a.manager.auth))).status).toBe('dismissed');
    const posted = await ok(api().post(`/api/firm-incidents/${f.id}/updates`).set(w.a.manager.auth).send({ body: 'update' }), [201]);
    expect(posted.entries.map((e: any) => e.incidentId)).not.toContain(child.incidentId);
  });

  it('drafts the client notice for every affected client from one template: a draft each, through the approval flow', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id]), [201]);
    const [tpl] = await list('communication-templates', { key: 'client_update' });
    const drafted = await ok(api().post(`/api/firm-incidents/${f.id}/notices`).set(w.a.manager.auth).send({ templateId: tpl.id }), [201]);
    expect(drafted.communications.map((c: any) => [c.clientId, c.status, c.audience])).toEqual(
      expect.arrayContaining([[w.a.assigned.id, 'draft', 'client'], [cii.id, 'draft', 'client']]));
    expect(drafted.communications).toHaveLength(2);
    // each names its own client only
    const forCii = drafted.communications.find((c: any) => c.clientId === cii.id);
    expect(forCii.body).not.toContain((await ok(api().get(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth))).name);
    const page = await ok(api().get(`/api/firm-incidents/${f.id}`).set(w.a.manager.auth));
    expect(page.communications.map((c: any) => c.id).sort()).toEqual(drafted.communications.map((c: any) => c.id).sort());
  });

  it('shows a client admin their own child only: never the parent, its id, or that others are affected', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id]), [201]);
    const mine = f.children.find((c: any) => c.clientId === cii.id).incidentId;
    expect((await api().get(`/api/firm-incidents/${f.id}`).set(ciiAdmin.auth)).status).toBe(403);
    expect((await api().get('/api/firm-incidents').set(ciiAdmin.auth)).status).toBe(403);
    const shown = await ok(api().get(`/api/incidents/${mine}`).set(ciiAdmin.auth));
    expect(shown).not.toHaveProperty('parentId');
    expect(JSON.stringify(shown)).not.toContain(f.id);
    const listed = await list('incidents', {}, ciiAdmin);
    expect(listed.every((i) => i.clientId === cii.id)).toBe(true);
    expect(await list('incidents', { parentId: f.id }, ciiAdmin)).toEqual([expect.objectContaining({ id: mine })]);
    for (const sibling of f.children.filter((c: any) => c.clientId !== cii.id)) {
      expect((await api().get(`/api/incidents/${sibling.incidentId}`).set(ciiAdmin.auth)).status).toBe(404);
    }
    const text = JSON.stringify([await list('timeline', { incidentId: mine }, ciiAdmin), await list('obligations', {}, ciiAdmin), listed]);
    expect(text).not.toContain(f.reference);
    expect(text).not.toContain(organ.name);
    expect(text).not.toContain(f.id);
  });

  it('shows a consultant the parent with their clients\' children only and a count of the others; not a parent without them', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id]), [201]);
    const seen = await ok(api().get(`/api/firm-incidents/${f.id}`).set(w.a.consultant.auth));
    expect(seen.children.map((c: any) => c.clientId)).toEqual([w.a.assigned.id]);
    expect(seen.hiddenChildren).toBe(2);
    expect(JSON.stringify(seen)).not.toContain(cii.name);
    expect(seen.clocks.every((o: any) => o.clientId === w.a.assigned.id)).toBe(true);
    const listed = await ok<any[]>(api().get('/api/firm-incidents').query(listQuery({ range: [0, 999] })).set(w.a.consultant.auth));
    expect(listed.map((x) => x.id)).toContain(f.id);
    const other = await ok(breach([cii.id, organ.id]), [201]);
    expect((await api().get(`/api/firm-incidents/${other.id}`).set(w.a.consultant.auth)).status).toBe(404);
    const again = await ok<any[]>(api().get('/api/firm-incidents').query(listQuery({ range: [0, 999] })).set(w.a.consultant.auth));
    expect(again.map((x) => x.id)).not.toContain(other.id);
    // another firm sees none of it
    expect((await api().get(`/api/firm-incidents/${f.id}`).set(w.b.manager.auth)).status).toBe(404);
    expect((await api().post(`/api/firm-incidents/${f.id}/updates`).set(w.b.manager.auth).send({ body: 'x' })).status).toBe(404);
  });

  it('counts a firm incident once for the firm and once per child for each client in the service report', async () => {
    // a firm of its own, so that every figure is known: a breach across three clients and one incident of the first
    const f = await makeFirm(t, 'Report firm');
    const [c1, c2, c3] = [await createClient(t, f.manager), await createClient(t, f.manager), await createClient(t, f.manager)];
    await ok(api().post('/api/incidents').set(f.manager.auth).send({ scope: 'firm', title: 'breach', detectedAt, affectedClientIds: [c1.id, c2.id, c3.id] }), [201]);
    await ok(api().post('/api/incidents').set(f.manager.auth).send({ clientId: c1.id, title: 'own', detectedAt }), [201]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const report = (clientIds?: string) => ok(api().get('/api/reports/service').query({ from: day(-1), to: day(1), ...(clientIds ? { clientIds } : {}) }).set(f.manager.auth));
    const firm = await report();
    // by hand: 3 children + 1 incident opened; counted once for the firm: 4 − 3 + 1 = 2
    expect(firm.incidents.opened).toBe(4);
    expect(firm.incidents.firmBreaches).toEqual({ opened: 1, children: 3, countedOnce: 2 });
    const first = await report(c1.id);
    expect(first.incidents.opened).toBe(2);
    expect(first.incidents.firmBreaches).toEqual({ opened: 1, children: 1, countedOnce: 2 });
    const second = await report(c2.id);
    expect([second.incidents.opened, second.incidents.firmBreaches]).toEqual([1, { opened: 1, children: 1, countedOnce: 1 }]);
  });

  it('grades the breach: its grade, and every child still with it graded from the same inputs, each clock for its client', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id]), [201]);
    // a child closed early (nothing leaked there) is no longer graded with the breach
    const organChild = f.children.find((c: any) => c.clientId === organ.id).incidentId;
    await ok(api().post(`/api/incidents/${organChild}/transition`).set(w.a.manager.auth).send({ to: 'dismissed', reason: '未涉及该客户数据' }));
    // the choice differs from the suggestion: a rationale is required, nothing is written without one
    const bad = await api().post(`/api/firm-incidents/${f.id}/grade`).set(w.a.manager.auth).send({ inputs: big, grade: 'general' });
    expect([bad.status, bad.body.errors]).toEqual([400, [{ field: 'rationale', message: 'is required when the grade differs from the suggestion' }]]);
    expect((await list('gradings', { incidentId: f.children.map((c: any) => c.incidentId) })).length).toBe(0);
    const graded = await ok(api().post(`/api/firm-incidents/${f.id}/grade`).set(w.a.manager.auth).send({ inputs: big, rationale: '两百万条个人信息' }));
    expect(graded).toMatchObject({ grade: 'relatively_major', gradeRationale: '两百万条个人信息' });
    const children = await list('incidents', { parentId: f.id });
    const gradeOf = Object.fromEntries(children.map((c) => [c.clientId, c.grade]));
    expect(gradeOf).toEqual({ [w.a.assigned.id]: 'relatively_major', [cii.id]: 'relatively_major', [organ.id]: null });
    // each graded child's PRC clock runs for its own client's operator type
    for (const [client, hours] of [[cii.id, 1], [w.a.assigned.id, 4]] as const) {
      const child = children.find((c) => c.clientId === client)!;
      const [prc] = await list('obligations', { incidentId: child.id, rule: 'prc_incident_report' });
      expect(Date.parse(prc.dueAt) - Date.parse(detectedAt)).toBe(hours * 3600_000);
      expect(await list('gradings', { incidentId: child.id })).toHaveLength(1);
    }
    // on the parent's own timeline, with the inputs; audited
    expect(graded.timeline[0]).toMatchObject({ kind: 'grading', body: '两百万条个人信息', data: { from: null, to: 'relatively_major', children: 2 } });
    expect(await list('audit-logs', { entity: 'firm-incidents', entityId: f.id, action: 'update' })).toHaveLength(1);
  });

  it('does a playbook task on the breach for every child still with it, and shows the parent its children\'s tasks together', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id]), [201]);
    const organChild = f.children.find((c: any) => c.clientId === organ.id).incidentId;
    await ok(api().post(`/api/firm-incidents/${f.id}/remove-client`).set(w.a.manager.auth).send({ clientId: organ.id, reason: '未涉及' }));
    const confirm = () => f.tasks.find((k: any) => k.key === 'triage.confirm');
    expect(confirm()).toMatchObject({ phase: 'triage', required: true, done: 0, total: 3 });
    const bad = await api().post(`/api/firm-incidents/${f.id}/tasks`).set(w.a.manager.auth).send({ key: 'no.such.task', status: 'done' });
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'key']);
    const bad2 = await api().post(`/api/firm-incidents/${f.id}/tasks`).set(w.a.manager.auth).send({ key: 'triage.confirm', status: 'finished' });
    expect([bad2.status, bad2.body.errors?.[0]?.field]).toEqual([400, 'status']);
    const page = await ok(api().post(`/api/firm-incidents/${f.id}/tasks`).set(w.a.manager.auth).send({ key: 'triage.confirm', status: 'done' }));
    // the removed client's child is not the breach's any more: its task stays open, and the parent counts the two left
    expect(page.tasks.find((k: any) => k.key === 'triage.confirm')).toMatchObject({ done: 2, total: 2 });
    for (const c of f.children) {
      const [task] = await list('tasks', { incidentId: c.incidentId, status: 'done' });
      if (c.incidentId === organChild) expect(task).toBeUndefined();
      else {
        expect(task).toMatchObject({ key: 'triage.confirm', doneById: w.a.manager.user.id });
        const entries = await list('timeline', { incidentId: c.incidentId, kind: 'task' });
        expect(entries.map((e) => e.data)).toEqual([expect.objectContaining({ taskId: task.id, from: 'todo', to: 'done' })]);
      }
    }
    // done again: nothing left to change, no history
    const again = await ok(api().post(`/api/firm-incidents/${f.id}/tasks`).set(w.a.manager.auth).send({ key: 'triage.confirm', status: 'done' }));
    expect(again.timeline.filter((e: any) => e.kind === 'task')).toHaveLength(1);
    expect(again.timeline.map((e: any) => e.kind)).toEqual(['task', 'client_removed', 'created']);
  });

  it('tells a team member of the playbook tasks their role got once per child, listing them, not once per task', async () => {
    const m2 = await createUser(t, w.a.manager, w.a.slug, { role: 'manager', name: '法务 经理' });
    const legalManager = await login(t, m2.email);
    const f = await ok(breach([w.a.assigned.id, cii.id, organ.id], w.a.manager, { team: [{ userId: m2.id, name: '法务 经理', role: 'legal' }] }), [201]);
    const children: string[] = f.children.map((c: any) => c.incidentId);
    const told = await list('notifications', { kind: 'task_assigned' }, legalManager);
    expect(told.map((n) => n.incidentId).sort()).toEqual([...children].sort());
    for (const n of told) {
      const legal = (await list('tasks', { incidentId: n.incidentId })).filter((k) => k.teamRole === 'legal');
      expect(legal.length).toBeGreaterThan(1);
      expect(legal.every((k) => k.assigneeId === m2.id)).toBe(true);
      expect(n).toMatchObject({ entity: 'tasks', entityId: null });
      expect(n.body.split('\n').filter((l: string) => l.startsWith('- '))).toHaveLength(legal.length);
    }
  });

  it('does a task on the breach once when 8 managers do it at once: one history per child', async () => {
    const f = await ok(breach([w.a.assigned.id, cii.id]), [201]);
    await Promise.all(Array.from({ length: 8 }, () => ok(api().post(`/api/firm-incidents/${f.id}/tasks`).set(w.a.manager.auth).send({ key: 'triage.confirm', status: 'done' }))));
    for (const c of f.children) expect(await list('timeline', { incidentId: c.incidentId, kind: 'task' })).toHaveLength(1);
    const page = await ok(api().get(`/api/firm-incidents/${f.id}`).set(w.a.manager.auth));
    expect(page.timeline.filter((e: any) => e.kind === 'task')).toHaveLength(1);
  });
});
