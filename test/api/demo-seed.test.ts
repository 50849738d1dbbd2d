import { INCIDENT_STATUSES } from '@incident-desk/shared';
import { seedDemo } from '../../server/src/seed/demo';
import { DEMO_INCIDENTS } from '../../server/src/seed/incidents-demo';
import { freshDatabase } from '../support/browser';
import { listQuery, login, startApp, type TestApp } from '../support/app';

/** The demo data a first start shows: seeded once, through the services, with incidents in every phase. */
describe('demo data', () => {
  let t: TestApp;
  let urls: { ownerUrl: string; appUrl: string };

  beforeAll(async () => {
    urls = await freshDatabase('demo_seed_test');
    t = await startApp({ appDatabaseUrl: urls.appUrl, env: { DATABASE_URL: urls.ownerUrl, APP_DATABASE_URL: urls.appUrl } });
    expect(await seedDemo(t.app, t.config)).toBe(true);
  }, 120_000);
  afterAll(() => t?.close());

  const all = async (s: { auth: Record<string, string> }, resource: string, filter: Record<string, unknown> = {}) => {
    const res = await t.api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], filter })).set(s.auth);
    expect(res.status).toBe(200);
    return res.body as Record<string, any>[];
  };

  it('never seeds twice', async () => {
    expect(await seedDemo(t.app, t.config)).toBe(false);
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    expect((await all(manager, 'incidents')).length).toBe(DEMO_INCIDENTS.length);
  });

  it('has incidents in every phase, with tasks, timelines and obligations some overdue and some met late', async () => {
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    const incidents = await all(manager, 'incidents');
    const statuses = new Set(incidents.map((i) => i.status));
    for (const s of INCIDENT_STATUSES) expect({ status: s, present: statuses.has(s) }).toEqual({ status: s, present: true });
    const obligations = await all(manager, 'obligations');
    const byStatus = (s: string) => obligations.filter((o) => o.status === s).length;
    expect(byStatus('overdue')).toBeGreaterThan(0);
    expect(byStatus('met_late')).toBeGreaterThan(0);
    expect(byStatus('met')).toBeGreaterThan(0);
    const closed = incidents.find((i) => i.status === 'closed')!;
    // the clocks were moved back: a closed incident's phases happened in order, before now
    const order = ['detectedAt', 'acknowledgedAt', 'confirmedAt', 'containedAt', 'recoveredAt', 'resolvedAt', 'closedAt'].map((f) => Date.parse(closed[f]));
    expect(order.every((v, n) => !Number.isNaN(v) && (n === 0 || v >= order[n - 1]))).toBe(true);
    expect(order[order.length - 1]).toBeLessThan(Date.now());
    const tasks = await all(manager, 'tasks', { incidentId: closed.id });
    expect(tasks.filter((x) => x.status === 'done').length).toBeGreaterThan(0);
    const entries = await all(manager, 'timeline', { incidentId: closed.id });
    expect(entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['created', 'transition', 'task', 'obligation']));
  });

  it("shows the client admin their company's reported incident and no other client's", async () => {
    const admin = await login(t, 'client-admin@demo.test', 'demo-pass-2026');
    const mine = await all(admin, 'incidents');
    expect(mine.length).toBe(DEMO_INCIDENTS.filter((d) => d.client === 'pujiang').length);
    expect(mine.map((i) => i.status)).toContain('reported');
    expect(new Set(mine.map((i) => i.clientId)).size).toBe(1);
  });
});
