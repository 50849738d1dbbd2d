import { createClient, createUser, listQuery, login, makeFirm, ok, startApp, type Session, type TestApp } from '../support/app';

/**
 * A firm incident for many clients (issue 18): its children are opened and moved set-based, in a few statements for
 * all of them. Each child must come out exactly as an incident opened (and moved) on its own for the same client
 * does: the same tasks and assignees, the same clocks, the same timeline, one audit row each, the client's admins told.
 * The time taken for `FIRM_BULK_CLIENTS` clients (default 300) is printed, not asserted.
 */
const CLIENTS = Number(process.env.FIRM_BULK_CLIENTS ?? 300);

describe('firm incidents in bulk', () => {
  let t: TestApp;
  let manager: Session;
  let slug: string;
  let consultant: { id: string };
  const clients: { id: string; name: string; operatorType: string }[] = [];
  let adminOfFirst: Session;
  beforeAll(async () => {
    t = await startApp();
    ({ manager, slug } = await makeFirm(t, 'Bulk'));
    consultant = await createUser(t, manager, slug, { role: 'consultant', name: '法务 顾问' });
    const types = ['other', 'cii', 'state_organ'];
    for (let k = 0; k < CLIENTS; k += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, CLIENTS - k) }, (_, j) => {
        const operatorType = types[(k + j) % 3];
        const extra = (k + j) % 5 === 0 ? { contractSla: { acknowledgeHours: { major: 2, general: 8 }, resolveHours: { major: 72, general: 120 } } } : {};
        return createClient(t, manager, { operatorType, ...extra }).then((c) => ({ ...c, operatorType }));
      }));
      clients.push(...batch);
    }
    const admin = await createUser(t, manager, slug, { role: 'client_admin', clientId: clients[0].id });
    adminOfFirst = await login(t, admin.email);
  }, 600_000);
  afterAll(async () => {
    await t?.close();
  });

  const api = () => t.api();
  const detectedAt = new Date(Date.now() - 30 * 60_000).toISOString();
  const fields = {
    title: '执照变更数据泄露', detectedAt, personalInfoInvolved: true, category: 'data_security', nature: 'human_error',
    team: [{ userId: null as string | null, name: '法务 顾问', role: 'legal' }],
  };
  async function list(resource: string, filter: Record<string, unknown>, s: Session = manager) {
    const out: any[] = [];
    for (let start = 0; ; start += 1000) {
      const page = await ok<any[]>(api().get(`/api/${resource}`).query(listQuery({ range: [start, start + 999], filter })).set(s.auth));
      out.push(...page);
      if (page.length < 1000) return out;
    }
  }
  /** What an incident is made of, without its ids and times of writing: to compare a child with its twin. */
  /** Times of writing differ between a child and its twin: a time becomes whether it is set. */
  const timeless = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !['id', 'reference', 'parentId', 'updatedAt', 'createdAt'].includes(k)).map(([k, v]) => [k, k.endsWith('At') ? v !== null : v]));
  /** What an incident is made of, without its ids and times of writing: to compare a child with its twin. */
  async function shape(incidentId: string) {
    const tasks = (await list('tasks', { incidentId })).map((k) => `${k.phase}/${k.key}/${k.assigneeId}/${k.dueAt}/${k.status}/${k.required}`).sort();
    // a clock's length (an SLA clock starts when the incident is reported: the twin was a moment earlier)
    const clocks = (await list('obligations', { incidentId })).map((o) => `${o.rule}/${Date.parse(o.dueAt) - Date.parse(o.startsAt)}/${o.status}/${o.fulfilledAt !== null}`).sort();
    const timeline = (await list('timeline', { incidentId })).map((e) => `${e.kind}/${e.visibility}/${e.body}/${JSON.stringify(timeless(e.data))}`).sort();
    const audit = (await list('audit-logs', { entityId: incidentId })).map((a) => `${a.entity}/${a.action}/${Object.keys(a.changes).filter((k) => k !== 'parentId').sort()}`).sort();
    const incident = await ok(api().get(`/api/incidents/${incidentId}`).set(manager.auth));
    return { tasks, clocks, timeline, audit, incident: timeless(incident) };
  }

  it(`opens and moves a firm incident for ${CLIENTS} clients, each child as an incident opened and moved on its own`, async () => {
    const team = [{ ...fields.team[0], userId: consultant.id }];
    // twins: the first clients of each operator type, opened on their own with the same facts
    const sample = clients.slice(0, 6);
    const twins = new Map<string, string>();
    for (const c of sample) twins.set(c.id, (await ok(api().post('/api/incidents').set(manager.auth).send({ ...fields, team, clientId: c.id }), [201])).id);

    let started = Date.now();
    const f = await ok(api().post('/api/incidents').set(manager.auth).send({ ...fields, team, scope: 'firm', affectedClientIds: clients.map((c) => c.id) }), [201]);
    const opened = Date.now() - started;
    // eslint-disable-next-line no-console
    console.log(`firm incident for ${CLIENTS} clients: opened in ${(opened / 1000).toFixed(2)} s`);
    expect(f.children).toHaveLength(CLIENTS);
    expect(new Set(f.children.map((c: any) => c.reference)).size).toBe(CLIENTS);
    // references are the firm's next numbers, gap-free after the twins'
    const numbers = f.children.map((c: any) => Number(c.reference.split('-').pop())).sort((a: number, b: number) => a - b);
    expect(numbers).toEqual(Array.from({ length: CLIENTS }, (_, k) => sample.length + 1 + k));
    const childOf = new Map<string, string>(f.children.map((c: any) => [c.clientId, c.incidentId]));
    for (const c of sample) expect(await shape(childOf.get(c.id)!)).toEqual(await shape(twins.get(c.id)!));
    // every child has its tasks, clocks, timeline entry and audit row
    const ids = f.children.map((c: any) => c.incidentId);
    const perChild = async (resource: string, filter: Record<string, unknown> = {}) => {
      const n = new Map<string, number>();
      for (const r of await list(resource, { ...filter, incidentId: ids })) n.set(r.incidentId, (n.get(r.incidentId) ?? 0) + 1);
      return ids.map((id: string) => n.get(id) ?? 0);
    };
    const taskCount = (await list('tasks', { incidentId: twins.get(sample[0].id) })).length;
    expect(new Set(await perChild('tasks'))).toEqual(new Set([taskCount]));
    expect((await perChild('timeline', { kind: 'created' })).every((n) => n === 1)).toBe(true);
    expect((await perChild('obligations')).every((n) => n >= 1)).toBe(true);
    const created = await list('audit-logs', { entity: 'incidents', action: 'create', entityId: ids });
    expect(created.map((a) => a.entityId).sort()).toEqual([...ids].sort());
    // the client's admin is told of their child, and sees it
    const told = await list('notifications', { incidentId: childOf.get(clients[0].id) }, adminOfFirst);
    expect(told.map((n) => n.kind)).toContain('client_update');

    started = Date.now();
    const moved = await ok(api().post(`/api/firm-incidents/${f.id}/transition`).set(manager.auth).send({ to: 'responding', reason: '负责人决定进入处置' }));
    const movedMs = Date.now() - started;
    // eslint-disable-next-line no-console
    console.log(`firm incident for ${CLIENTS} clients: moved with its children in ${(movedMs / 1000).toFixed(2)} s`);
    expect(moved.children.every((c: any) => c.status === 'responding' && c.withParent)).toBe(true);
    // the parent moves its children past their open required tasks (an override, with the parent's reason), as the twin is moved
    for (const c of sample) await ok(api().post(`/api/incidents/${twins.get(c.id)}/transition`).set(manager.auth).send({ to: 'responding', override: true, reason: '负责人决定进入处置' }));
    for (const c of sample) {
      const [child, twin] = [await shape(childOf.get(c.id)!), await shape(twins.get(c.id)!)];
      expect(child).toEqual(twin);
    }
    expect((await perChild('timeline', { kind: 'transition' })).every((n) => n === 1)).toBe(true);
    const transitions = await list('audit-logs', { entity: 'incidents', action: 'transition', entityId: ids });
    expect(transitions).toHaveLength(CLIENTS);
    // the chain still verifies after the rows written together
    expect(await ok(api().post('/api/audit-logs/verify').set(manager.auth))).toMatchObject({ ok: true });

  }, 600_000);
});
