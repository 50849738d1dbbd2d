import { PLATFORM_FIRM_ID } from '../../server/src/firms/firm.entity';
import {
  computeObligations, computeOverallScore, DEFAULT_FIRM_POLICY, INCIDENT_STATUSES, parseReference, participationFigures, type ObligationFacts,
} from '@incident-desk/shared';
import { Client } from 'pg';
import { parseScaleArgs } from '../../server/src/cli/seed-scale';
import { verifyAllChains } from '../../server/src/cli/audit-verify';
import { generateScale, SCALE_PASSWORD, scaleFirms, withDatabase, type ScaleResult } from '../../server/src/seed/scale';
import { applyListQuery, getManyAndCountCapped, parseListQuery, type ListSpec } from '../../server/src/common/list-query';
import { Incident } from '../../server/src/incidents/incident.entity';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';
import { listQuery, login, startApp, type TestApp } from '../support/app';

const DB = 'seed_scale_test';
const CLIENTS = 20;
const INCIDENTS = 2000;
const TASKS = 5;

/**
 * The scale generator, run small into a database of its own: the schema is exactly the migrated one, the rows keep the
 * rules (references gap-free and counters at the highest number, obligations as the shared rules compute them, scores and
 * training figures as computed), and the two firms stay apart — through row-level security and through the API.
 */
describe('npm run seed:scale', () => {
  let result: ScaleResult;
  let sup: Client;
  let t: TestApp;
  const ownerUrl = withDatabase(process.env.TEST_OWNER_DATABASE_URL!, DB);
  const appUrl = withDatabase(process.env.TEST_APP_DATABASE_URL!, DB);

  beforeAll(async () => {
    result = await generateScale({
      adminUrl: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, 'postgres'),
      ownerUrl,
      database: DB,
      firms: scaleFirms(CLIENTS, INCIDENTS),
      tasksPerIncident: TASKS,
      workers: 2,
      // several chunks, loaded by two connections at once
      chunk: 300,
      scryptLog2N: 12,
    });
    sup = new Client({ connectionString: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, DB) });
    await sup.connect();
    t = await startApp({ appDatabaseUrl: appUrl, env: { DATABASE_URL: ownerUrl, APP_DATABASE_URL: appUrl } });
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await sup?.end();
    const admin = new Client({ connectionString: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, 'postgres') });
    await admin.connect();
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.end();
  });

  const big = () => result.firms[0];
  const small = () => result.firms[1];

  it('parses its command line and refuses to overwrite the product database', () => {
    expect(parseScaleArgs(['--clients', '20', '--incidents=2_000', '--database', 'x_scale'])).toEqual(
      expect.objectContaining({ clients: 20, incidents: 2000, database: 'x_scale', tasksPerIncident: 5 }),
    );
    expect(parseScaleArgs([])).toEqual(expect.objectContaining({ clients: 2000, incidents: 1_000_000, database: 'incident_desk_scale' }));
    expect(() => parseScaleArgs(['--database', 'incident_desk'])).toThrow(/database/);
    expect(() => parseScaleArgs(['--incidents', 'many'])).toThrow(/whole number/);
    expect(() => parseScaleArgs(['--bogus', '1'])).toThrow(/unknown option/);
  });

  it('has the migrated schema: the same tables, indexes, constraints (all validated) and forced row-level security', async () => {
    const main = new Client({ connectionString: process.env.TEST_SUPER_DATABASE_URL! });
    await main.connect();
    try {
      const catalog = async (c: Client) => ({
        indexes: (await c.query(`select indexdef from pg_indexes where schemaname = 'public' order by 1`)).rows.map((r) => r.indexdef),
        constraints: (
          await c.query(
            `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated as d
               from pg_constraint where connamespace = 'public'::regnamespace order by 1`,
          )
        ).rows.map((r) => r.d),
        rls: (
          await c.query(
            `select relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity || ' ' || coalesce(array_to_string(reloptions, ','), '') as d
               from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
          )
        ).rows.map((r) => r.d),
        policies: (await c.query(`select tablename || ' ' || policyname || ' ' || qual from pg_policies where schemaname = 'public' order by 1`)).rows.map((r) => r.d),
      });
      const expected = await catalog(main);
      const actual = await catalog(sup);
      expect(actual).toEqual(expected);
      expect(actual.constraints.filter((d) => d.endsWith(' false'))).toEqual([]);
    } finally {
      await main.end();
    }
  });

  it('fills one large firm and a small second one', async () => {
    const per = async (table: string) =>
      Object.fromEntries((await sup.query(`select firm_id, count(*)::int as n from ${table} group by 1`)).rows.map((r) => [r.firm_id, r.n]));
    const incidents = await per('incidents');
    expect(incidents[big().firmId]).toBe(INCIDENTS);
    expect(incidents[small().firmId]).toBe(scaleFirms(CLIENTS, INCIDENTS)[1].incidents);
    expect((await per('clients'))[big().firmId]).toBe(CLIENTS);
    expect(Number((await sup.query('select count(*) from tasks')).rows[0].count)).toBe(TASKS * (INCIDENTS + incidents[small().firmId]));
    for (const table of ['timeline_entries', 'obligations', 'communications', 'gradings', 'trainings', 'evaluations', 'improvement_actions', 'assignments']) {
      const n = await per(table);
      expect({ table, big: n[big().firmId] > 0, small: n[small().firmId] > 0 }).toEqual({ table, big: true, small: true });
    }
    expect(result.counts.incidents).toBe(INCIDENTS + incidents[small().firmId]);
    // the per-client counters of the lists' totals, kept by statement triggers through the bulk load (chunks of 300)
    const counters = await sup.query(
      `select count(*)::int as clients, count(*) filter (where t.n is distinct from c.n)::int as wrong
         from (select firm_id, client_id, count(*) as n from incidents group by 1, 2) c
         full join incident_totals t on t.firm_id = c.firm_id and t.client_id = c.client_id`,
    );
    expect(counters.rows[0].wrong).toBe(0);
    // what each incident shows beside it, counted per chunk from the rows loaded, as the triggers would keep it
    const extras = await sup.query(
      `select count(*)::int as n, count(progress)::int as progress, count(nearest_due_at)::int as due,
              count(*) filter (where progress is distinct from incident_progress(firm_id, id) or nearest_due_at is distinct from incident_nearest_due(firm_id, id))::int as wrong
         from incidents`,
    );
    expect(extras.rows[0].wrong).toBe(0);
    expect(extras.rows[0].progress).toBe(extras.rows[0].n);
    expect(extras.rows[0].due).toBeGreaterThan(0);
    expect(counters.rows[0].clients).toBeGreaterThanOrEqual(CLIENTS);
    // every role: a manager, consultants assigned to two clients each way, an admin per client
    const roles = (await sup.query(`select role, count(*)::int as n from users where firm_id = $1 group by 1`, [big().firmId])).rows;
    expect(Object.fromEntries(roles.map((r) => [r.role, r.n]))).toEqual({ manager: 1, consultant: scaleFirms(CLIENTS, INCIDENTS)[0].consultants, client_admin: CLIENTS });
    const unassigned = await sup.query(
      `select count(*)::int as n from clients c where not exists (select 1 from assignments a where a.firm_id = c.firm_id and a.client_id = c.id)`,
    );
    expect(unassigned.rows[0].n).toBe(0);
    // each client has one primary consultant (who owns its reports)
    const primaries = await sup.query(
      `select count(*)::int as n from clients c where (select count(*) from assignments a where a.firm_id = c.firm_id and a.client_id = c.id and a.is_primary) <> 1`,
    );
    expect(primaries.rows[0].n).toBe(0);
    // leads are consultants assigned to the incident's client
    const badLead = await sup.query(
      `select count(*)::int as n from incidents i where not exists (select 1 from assignments a where a.firm_id = i.firm_id and a.client_id = i.client_id and a.consultant_id = i.lead_id)`,
    );
    expect(badLead.rows[0].n).toBe(0);
  });

  it('spreads incidents over 24 months and every status, with consistent timestamps', async () => {
    const r = (await sup.query(`select min(created_at) as first, max(created_at) as last from incidents`)).rows[0];
    expect(Date.now() - new Date(r.first).getTime()).toBeGreaterThan(700 * 86400_000);
    expect(Date.now() - new Date(r.last).getTime()).toBeLessThan(10 * 86400_000);
    const statuses = (await sup.query(`select distinct status from incidents`)).rows.map((x) => x.status).sort();
    expect(statuses).toEqual([...INCIDENT_STATUSES].sort());
    const grades = (await sup.query(`select distinct grade from incidents where grade is not null`)).rows.length;
    expect(grades).toBe(4);
    const rows = await sup.query(
      `select status, detected_at, reported_at, acknowledged_at, confirmed_at, contained_at, recovered_at, resolved_at, closed_at, updated_at from incidents`,
    );
    const problems: string[] = [];
    const now = Date.now();
    for (const i of rows.rows) {
      const stamps = [i.detected_at, i.reported_at, i.acknowledged_at, i.confirmed_at, i.contained_at, i.recovered_at, i.resolved_at, i.closed_at]
        .filter((d): d is Date => d !== null)
        .map((d) => d.getTime());
      if (stamps.some((s, k) => k > 0 && s < stamps[k - 1])) problems.push(`out of order: ${JSON.stringify(i)}`);
      if (Math.max(...stamps, i.updated_at.getTime()) > now) problems.push(`in the future: ${JSON.stringify(i)}`);
      if (['closed', 'dismissed'].includes(i.status) !== (i.closed_at !== null)) problems.push(`closed_at vs status: ${JSON.stringify(i)}`);
      if ((i.status === 'reported') !== (i.acknowledged_at === null)) problems.push(`acknowledged_at vs status: ${JSON.stringify(i)}`);
    }
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it('numbers incidents gap-free per firm and year, and leaves each counter at the highest number used', async () => {
    const refs = await sup.query(`select firm_id, reference from incidents`);
    const byKey = new Map<string, number[]>();
    for (const row of refs.rows) {
      const p = parseReference(row.reference);
      expect(p).not.toBeNull();
      const key = `${row.firm_id}/${p!.year}`;
      byKey.set(key, [...(byKey.get(key) ?? []), p!.seq]);
    }
    const counters = await sup.query(`select firm_id, year, last from incident_counters`);
    expect(counters.rows.length).toBe(byKey.size);
    for (const c of counters.rows) {
      const seqs = byKey.get(`${c.firm_id}/${c.year}`)!.sort((a, b) => a - b);
      expect(seqs.length).toBe(c.last);
      expect(seqs[seqs.length - 1]).toBe(c.last);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
  });

  it('has the obligations the shared rules compute, with their status from the fulfilment', async () => {
    const sample = await sup.query(
      `select i.*, c.operator_type, c.contract_sla from incidents i join clients c on c.firm_id = i.firm_id and c.id = i.client_id
        order by i.id limit 300`,
    );
    for (const i of sample.rows) {
      const facts: ObligationFacts = {
        grade: i.grade, status: i.status, detectedAt: i.detected_at.toISOString(), reportedAt: i.reported_at.toISOString(),
        acknowledgedAt: i.acknowledged_at?.toISOString() ?? null, resolvedAt: i.resolved_at?.toISOString() ?? null,
        personalInfoInvolved: i.personal_info_involved, sensitivePersonalInfoInvolved: i.sensitive_personal_info_involved,
        euPersonalData: i.eu_personal_data, highRiskToIndividuals: i.high_risk_to_individuals, operatorType: i.operator_type,
        contractSla: i.contract_sla, policy: DEFAULT_FIRM_POLICY,
      };
      const expected = computeObligations(facts)
        .map((s) => ({ rule: s.rule, audience: s.audience, source: s.source, dueAt: s.dueAt }))
        .sort((a, b) => a.rule.localeCompare(b.rule));
      const stored = await sup.query(`select * from obligations where firm_id = $1 and incident_id = $2 order by rule`, [i.firm_id, i.id]);
      expect(stored.rows.map((o) => ({ rule: o.rule, audience: o.audience, source: o.source, dueAt: o.due_at.toISOString() }))).toEqual(expected);
      for (const o of stored.rows) {
        const status = o.fulfilled_at === null ? 'pending' : o.fulfilled_at > o.due_at ? 'met_late' : 'met';
        expect(o.status).toBe(status);
        if (o.rule === 'sla_acknowledge') expect(o.fulfilled_at?.toISOString() ?? null).toBe(facts.acknowledgedAt);
      }
    }
    const kinds = await sup.query(
      `select count(*) filter (where status = 'pending' and due_at < now())::int as overdue, count(*) filter (where status = 'met_late')::int as late,
              count(*) filter (where status = 'met')::int as met from obligations`,
    );
    expect(kinds.rows[0]).toEqual({ overdue: expect.any(Number), late: expect.any(Number), met: expect.any(Number) });
    expect(Math.min(kinds.rows[0].overdue, kinds.rows[0].late, kinds.rows[0].met)).toBeGreaterThan(0);
    // a regulator report that met an obligation is a sent communication linked both ways
    const links = await sup.query(
      `select count(*)::int as n, count(c.id)::int as linked from obligations o left join communications c
         on c.firm_id = o.firm_id and c.id = o.communication_id and c.obligation_id = o.id and c.status = 'sent' and c.audience = 'regulator'
        where o.communication_id is not null`,
    );
    expect(links.rows[0].n).toBeGreaterThan(0);
    expect(links.rows[0].linked).toBe(links.rows[0].n);
  });

  it('keeps computed figures: evaluation scores and training participation', async () => {
    const evals = await sup.query(`select criteria, scale_max, overall_score from evaluations`);
    for (const e of evals.rows) {
      const r = computeOverallScore(e.criteria, e.scale_max);
      expect(r.ok && r.overallScore).toBe(Number(e.overall_score));
    }
    const trainings = await sup.query(`select participants, pass_mark, participant_count, attended_count, assessed_count, passed_count from trainings`);
    for (const tr of trainings.rows) {
      const f = participationFigures(tr.participants, tr.pass_mark);
      expect([f.participantCount, f.attendedCount, f.assessedCount, f.passedCount]).toEqual([tr.participant_count, tr.attended_count, tr.assessed_count, tr.passed_count]);
    }
  });

  it('shows the app role only its scope: a firm sees none of the other firm, a consultant only assigned clients', async () => {
    const app = new Client({ connectionString: appUrl });
    await app.connect();
    try {
      for (const f of [big(), small()]) {
        await app.query('begin');
        // the firm's whole scope, as the seeders and tools enter it (with the role it takes)
        await app.query(`select app_enter_firm($1, true)`, [f.firmId]);
        for (const table of ['clients', 'incidents', 'tasks', 'timeline_entries', 'obligations', 'communications', 'trainings', 'evaluations', 'improvement_actions', 'gradings', 'assignments', 'incident_counters']) {
          const r = await app.query(`select count(*)::int as n, count(*) filter (where firm_id <> $1)::int as foreign from ${table}`, [f.firmId]);
          expect({ table, some: r.rows[0].n > 0, foreign: r.rows[0].foreign }).toEqual({ table, some: true, foreign: 0 });
        }
        await app.query('rollback');
      }
      const consultant = (await sup.query(`select id from users where firm_id = $1 and email = $2`, [big().firmId, big().consultantEmails[0]])).rows[0].id;
      await app.query('begin');
      await app.query(`select * from app_enter($1, $2)`, [big().firmId, consultant]);
      const seen = await app.query(`select distinct client_id from incidents`);
      const assigned = (await sup.query(`select client_id from assignments where firm_id = $1 and consultant_id = $2`, [big().firmId, consultant])).rows.map((r) => r.client_id);
      await app.query('rollback');
      expect(seen.rows.length).toBeGreaterThan(0);
      expect(seen.rows.every((r) => assigned.includes(r.client_id))).toBe(true);
    } finally {
      await app.end();
    }
  });

  it('serves it through the API: lists with Content-Range, another firm\'s incident is 404, new numbers follow the counter', async () => {
    const manager = await login(t, big().managerEmail, SCALE_PASSWORD);
    const other = await login(t, small().managerEmail, SCALE_PASSWORD);
    const list = await t.api().get('/api/incidents').query(listQuery({ range: [0, 24] })).set(manager.auth);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(25);
    expect(list.headers['content-range']).toBe(`incidents 0-24/${INCIDENTS}`);
    const mine = list.body[0];
    expect((await t.api().get(`/api/incidents/${mine.id}`).set(manager.auth)).status).toBe(200);
    expect((await t.api().get(`/api/incidents/${mine.id}`).set(other.auth)).status).toBe(404);
    const theirs = (await sup.query(`select id from incidents where firm_id = $1 limit 1`, [small().firmId])).rows[0].id;
    expect((await t.api().get(`/api/incidents/${theirs}`).set(manager.auth)).status).toBe(404);
    expect((await t.api().get(`/api/tasks`).query(listQuery({ filter: { incidentId: theirs } })).set(manager.auth)).body).toEqual([]);

    const consultant = await login(t, big().consultantEmails[0], SCALE_PASSWORD);
    const cl = await t.api().get('/api/incidents').query(listQuery({ range: [0, 99] })).set(consultant.auth);
    expect(cl.status).toBe(200);
    const assigned = (await sup.query(`select a.client_id from assignments a join users u on u.firm_id = a.firm_id and u.id = a.consultant_id where u.email = $1`, [big().consultantEmails[0]])).rows.map((r) => r.client_id);
    expect(cl.body.length).toBeGreaterThan(0);
    expect(cl.body.every((i: { clientId: string }) => assigned.includes(i.clientId))).toBe(true);

    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const last = (await sup.query(`select last from incident_counters where firm_id = $1 and year = $2`, [big().firmId, year])).rows[0]?.last ?? 0;
    const activeClient = (await sup.query(`select id from clients where firm_id = $1 and status = 'active' limit 1`, [big().firmId])).rows[0].id;
    const created = await t.api().post('/api/incidents').set(manager.auth).send({ clientId: activeClient, title: '规模数据中的新事件', detectedAt: new Date().toISOString() });
    expect(created.status).toBe(201);
    expect(parseReference(created.body.reference)).toEqual({ year, seq: last + 1 });
  });

  it('has a few breaches at the firm itself, each with children of different clients, served to the manager and hidden from clients', async () => {
    const parents = (await sup.query(`select id, child_count, status, reference from firm_incidents where firm_id = $1 order by reference`, [big().firmId])).rows;
    expect(parents.map((p) => p.reference)).toEqual([1, 2, 3].map((k) => expect.stringMatching(new RegExp(`^FIRM-\\d{4}-000${k}$`))));
    for (const p of parents) {
      const kids = (await sup.query(`select client_id from incidents where firm_id = $1 and parent_id = $2`, [big().firmId, p.id])).rows;
      expect(kids.length).toBe(p.child_count);
      expect(kids.length).toBeGreaterThan(1);
      expect(new Set(kids.map((k) => k.client_id)).size).toBe(kids.length);
    }
    const manager = await login(t, big().managerEmail, SCALE_PASSWORD);
    const shown = await t.api().get(`/api/firm-incidents/${parents[0].id}`).set(manager.auth);
    expect(shown.status).toBe(200);
    expect(shown.body.children).toHaveLength(parents[0].child_count);
    const admin = await login(t, big().clientAdminEmails[0], SCALE_PASSWORD);
    expect((await t.api().get(`/api/firm-incidents/${parents[0].id}`).set(admin.auth)).status).toBe(403);
    const other = await login(t, small().managerEmail, SCALE_PASSWORD);
    expect((await t.api().get(`/api/firm-incidents/${parents[0].id}`).set(other.auth)).status).toBe(404);
  });

  it('counts a list exactly up to the limit and beyond it gives the planner\'s estimate, under the caller\'s scope', async () => {
    const manager = (await sup.query(`select id from users where firm_id = $1 and email = $2`, [big().firmId, big().managerEmail])).rows[0].id;
    const spec: ListSpec = {
      resource: 'incidents', idColumn: 'i.id', sortable: { createdAt: 'i.created_at' }, defaultSort: ['createdAt', 'DESC'],
      filters: { clientId: { column: 'i.client_id', type: 'uuid' } },
    };
    const db = t.app.get(TenantDb);
    const total = (limit: number, query: Record<string, string> = {}) =>
      db.runAs(big().firmId, manager, { requestId: 'test', ip: null }, async () => {
        const parsed = parseListQuery({ range: '[0,24]', ...query }, spec);
        const qb = applyListQuery(db.repo(Incident).createQueryBuilder('i').where('i.firm_id = :firmId', { firmId: big().firmId }), parsed, spec);
        const [items, n] = await getManyAndCountCapped(db.em, qb, parsed, limit);
        return { items: items.length, n };
      });
    // the created incident above is one more
    const all = Number((await sup.query(`select count(*) from incidents where firm_id = $1`, [big().firmId])).rows[0].count);
    expect(await total(5000)).toEqual({ items: 25, n: all });
    const estimated = await total(100);
    expect(estimated.items).toBe(25);
    // the planner's estimate (the tables were analysed after loading): near the real count, and never at or below the limit
    expect(estimated.n).toBeGreaterThan(100);
    expect(Math.abs(estimated.n - all) / all).toBeLessThan(0.2);
    // a short page needs no count at all; a page past the end counts
    const client = (await sup.query(`select client_id, count(*)::int as n from incidents where firm_id = $1 group by 1 order by 2 limit 1`, [big().firmId])).rows[0];
    const few = await db.runAs(big().firmId, manager, { requestId: 'test', ip: null }, async () => {
      const parsed = parseListQuery({ range: '[0,999]', filter: JSON.stringify({ clientId: client.client_id }) }, spec);
      const qb = applyListQuery(db.repo(Incident).createQueryBuilder('i').where('i.firm_id = :firmId', { firmId: big().firmId }), parsed, spec);
      return getManyAndCountCapped(db.em, qb, parsed, 1);
    });
    expect([few[0].length, few[1]]).toEqual([client.n, client.n]);
    expect(await total(5000, { range: `[${all + 10},${all + 34}]` })).toEqual({ items: 0, n: all });
  });

  it('fills the report roll-ups: the firm-wide report from them equals the exact one (percentiles within ±2 %)', async () => {
    const rolled = await startApp({ appDatabaseUrl: appUrl, env: { DATABASE_URL: ownerUrl, APP_DATABASE_URL: appUrl, REPORT_ROLLUP_THRESHOLD: '0' } });
    try {
      const manager = await login(rolled, big().managerEmail, SCALE_PASSWORD);
      const now = new Date();
      const to = now.toISOString().slice(0, 10);
      const from = `${now.getUTCFullYear() - 1}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01`;
      const get = async (extra: Record<string, string>) => {
        const res = await rolled.api().get('/api/reports/service').query({ from, to, lang: 'en', ...extra }).set(manager.auth);
        expect(res.status).toBe(200);
        return res.body;
      };
      const a = await get({});
      const b = await get({ clientIds: big().clientIds.join(',') });
      // the triggers that keep them were set aside for the load only
      const triggers = await sup.query(`select tgrelid::regclass::text || ' ' || tgname as t, tgenabled from pg_trigger where tgname in ('report_rollups', 'report_rollups_insert') order by 1`);
      expect(triggers.rows).toEqual(['communications', 'incidents', 'obligations', 'tasks'].flatMap((x) => ['report_rollups', 'report_rollups_insert'].map((g) => ({ t: `${x} ${g}`, tgenabled: 'O' }))));
      const extras = await sup.query(`select tgrelid::regclass::text || ' ' || tgname as t, tgenabled from pg_trigger where tgname like 'incident_extras_%' order by 1`);
      expect(extras.rows).toEqual(['obligations', 'tasks'].flatMap((x) => ['delete', 'insert', 'update'].map((op) => ({ t: `${x} incident_extras_${op}`, tgenabled: 'O' }))));
      expect(a.responseTimes.approximate).toBe(true);
      expect(a.incidents.opened).toBeGreaterThan(500);
      const strip = (r: any) => ({ ...r, generatedAt: null, allClients: null, responseTimes: null, actions: { ...r.actions, asOf: null } });
      expect(strip(a)).toEqual(strip(b));
      for (const k of ['acknowledge', 'contain', 'resolve']) {
        expect(a.responseTimes[k].count).toBe(b.responseTimes[k].count);
        for (const p of ['medianHours', 'p90Hours']) expect(Math.abs(a.responseTimes[k][p] - b.responseTimes[k][p])).toBeLessThanOrEqual(0.02 * b.responseTimes[k][p] + 0.011);
      }
    } finally {
      await rolled.close();
    }
  });

  it('fills the alerting clocks as their triggers keep them, and turns the triggers back on', async () => {
    const expected = await sup.query(`select (select count(*) from obligations where status = 'pending')::int
      + (select count(*) from incidents where status = 'reported' and acknowledged_at is null)::int as n`);
    const clocks = await sup.query(`select count(*)::int as n, count(*) filter (where kind = 'client_report')::int as reports from notification_clocks`);
    expect(expected.rows[0].n).toBeGreaterThan(0);
    expect(clocks.rows[0].n).toBe(expected.rows[0].n);
    const off = await sup.query(`select tgname from pg_trigger where tgname like 'notification_clock_%' and tgenabled = 'D'`);
    expect(off.rows).toEqual([]);
  });

  it('leaves audit chains that verify', async () => {
    const { firms: results } = await verifyAllChains(appUrl, t.config);
    // the generated firms, and the platform's (issue 20: the operators' chain, made by the migrations)
    expect(results.map((r) => r.firmId).sort()).toEqual([big().firmId, small().firmId, PLATFORM_FIRM_ID].sort());
    expect(results.every((r) => r.ok)).toBe(true);
    // the sign-ins and the incident created above were audited on top of the generated data
    expect(results.find((r) => r.firmId === big().firmId)!.checked).toBeGreaterThan(0);
  });
});
