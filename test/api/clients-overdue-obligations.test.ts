import { listQuery, makeWorld, startApp, type Session, type TestApp, type World } from '../support/app';

/** clients?filter={"overdueObligations":true}: the clients with a pending obligation past its due time (managers' dashboard). */
describe('clients with overdue obligations (list filter)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
  async function clients(s: Session, filter: Record<string, unknown>) {
    const res = await t.api().get('/api/clients').query(listQuery({ range: [0, 99], filter })).set(s.auth);
    expect(res.status).toBe(200);
    const body = res.body as { id: string; overdueObligations?: number }[];
    return { ids: body.map((c) => c.id), counts: body.map((c) => c.overdueObligations), range: String(res.headers['content-range']) };
  }

  it('lists a client once one of its obligations is overdue, in each role\'s scope, and drops it when met', async () => {
    // nothing overdue yet
    expect((await clients(w.a.manager, { overdueObligations: true })).ids).toEqual([]);
    // personal information detected 30 h ago: the PIPL clocks (24 h) are overdue
    const made = await t.api().post('/api/incidents').set(w.a.manager.auth)
      .send({ clientId: w.a.assigned.id, title: '员工信息表外发', detectedAt: hoursAgo(30), personalInfoInvolved: true });
    expect(made.status).toBe(201);
    // a client with a pending obligation not yet due is not listed
    const fresh = await t.api().post('/api/incidents').set(w.a.manager.auth)
      .send({ clientId: w.a.unassigned.id, title: '客户数据疑似泄露', detectedAt: hoursAgo(1), personalInfoInvolved: true });
    expect(fresh.status).toBe(201);

    const overdue = await clients(w.a.manager, { overdueObligations: true });
    expect(overdue.ids).toEqual([w.a.assigned.id]);
    expect(overdue.range).toMatch(/\/1$/);
    // with how many: the obligations list's overdue filter counts the same (each PIPL clock of the 30-hour-old incident)
    const overdueOfClient = await t.api().get('/api/obligations').query(listQuery({ range: [0, 0], filter: { clientId: w.a.assigned.id, overdue: true } })).set(w.a.manager.auth);
    const counted = Number(String(overdueOfClient.headers['content-range']).split('/')[1]);
    expect(counted).toBeGreaterThan(0);
    expect(overdue.counts).toEqual([counted]);
    const notOverdue = await clients(w.a.manager, { overdueObligations: false });
    expect(notOverdue.ids).toContain(w.a.unassigned.id);
    expect(notOverdue.ids).not.toContain(w.a.assigned.id);
    // the count comes with the overdue filter only
    expect(notOverdue.counts.every((n) => n === undefined)).toBe(true);
    expect((await clients(w.a.manager, {})).counts.every((n) => n === undefined)).toBe(true);
    // combines with the other filters
    expect((await clients(w.a.manager, { overdueObligations: true, status: 'offboarded' })).ids).toEqual([]);

    // scope: the assigned consultant and that client's admin see it; another client's admin and another firm do not
    expect(await clients(w.a.consultant, { overdueObligations: true })).toMatchObject({ ids: [w.a.assigned.id], counts: [counted] });
    expect(await clients(w.a.clientAdmin, { overdueObligations: true })).toMatchObject({ ids: [w.a.assigned.id], counts: [counted] });
    expect((await clients(w.b.manager, { overdueObligations: true })).ids).toEqual([]);

    // met (late): no longer overdue
    const obligations = await t.api().get('/api/obligations').query(listQuery({ filter: { incidentId: made.body.id, overdue: true } })).set(w.a.manager.auth);
    expect(obligations.body.length).toBeGreaterThan(0);
    for (const o of obligations.body as { id: string }[]) {
      const res = await t.api().post(`/api/obligations/${o.id}/fulfil`).set(w.a.manager.auth).send({ note: '已书面报告' });
      expect(res.status).toBe(200);
    }
    expect((await clients(w.a.manager, { overdueObligations: true })).ids).toEqual([]);
  });

  it('refuses a value that is not true or false', async () => {
    const res = await t.api().get('/api/clients').query(listQuery({ filter: { overdueObligations: 'yes' } })).set(w.a.manager.auth);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('filter.overdueObligations');
  });
});
