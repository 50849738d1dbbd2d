import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Client as Pg } from 'pg';
import { addDays, histogramPercentile, hoursBucket, hoursBucketValue, percentileCont, todayIn, type ServiceReport, type ServiceReportTrends } from '@incident-desk/shared';
import { connect } from '../support/db';
import { ok, createClient, createUser, listQuery, login, makeFirm, reportEnv, startApp, type Session, type TestApp } from '../support/app';
import { changeFirmTimeZone } from '../../server/src/reports/report-rollups';

/**
 * The firm-wide service report from the roll-ups (REPORT_ROLLUP_THRESHOLD=0: always, for every client of the firm)
 * against the exact report on the base rows (the same report with every client listed). Counts must be equal and the
 * medians / p90 within the histogram's ±2 %; after every kind of change (the triggers keep the roll-ups) as well.
 * Row-level security: only a scope that sees every client of the firm reads the roll-ups; every scope writes them.
 */
let t: TestApp;
let sup: Pg;
let mgr: Session;
let k1: Session;
let firmId: string;
const clients: string[] = [];
const incidents: string[] = [];
let consultantId: string;
let clientAdminId: string;
let clientAdminEmail: string;
let clientA: string;
const TZ = 'Asia/Shanghai';
const today = todayIn(TZ);
const FROM = addDays(today, -75);
const TO = addDays(today, 20);

const post = (s: Session, path: string, body: object) => t.api().post(path).set(s.auth).send(body);
const put = (s: Session, path: string, body: object) => t.api().put(path).set(s.auth).send(body);

async function reportOf(s: Session, params: Record<string, string>): Promise<ServiceReport> {
  return ok(t.api().get('/api/reports/service').query({ lang: 'en', from: FROM, to: TO, ...params }).set(s.auth), [200]);
}

/** The roll-up report and the exact one for the same period; asserts they agree. */
async function expectRollupsExact(params: Record<string, string> = {}) {
  const rolled = await reportOf(mgr, params);
  const exact = await reportOf(mgr, { ...params, clientIds: clients.join(',') });
  expect(rolled.allClients).toBe(true);
  expect(rolled.responseTimes.approximate).toBe(true);
  expect(exact.allClients).toBe(false);
  expect(exact.responseTimes.approximate).toBeUndefined();
  const strip = (r: ServiceReport) => ({ ...r, generatedAt: null, allClients: null, responseTimes: null, actions: { ...r.actions, asOf: null } });
  expect(strip(rolled)).toEqual(strip(exact));
  for (const k of ['acknowledge', 'contain', 'resolve'] as const) {
    const a = rolled.responseTimes[k];
    const b = exact.responseTimes[k];
    expect({ k, count: a.count }).toEqual({ k, count: b.count });
    for (const p of ['medianHours', 'p90Hours'] as const) {
      const x = a[p];
      const y = b[p];
      if (y === null) expect(x).toBeNull();
      else expect({ k, p, diff: Math.abs(x! - y) <= 0.02 * Math.abs(y) + 0.011 }).toEqual({ k, p, diff: true });
    }
  }
  return { rolled, exact };
}

/** An app-role connection in a transaction with a scope (as app_enter_scope() sets it, with the role it takes). */
async function asScope<T>(scope: { role: string; userId: string; allClients: boolean; clientIds: string[] }, fn: (c: Pg) => Promise<T>): Promise<T> {
  const c = await connect('app');
  try {
    await c.query('begin');
    await c.query(
      `select set_config('app.firm_id', $1, true), set_config('app.user_id', $2, true), set_config('app.role', $3, true),
              set_config('app.all_clients', $4, true), set_config('app.client_ids', $5, true)`,
      [firmId, scope.userId, scope.role, scope.allClients ? 'on' : 'off', scope.clientIds.join(',')],
    );
    await c.query('select app_scope_role()');
    const r = await fn(c);
    await c.query('commit');
    return r;
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

beforeAll(async () => {
  t = await startApp({ env: reportEnv({ REPORT_ROLLUP_THRESHOLD: '0' }) });
  sup = await connect('super');
  const f = await makeFirm(t, 'Rollup Firm');
  firmId = f.firmId;
  mgr = f.manager;
  for (const [name, operatorType] of [['Rollup A', 'cii'], ['Rollup B', 'other'], ['Rollup C', 'state_organ']]) {
    clients.push((await createClient(t, mgr, { name, operatorType, processesEuPersonalData: true })).id);
  }
  clientA = clients[0];
  const u1 = await createUser(t, mgr, f.slug, { role: 'consultant', name: 'Rita Roll' });
  const u3 = await createUser(t, mgr, f.slug, { role: 'client_admin', clientId: clientA, name: 'Carl Admin' });
  consultantId = u1.id;
  clientAdminId = u3.id;
  clientAdminEmail = u3.email;
  await ok(post(mgr, '/api/assignments', { consultantId, clientId: clients[0] }));
  await ok(post(mgr, '/api/assignments', { consultantId, clientId: clients[1] }));
  k1 = await login(t, u1.email);

  // incidents through the API (their obligations, tasks and timeline as the app makes them), by the consultant and the manager
  const categories = ['malware', 'network_attack', 'data_security', null];
  for (let k = 0; k < 18; k++) {
    const author = k % 3 === 2 ? mgr : k1;
    const clientId = k % 3 === 2 ? clients[2] : clients[k % 2];
    const body: Record<string, unknown> = { clientId, title: `Rolled ${k}`, detectedAt: hoursAgo(2 + k * 7), personalInfoInvolved: k % 2 === 0 };
    if (categories[k % 4]) body.category = categories[k % 4];
    incidents.push((await ok(post(author, '/api/incidents', body))).id);
  }
  // their history, as it happened (spread over the period, one before it, one after it; varied response times)
  for (let k = 0; k < incidents.length; k++) {
    const detected = new Date(Date.now() - (k * 4 + 1) * 86_400_000 - k * 3_600_000);
    const h = (x: number) => new Date(detected.getTime() + x * 3_600_000).toISOString();
    if (k === 16) detected.setTime(Date.now() - 120 * 86_400_000); // before the period, still open
    await sup.query(
      `update incidents set detected_at = $3, reported_at = $4, acknowledged_at = $5, contained_at = $6, resolved_at = $7, closed_at = $8, status = $9,
              grade = $10, nature = $11
        where firm_id = $1 and id = $2`,
      [
        firmId, incidents[k], detected.toISOString(), h(0.5 + k * 0.1),
        k % 5 === 4 ? null : h(0.5 + k * 0.37), k % 4 === 3 ? null : h(3 + k * 1.7), k % 3 === 1 ? null : h(20 + k * 9.5),
        k % 3 === 0 ? h(30 + k * 12) : k === 5 ? h(2) : null,
        k % 3 === 0 ? 'closed' : k === 5 ? 'dismissed' : 'responding',
        ['general', 'major', null, 'relatively_major'][k % 4], ['external_attack', null, 'human_error'][k % 3],
      ],
    );
  }
  // tasks done by the consultant and the manager
  for (const [s, id] of [[k1, incidents[0]], [k1, incidents[1]], [mgr, incidents[2]]] as [Session, string][]) {
    const tasks = await ok<{ id: string }[]>(t.api().get('/api/tasks').query(listQuery({ filter: { incidentId: id }, range: [0, 1] })).set(s.auth));
    for (const task of tasks) await ok(put(s, `/api/tasks/${task.id}`, { status: 'done' }));
  }
  // communications: sent (client-visible and not), received
  const send = async (author: Session, body: object) => {
    const m = await ok(post(author, '/api/communications', { channel: 'email', ...body }));
    await ok(post(author, `/api/communications/${m.id}/transition`, { to: 'in_review' }));
    await ok(post(author === mgr ? k1 : mgr, `/api/communications/${m.id}/transition`, { to: 'approved' }));
    await ok(post(author, `/api/communications/${m.id}/transition`, { to: 'sent' }));
    return m.id as string;
  };
  await send(k1, { incidentId: incidents[0], audience: 'client', subject: 'R1', clientVisible: true });
  await send(k1, { incidentId: incidents[1], audience: 'internal', subject: 'R2', clientVisible: false });
  await send(mgr, { incidentId: incidents[4], audience: 'partner', subject: 'R3', clientVisible: false });
  await ok(post(k1, '/api/communications', {
    incidentId: incidents[3], direction: 'inbound', audience: 'client', channel: 'phone', subject: 'R4', clientVisible: true, receivedAt: hoursAgo(30),
  }));
  // obligations: some met, some met late, some overdue, some due later (one later today, if today has time left)
  const obligations = await ok<{ id: string; status: string }[]>(
    t.api().get('/api/obligations').query(listQuery({ range: [0, 199] })).set(mgr.auth),
  );
  expect(obligations.length).toBeGreaterThan(10);
  const ids = obligations.map((o) => o.id);
  await sup.query(`update obligations set due_at = now() - interval '3 days' * (1 + (ascii(id::text) % 7)) where firm_id = $1 and id = any($2)`, [firmId, ids.slice(0, 8)]);
  await sup.query(`update obligations set due_at = now() + interval '5 days' where firm_id = $1 and id = any($2)`, [firmId, ids.slice(8, 10)]);
  await sup.query(`update obligations set due_at = now() - interval '1 minute', starts_at = now() - interval '2 hours' where firm_id = $1 and id = $2 and status = 'pending'`, [firmId, ids[10]]);
  await sup.query(`update obligations set status = 'met', fulfilled_at = due_at - interval '1 hour' where firm_id = $1 and id = any($2)`, [firmId, ids.slice(0, 3)]);
  await sup.query(`update obligations set status = 'met_late', fulfilled_at = due_at + interval '1 hour' where firm_id = $1 and id = $2`, [firmId, ids[3]]);
}, 180_000);

afterAll(async () => {
  await sup?.end();
  await t?.close();
});

describe('report roll-ups', () => {
  it('read back durations within ±2 % (the bucket function of SQL and of shared agree)', async () => {
    const hours = [0, 0.00001, 0.004, 0.5, 1, 1.04, 2.7, 35, 1000, 9999.5, -3];
    const sql = (await sup.query(`select report_hours_bucket(h) as b from unnest($1::float8[]) h`, [hours])).rows.map((r) => r.b);
    expect(sql).toEqual(hours.map(hoursBucket));
    for (const h of hours) expect(Math.abs(hoursBucketValue(hoursBucket(h)) - h)).toBeLessThanOrEqual(Math.abs(h) * 0.0199 + 1e-4);
    const values = [0.2, 0.9, 1.3, 2, 2.1, 5, 8, 13, 40, 41];
    const buckets = new Map<number, number>();
    for (const v of values) buckets.set(hoursBucket(v), (buckets.get(hoursBucket(v)) ?? 0) + 1);
    const hist = [...buckets].map(([bucket, count]) => ({ bucket, count }));
    for (const p of [0, 0.1, 0.5, 0.9, 1]) {
      const exact = percentileCont(values, p)!;
      expect(Math.abs(histogramPercentile(hist, p)! - exact)).toBeLessThanOrEqual(exact * 0.0199);
    }
    expect(histogramPercentile([], 0.5)).toBeNull();
  });

  it('answers a manager\'s firm-wide report with the exact counts (internal and client version, and a 30-day period)', async () => {
    const { rolled } = await expectRollupsExact();
    // the data set means something: every kind of figure is there
    expect(rolled.incidents.opened).toBeGreaterThan(10);
    expect(rolled.incidents.closed).toBeGreaterThan(2);
    expect(rolled.incidents.openAtEnd).toBeGreaterThan(5);
    expect(rolled.incidents.dismissed).toBe(1);
    expect(rolled.responseTimes.resolve.count).toBeGreaterThan(5);
    expect(rolled.obligations.total.metOnTime + rolled.sla.total.metOnTime).toBeGreaterThan(0);
    expect(rolled.obligations.total.missed + rolled.sla.total.missed).toBeGreaterThan(0);
    expect(rolled.obligations.total.pending + rolled.sla.total.pending).toBeGreaterThan(0);
    expect(rolled.communications.total).toBe(4);
    expect(rolled.workload!.find((w) => w.userId === consultantId)).toMatchObject({ tasksDone: expect.any(Number), communicationsSent: 2 });
    expect(rolled.workload!.reduce((s, w) => s + w.tasksDone, 0)).toBeGreaterThan(0);
    expect(rolled.workload!.reduce((s, w) => s + w.incidentsLed, 0)).toBeGreaterThan(0);
    await expectRollupsExact({ version: 'client' });
    await expectRollupsExact({ from: addDays(today, -30), to: today });
    // a period in the past: open at its end from the history before it
    await expectRollupsExact({ from: addDays(today, -60), to: addDays(today, -20) });
  });

  it('gives the firm-wide trends from the roll-ups, each month as that month\'s firm-wide report counts it', async () => {
    const r: ServiceReportTrends = await ok(t.api().get('/api/reports/service/trends').query({ from: FROM, to: TO }).set(mgr.auth), [200]);
    expect(r.allClients).toBe(true);
    expect(r.months.length).toBeGreaterThanOrEqual(4);
    expect(r.months.every((m) => m.responseTimes.approximate === true)).toBe(true);
    for (const m of r.months) {
      const month = await reportOf(mgr, { from: m.from, to: m.to });
      expect(month.responseTimes.approximate).toBe(true);
      expect(m).toEqual({
        month: m.month, from: m.from, to: m.to,
        incidents: { opened: month.incidents.opened, closed: month.incidents.closed },
        responseTimes: { acknowledge: month.responseTimes.acknowledge, resolve: month.responseTimes.resolve, approximate: true },
        obligations: month.obligations.total,
        sla: month.sla.total,
      });
    }
    expect(r.months.reduce((n, m) => n + m.incidents.opened, 0)).toBe((await reportOf(mgr, {})).incidents.opened);
  });

  it('stays exact after changes: transitions, acknowledgement, regrading, obligations met, communications sent, deletion', async () => {
    const before = await reportOf(mgr, {});
    // close one (manager override of the open tasks), dismiss one, reopen a closed one
    const i7 = incidents[7];
    for (const to of ['recovering', 'investigating', 'follow_up', 'closed']) await ok(post(mgr, `/api/incidents/${i7}/transition`, { to, override: true, reason: 'test' }));
    await ok(post(mgr, `/api/incidents/${incidents[3]}/transition`, { to: 'responding', reason: 'reopened' }));
    // a fresh one reported by the client, acknowledged by moving it to triage, then regraded
    const ca = await login(t, clientAdminEmail);
    const fresh = await ok(post(ca, '/api/incidents', { clientId: clientA, title: 'Fresh', detectedAt: hoursAgo(1) }));
    expect(fresh.acknowledgedAt).toBeNull();
    incidents.push(fresh.id);
    await ok(post(k1, `/api/incidents/${fresh.id}/transition`, { to: 'triage' }));
    const small = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 10, personalInfoRecords: 10, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
    await ok(post(k1, `/api/incidents/${fresh.id}/grade`, { inputs: small }));
    await ok(post(k1, `/api/incidents/${fresh.id}/grade`, { inputs: small, grade: 'major', rationale: 'wider than it looked' }));
    // an obligation met
    const pending = await ok<{ id: string }[]>(t.api().get('/api/obligations').query(listQuery({ filter: { status: 'pending' }, range: [0, 0] })).set(mgr.auth));
    await ok(post(mgr, `/api/obligations/${pending[0].id}/fulfil`, { note: 'done' }));
    // a communication sent
    const m = await ok(post(k1, '/api/communications', { incidentId: fresh.id, audience: 'client', channel: 'email', subject: 'R5', clientVisible: true }));
    await ok(post(k1, `/api/communications/${m.id}/transition`, { to: 'in_review' }));
    await ok(post(mgr, `/api/communications/${m.id}/transition`, { to: 'approved' }));
    await ok(post(k1, `/api/communications/${m.id}/transition`, { to: 'sent' }));
    // deleted (the app has no deletion of incidents; the cascade to tasks, obligations and communications runs under the manager's scope)
    const gone = incidents[0];
    await asScope({ role: 'manager', userId: mgr.user.id, allClients: true, clientIds: [] }, (c) =>
      c.query(`delete from incidents where firm_id = $1 and id = $2`, [firmId, gone]),
    );
    const after = (await expectRollupsExact()).rolled;
    expect(after.incidents.opened).toBe(before.incidents.opened); // one new, one deleted
    expect(after.incidents.byGrade).not.toEqual(before.incidents.byGrade);
    expect(after.communications.total).toBe(before.communications.total); // R5 sent, R1 deleted with its incident
    await expectRollupsExact({ version: 'client' });
    // compaction left one row per counter, and the figures did not move
    const dup = await sup.query(`select count(*)::int as n from (select 1 from report_rollups where firm_id = $1 group by measure, day, key having count(*) > 1) x`, [firmId]);
    expect(dup.rows[0].n).toBe(0);
    await expectRollupsExact();
  });

  it('rebuilds to the same counters, and again when the firm changes its time zone', async () => {
    const counters = async () =>
      (await sup.query(`select measure, day::text, key, sum(n)::int as n from report_rollups where firm_id = $1 group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3`, [firmId])).rows;
    const kept = await counters();
    expect(kept.length).toBeGreaterThan(50);
    await asScope({ role: 'manager', userId: mgr.user.id, allClients: true, clientIds: [] }, (c) => c.query(`select report_rollups_rebuild($1)`, [firmId]));
    expect(await counters()).toEqual(kept);
    // another time zone moves incidents across days; the report (days in the new zone) stays exact
    await asScope({ role: 'manager', userId: mgr.user.id, allClients: true, clientIds: [] }, (c) => changeFirmTimeZone(c, firmId, 'America/Los_Angeles'));
    try {
      mgr = await login(t, mgr.user.email);
      expect(await counters()).not.toEqual(kept);
      await expectRollupsExact();
    } finally {
      await asScope({ role: 'manager', userId: mgr.user.id, allClients: true, clientIds: [] }, (c) => changeFirmTimeZone(c, firmId, TZ));
      mgr = await login(t, mgr.user.email);
    }
    expect(await counters()).toEqual(kept);
    // a scope without every client cannot rebuild (it would count only its clients)
    await expect(
      asScope({ role: 'consultant', userId: consultantId, allClients: false, clientIds: clients.slice(0, 2) }, (c) => c.query(`select report_rollups_rebuild($1)`, [firmId])),
    ).rejects.toThrow(/every client/);
  });

  it('shows the roll-ups to managers only; consultants and client admins write them through their changes', async () => {
    const count = (scope: Parameters<typeof asScope>[0]) => asScope(scope, async (c) => Number((await c.query(`select count(*) from report_rollups`)).rows[0].count));
    const manager = { role: 'manager', userId: mgr.user.id, allClients: true, clientIds: [] };
    const consultant = { role: 'consultant', userId: consultantId, allClients: false, clientIds: clients.slice(0, 2) };
    const clientAdmin = { role: 'client_admin', userId: clientAdminId, allClients: false, clientIds: [clientA] };
    expect(await count(manager)).toBeGreaterThan(0);
    expect(await count(consultant)).toBe(0);
    expect(await count(clientAdmin)).toBe(0);
    // nor delete (compact) them
    const total = async () => Number((await sup.query(`select count(*) as n from report_rollups where firm_id = $1`, [firmId])).rows[0].n);
    const rows = await total();
    expect(await asScope(consultant, async (c) => (await c.query(`delete from report_rollups where firm_id = $1`, [firmId])).rowCount)).toBe(0);
    await asScope(clientAdmin, (c) => c.query(`select report_rollups_compact($1)`, [firmId]));
    expect(await total()).toBe(rows);
    // nor write another firm's
    await expect(
      asScope(consultant, (c) => c.query(`insert into report_rollups (firm_id, measure, day, key, id, n, delta) values ($1, 'opened', current_date, '', $2, 1, true)`, [randomUUID(), randomUUID()])),
    ).rejects.toThrow(/row-level security/);
    // a consultant's changes (a new incident, tasks done) go through, and the manager's report counts them
    const before = await reportOf(mgr, {});
    const mine = await ok(post(k1, '/api/incidents', { clientId: clients[0], title: 'By the consultant', detectedAt: hoursAgo(3) }));
    const tasks = await ok<{ id: string }[]>(t.api().get('/api/tasks').query(listQuery({ filter: { incidentId: mine.id }, range: [0, 0] })).set(k1.auth));
    await ok(put(k1, `/api/tasks/${tasks[0].id}`, { status: 'done' }));
    const after = (await expectRollupsExact()).rolled;
    expect(after.incidents.opened).toBe(before.incidents.opened + 1);
    const tasksOf = (r: ServiceReport) => r.workload!.find((w) => w.userId === consultantId)?.tasksDone ?? 0;
    expect(tasksOf(after)).toBe(tasksOf(before) + 1);
  });

  it('marks the approximate percentiles "≈" in the CSV and the PDF', async () => {
    const download = (ext: string, params: Record<string, string> = {}) =>
      t.api().get(`/api/reports/service.${ext}`).query({ lang: 'en', from: FROM, to: TO, ...params }).set(mgr.auth).buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const csv = (await download('csv')).body.toString('utf8');
    expect(csv).toContain('≈ Median (h)');
    expect(csv).toContain('≈ p90 (h)');
    const exactCsv = (await download('csv', { clientIds: clients.join(',') })).body.toString('utf8');
    expect(exactCsv).toContain('Median (h)');
    expect(exactCsv).not.toContain('≈');
    const pdf = (await download('pdf')).body as Buffer;
    const out = execFileSync(process.execPath, [join(__dirname, '../support/pdf-text.mjs')], { input: pdf, maxBuffer: 64 * 1024 * 1024 });
    const text = (JSON.parse(out.toString('utf8')).pages as string[]).join(' ').replace(/\s+/g, '');
    expect(text).toContain('≈Median(h)');
    expect(text).toContain('estimatedfromthefirm\'sdailyroll-ups');
  });

  it('leaves reports of chosen clients, and of consultants, to the exact queries', async () => {
    const r = await reportOf(mgr, { clientIds: clients[0] });
    expect(r.responseTimes.approximate).toBeUndefined();
    const k = await reportOf(k1, {});
    expect(k.allClients).toBe(false);
    expect(k.responseTimes.approximate).toBeUndefined();
  });
});
