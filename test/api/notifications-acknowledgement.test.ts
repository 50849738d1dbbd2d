import { connect } from '../support/db';
import { createClient, createUser, listQuery, login, ok, startApp, makeWorld, type Session, type TestApp, type World } from '../support/app';
import { gradeMajor } from '../support/notify';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';
import { TimelineService } from '../../server/src/timeline/timeline.service';

/**
 * A client's report is acknowledged by the first staff action on it — whichever it is (TimelineService.acted, the one
 * place that decides it): the moment is kept, the acknowledgement clock stops, and the history has one client-visible
 * "acknowledged" entry, also when two actions come at once. A client admin's own actions acknowledge nothing. Entries
 * written together on several incidents (TimelineService.addMany, as a firm incident's children are moved) acknowledge
 * through the same place, in one statement for all (actedMany).
 */
let t: TestApp;
let w: World;
const api = () => t.api();
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

beforeAll(async () => {
  t = await startApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

async function report(admin: Session = w.a.clientAdmin) {
  return ok<{ id: string; reference: string; reportedAt: string; clientId: string }>(
    api().post('/api/incidents').set(admin.auth).send({ title: '客户报告：疑似数据泄露', detectedAt: hoursAgo(1) }),
  );
}

/** The incident's acknowledgement as staff see it: the moment, the "acknowledged" entries, whether its clock runs. */
async function acknowledgement(incidentId: string) {
  const i = await ok<{ acknowledgedAt: string | null; status: string }>(api().get(`/api/incidents/${incidentId}`).set(w.a.manager.auth));
  const entries = await ok<{ kind: string; visibility: string; occurredAt: string; authorId: string }[]>(
    api().get('/api/timeline').query(listQuery({ filter: { incidentId, kind: 'acknowledged' }, range: [0, 99] })).set(w.a.manager.auth),
  );
  const sup = await connect('super');
  try {
    const clock = await sup.query(`select count(*)::int as n from notification_clocks where id = $1 and kind = 'client_report'`, [incidentId]);
    return { acknowledgedAt: i.acknowledgedAt, status: i.status, entries, clockRuns: clock.rows[0].n === 1 };
  } finally {
    await sup.end();
  }
}

async function expectAcknowledgedBy(incidentId: string, s: Session) {
  const a = await acknowledgement(incidentId);
  expect(a.acknowledgedAt).toEqual(expect.any(String));
  expect(a.clockRuns).toBe(false);
  expect(a.entries.map((e) => [e.kind, e.visibility, e.authorId])).toEqual([['acknowledged', 'client', s.user.id]]);
  expect(a.entries[0].occurredAt).toBe(a.acknowledgedAt);
  return a;
}

async function expectNotAcknowledged(incidentId: string) {
  const a = await acknowledgement(incidentId);
  expect(a.acknowledgedAt).toBeNull();
  expect(a.clockRuns).toBe(true);
  expect(a.entries).toEqual([]);
}

async function tasksOf(incidentId: string) {
  const tasks = await ok<{ id: string; required: boolean; title: string; assigneeId: string | null }[]>(
    api().get('/api/tasks').query(listQuery({ filter: { incidentId }, range: [0, 999] })).set(w.a.manager.auth),
  );
  return tasks;
}

describe('the first staff action on a client\'s report acknowledges it, whichever action it is', () => {
  const c = () => w.a.consultant;
  const actions: [string, (incidentId: string) => Promise<unknown>][] = [
    ['a new task', (id) => ok(api().post('/api/tasks').set(c().auth).send({ incidentId: id, phase: 'triage', title: '联系客户确认范围' }))],
    ['a task assigned', async (id) => ok(api().put(`/api/tasks/${(await tasksOf(id)).find((x) => !x.assigneeId)!.id}`).set(c().auth).send({ assigneeId: c().user.id }))],
    ['a task edited', async (id) => ok(api().put(`/api/tasks/${(await tasksOf(id))[0].id}`).set(c().auth).send({ title: '核实事件（已联系客户）' }))],
    ['a task\'s status changed', async (id) => ok(api().put(`/api/tasks/${(await tasksOf(id))[0].id}`).set(c().auth).send({ status: 'doing' }))],
    ['the lead or team set', (id) => ok(api().put(`/api/incidents/${id}`).set(c().auth).send({ leadId: c().user.id, team: [{ userId: c().user.id, name: '顾问', role: 'it' }] }))],
    ['an incident field changed', (id) => ok(api().put(`/api/incidents/${id}`).set(c().auth).send({ description: '已电话联系客户' }))],
    ['a phase change', (id) => ok(api().post(`/api/incidents/${id}/transition`).set(c().auth).send({ to: 'triage' }))],
    ['a grading', (id) => gradeMajor(t, c(), id)],
    ['a note', (id) => ok(api().post('/api/timeline').set(c().auth).send({ incidentId: id, body: '已收到，正在核实' }))],
    ['a communication drafted on the incident', (id) => ok(api().post('/api/communications').set(c().auth).send({ incidentId: id, audience: 'client', channel: 'email', subject: '已受理', body: '我们已收到报告' }))],
  ];

  it.each(actions)('%s', async (_name, act) => {
    const r = await report();
    await expectNotAcknowledged(r.id);
    await act(r.id);
    const a = await expectAcknowledgedBy(r.id, c());
    // a later action keeps the first moment and writes no second acknowledgement
    await ok(api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: r.id, body: '跟进' }));
    const later = await acknowledgement(r.id);
    expect(later.acknowledgedAt).toBe(a.acknowledgedAt);
    expect(later.entries).toHaveLength(1);
  });

  it('a task removed', async () => {
    const r = await report();
    const optional = (await tasksOf(r.id)).find((x) => !x.required)!;
    await ok(api().delete(`/api/tasks/${optional.id}`).set(c().auth));
    await expectAcknowledgedBy(r.id, c());
  });

  it('a phase change to triage keeps the moment of the first action (it does not move the acknowledgement)', async () => {
    const r = await report();
    await ok(api().post('/api/timeline').set(c().auth).send({ incidentId: r.id, visibility: 'internal', body: '内部：先看日志' }));
    const first = await expectAcknowledgedBy(r.id, c());
    await new Promise((res) => setTimeout(res, 50));
    await ok(api().post(`/api/incidents/${r.id}/transition`).set(w.a.manager.auth).send({ to: 'triage' }));
    const after = await acknowledgement(r.id);
    expect(after.status).toBe('triage');
    expect(after.acknowledgedAt).toBe(first.acknowledgedAt);
    expect(after.entries).toHaveLength(1);
  });

  it('a grading meets the contract\'s acknowledgement clock it starts (the grading is the acknowledgement)', async () => {
    const client = await createClient(t, w.a.manager, { contractSla: { acknowledgeHours: { relatively_major: 4 }, resolveHours: {} } });
    const admin = await login(t, (await createUser(t, w.a.manager, w.a.slug, { role: 'client_admin', clientId: client.id })).email);
    const r = await report(admin);
    await gradeMajor(t, w.a.manager, r.id);
    const obligations = await ok<{ rule: string; status: string; fulfilledAt: string | null }[]>(
      api().get('/api/obligations').query(listQuery({ filter: { incidentId: r.id }, range: [0, 99] })).set(w.a.manager.auth),
    );
    const ack = obligations.find((o) => o.rule === 'sla_acknowledge');
    expect(ack).toMatchObject({ status: 'met' });
    expect(ack!.fulfilledAt).toBe((await acknowledgement(r.id)).acknowledgedAt);
  });

  it('the client admin\'s own comment acknowledges nothing', async () => {
    const r = await report();
    await ok(api().post('/api/timeline').set(w.a.clientAdmin.auth).send({ incidentId: r.id, body: '补充：涉及两个邮箱' }));
    await expectNotAcknowledged(r.id);
  });

  it('two actions at once: one acknowledgement in the history, at the moment stored', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await report();
      const results = await Promise.all([
        api().post('/api/tasks').set(c().auth).send({ incidentId: r.id, phase: 'triage', title: '并发任务' }),
        api().post('/api/timeline').set(w.a.manager.auth).send({ incidentId: r.id, body: '并发备注' }),
        api().post(`/api/incidents/${r.id}/transition`).set(w.a.manager.auth).send({ to: 'triage' }),
        api().post('/api/communications').set(c().auth).send({ incidentId: r.id, audience: 'client', channel: 'email', subject: '并发', body: '并发' }),
      ]);
      expect(results.map((x) => x.status)).toEqual([201, 201, 200, 201]);
      const a = await acknowledgement(r.id);
      expect(a.acknowledgedAt).toEqual(expect.any(String));
      expect(a.clockRuns).toBe(false);
      expect(a.entries).toHaveLength(1);
      expect(a.entries[0].occurredAt).toBe(a.acknowledgedAt);
    }
  });
});

describe('a staff action on several reports at once (the set-based writes: TimelineService.addMany / actedMany)', () => {
  /** Entries on these reports written together, in one request's transaction, as `s` (as a firm incident's children are). */
  const addTogether = (s: Session, incidents: { id: string; clientId: string }[], visibility: 'internal' | 'client' = 'internal') =>
    t.app.get(TenantDb).runAs(w.a.firmId, s.user.id, { requestId: 'test-add-many', ip: null }, () =>
      t.app.get(TimelineService).addMany(incidents.map((i) => ({ incident: { ...i, acknowledgedAt: null }, kind: 'note', visibility, body: '一并处理' }))));

  it('acknowledges each report once, with its own "acknowledged" entry before the entry asked for', async () => {
    const reports = [await report(), await report(), await report()];
    const written = await addTogether(w.a.manager, reports);
    expect(written.map((e) => [e.incidentId, e.kind])).toEqual(reports.map((r) => [r.id, 'note']));
    const moments = new Set<string | null>();
    for (const r of reports) moments.add((await expectAcknowledgedBy(r.id, w.a.manager)).acknowledgedAt);
    // one statement acknowledged them all: one moment
    expect(moments.size).toBe(1);
    // a second action changes nothing of it
    await addTogether(w.a.manager, reports);
    for (const r of reports) await expectAcknowledgedBy(r.id, w.a.manager);
  });

  it('two such actions at once on the same reports, in opposite orders: each report acknowledged once, no deadlock', async () => {
    for (let round = 0; round < 3; round++) {
      const reports = [await report(), await report(), await report()];
      await Promise.all([addTogether(w.a.manager, reports), addTogether(w.a.consultant, [...reports].reverse()), addTogether(w.a.manager, [reports[1]])]);
      for (const r of reports) {
        const a = await acknowledgement(r.id);
        expect(a.clockRuns).toBe(false);
        expect(a.entries).toHaveLength(1);
        expect(a.entries[0].occurredAt).toBe(a.acknowledgedAt);
      }
    }
  });

  it('a client admin\'s entries on several of their reports acknowledge none', async () => {
    const reports = [await report(), await report()];
    await addTogether(w.a.clientAdmin, reports, 'client');
    for (const r of reports) await expectNotAcknowledged(r.id);
  });
});
