import { COMMUNICATION_STATUSES, INCIDENT_STATUSES } from '@incident-desk/shared';
import { seedDemo } from '../../server/src/seed/demo';
import { DEMO_INCIDENTS } from '../../server/src/seed/incidents-demo';
import { DEMO_FIRM_BREACH_CLIENTS } from '../../server/src/seed/firm-incidents-demo';
import { DEMO_COMMUNICATIONS } from '../../server/src/seed/communications-demo';
import { DEMO_TRAININGS } from '../../server/src/seed/trainings-demo';
import { DEMO_EVALUATIONS } from '../../server/src/seed/evaluations-demo';
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
    expect((await all(manager, 'incidents')).length).toBe(DEMO_INCIDENTS.length + DEMO_FIRM_BREACH_CLIENTS.length);
    expect((await all(manager, 'firm-incidents')).length).toBe(1);
  });

  it("has the firm's own breach: a firm incident with a child per affected client, moved to responding, one client update each", async () => {
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    const [f] = await all(manager, 'firm-incidents');
    expect(f).toMatchObject({ status: 'responding', hiddenChildren: 0 });
    expect(f.children).toHaveLength(DEMO_FIRM_BREACH_CLIENTS.length);
    for (const c of f.children) {
      expect(c.status).toBe('responding');
      expect((await all(manager, 'timeline', { incidentId: c.incidentId, kind: 'note' })).map((e) => e.visibility)).toEqual(['client']);
    }
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
    // and its child of the firm's own breach, without a word of the parent
    expect(mine.length).toBe(DEMO_INCIDENTS.filter((d) => d.client === 'pujiang').length + 1);
    expect(mine.every((i) => !('parentId' in i))).toBe(true);
    expect(mine.map((i) => i.status)).toContain('reported');
    expect(new Set(mine.map((i) => i.clientId)).size).toBe(1);
  });

  it('has communications in every status, obligations met by sent ones, and acknowledgements', async () => {
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    const comms = await all(manager, 'communications');
    expect(comms.length).toBe(DEMO_COMMUNICATIONS.length);
    for (const s of COMMUNICATION_STATUSES) expect({ status: s, present: comms.some((c) => c.status === s) }).toEqual({ status: s, present: true });
    const linked = (await all(manager, 'obligations')).filter((o) => o.communicationId);
    expect(new Set(linked.map((o) => o.status))).toEqual(new Set(['met', 'met_late']));
    for (const o of linked) expect(o.fulfilledAt).toBe(comms.find((c) => c.id === o.communicationId)!.sentAt);
    // every sent one was sent after its incident was detected and before now, after approval
    const incidents = new Map((await all(manager, 'incidents')).map((i) => [i.id, i]));
    for (const c of comms.filter((x) => x.status === 'sent')) {
      const order = [incidents.get(c.incidentId)!.detectedAt, c.createdAt, c.submittedAt, c.approvedAt, c.sentAt].map((x) => Date.parse(x));
      expect(order.every((v, n) => !Number.isNaN(v) && (n === 0 || v >= order[n - 1]))).toBe(true);
      expect(order[order.length - 1]).toBeLessThan(Date.now());
    }
    const admin = await login(t, 'client-admin@demo.test', 'demo-pass-2026');
    const portal = await all(admin, 'communications');
    expect(portal.length).toBeGreaterThan(0);
    expect(portal.every((c) => c.clientVisible && ['sent', 'received'].includes(c.status))).toBe(true);
    expect(portal.some((c) => c.acknowledgedAt)).toBe(true);
    expect(portal.some((c) => c.status === 'sent' && !c.acknowledgedAt)).toBe(true);
  });

  it('has trainings coming due and overdue, drills, evaluations of every status with actions some overdue, and their files', async () => {
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    const trainings = await all(manager, 'trainings');
    expect(trainings.length).toBe(DEMO_TRAININGS.length);
    expect((await all(manager, 'trainings', { due: 'overdue' })).length).toBeGreaterThan(0);
    expect((await all(manager, 'trainings', { dueWithinDays: 30 })).length).toBeGreaterThan(0);
    expect((await all(manager, 'trainings', { drill: true })).length).toBeGreaterThan(0);
    expect(trainings.some((x) => typeof x.attendanceRate === 'number' && typeof x.passRate === 'number')).toBe(true);

    const evaluations = await all(manager, 'evaluations');
    expect(evaluations.length).toBeGreaterThanOrEqual(DEMO_EVALUATIONS.length);
    expect(new Set(evaluations.map((e) => e.status))).toEqual(new Set(['draft', 'final']));
    expect(evaluations.some((e) => e.version > 1)).toBe(true);

    const actions = await all(manager, 'actions');
    expect(actions.some((a) => a.status === 'done')).toBe(true);
    expect((await all(manager, 'actions', { overdue: true })).length).toBeGreaterThan(0);

    const files = await all(manager, 'attachments');
    expect(files.some((f) => f.entity === 'trainings')).toBe(true);
    for (const f of files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);

    // the client admin sees only what was shared with their company
    const admin = await login(t, 'client-admin@demo.test', 'demo-pass-2026');
    const shared = await all(admin, 'evaluations');
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((e) => e.sharedWithClient && e.status === 'final' && e.clientId === admin.user.clientId)).toBe(true);
    expect(evaluations.filter((e) => e.clientId === admin.user.clientId && !(e.sharedWithClient && e.status === 'final')).length).toBeGreaterThan(0);
    const theirs = await all(admin, 'trainings');
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((x) => x.clientId === admin.user.clientId)).toBe(true);
  });

  it('agrees with itself: every obligation, its status and its timeline entries tell the same story, from when the incident happened', async () => {
    const manager = await login(t, 'manager@demo.test', 'demo-pass-2026');
    const problems: string[] = [];
    for (const i of await all(manager, 'incidents')) {
      const obligations = await all(manager, 'obligations', { incidentId: i.id });
      const entries = (await all(manager, 'timeline', { incidentId: i.id })).filter((e) => e.kind === 'obligation');
      for (const o of obligations) {
        const what = `${i.reference} ${o.rule}`;
        // a clock starts when the incident was detected (the report clocks), reported (the SLAs) or its handling ended
        const start = o.rule.startsWith('sla_') ? i.reportedAt : o.rule === 'prc_summary_report' ? i.recoveredAt : i.detectedAt;
        if (o.startsAt !== start) problems.push(`${what}: starts ${o.startsAt}, not at ${start}`);
        if (Date.parse(o.dueAt) <= Date.parse(o.startsAt)) problems.push(`${what}: due before it starts`);
        if (o.fulfilledAt) {
          const onTime = Date.parse(o.fulfilledAt) <= Date.parse(o.dueAt);
          if (o.status !== (onTime ? 'met' : 'met_late')) problems.push(`${what}: ${o.status}, fulfilled ${o.fulfilledAt} due ${o.dueAt}`);
          if (Date.parse(o.fulfilledAt) < Date.parse(i.detectedAt)) problems.push(`${what}: met before the incident was detected`);
          const said = entries.filter((e) => e.data.rule === o.rule && e.data.fulfilledAt);
          if (said.length !== 1) problems.push(`${what}: ${said.length} timeline entries say it was met`);
          for (const e of said) {
            if (e.data.status !== o.status) problems.push(`${what}: timeline says ${e.data.status}, the obligation ${o.status}`);
            if (e.data.fulfilledAt !== o.fulfilledAt || e.occurredAt !== o.fulfilledAt) problems.push(`${what}: timeline says met at ${e.data.fulfilledAt} (${e.occurredAt}), the obligation ${o.fulfilledAt}`);
          }
        } else if (entries.some((e) => e.data.rule === o.rule && e.data.fulfilledAt)) problems.push(`${what}: the timeline says met, the obligation is not`);
      }
      for (const stamp of ['acknowledgedAt', 'containedAt', 'recoveredAt', 'resolvedAt', 'closedAt']) {
        if (i[stamp] && Date.parse(i[stamp]) < Date.parse(i.detectedAt)) problems.push(`${i.reference}: ${stamp} before detection`);
      }
    }
    expect(problems).toEqual([]);
  });
});
