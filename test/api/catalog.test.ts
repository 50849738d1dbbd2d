import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../../server/src/database/entities';
import { APP_ROLE } from '../../server/src/database/roles';
import { connect } from '../support/db';
import { catalogShape } from '../support/table-shape';
import { tableShapeOf } from '../../server/src/database/table-shape';
import { makeWorld, startApp, type TestApp } from '../support/app';
import { seedDemo } from '../../server/src/seed/demo';
import type { Client } from 'pg';
import { base32Decode, totp } from '../../server/src/auth/totp';
import { testPng } from '../support/images';

/** Tables that hold no firm's data. Adding one here is a deliberate decision. */
const GLOBAL_TABLES = [
  'app_meta',
  'schema_migrations',
  // the sign-in throttle's counters (migration 1765321000000): counted before any firm is known, keyed by hashes of
  // address and account, shared by every app server
  'login_throttle',
];

/**
 * Schemas besides the system's. Only `public` holds firms' data and is checked below; adding one is a deliberate
 * decision, with its reason.
 */
const SCHEMAS: Record<string, string> = {
  public: "the product's tables, checked by the tests below",
  // pg-boss's job queue (server/src/jobs/job-queue.ts): jobs carry ids only (a firm's and a delivery's), never a firm's
  // data, which their handlers read under row-level security through the app role; owned by the database owner; the app
  // role may only enqueue (INSERT and SELECT (id) on pgboss.job, SELECT on pgboss.queue)
  pgboss: 'the job queue (pg-boss): ids only, no firm data, no row-level security by design',
};

/** The nodes of `sql`'s plan (EXPLAIN, flattened) in the scope of `userId` of `firmId`, on an app-role connection. */
async function planAs(app: Client, firmId: string, userId: string, sql: string, params: unknown[]): Promise<any[]> {
  await app.query('begin read only');
  try {
    await app.query(`select app_enter_scope($1, $2)`, [firmId, userId]);
    const [{ 'QUERY PLAN': [p] }] = (await app.query(`explain (format json) ${sql}`, params)).rows;
    const nodes: any[] = [];
    const walk = (n: any) => { nodes.push(n); for (const c of n.Plans ?? []) walk(c); };
    walk(p.Plan);
    return nodes;
  } finally {
    await app.query('rollback');
  }
}

/** The tables whose policy has a list form (the app role) and a firm's whole form (incident_app_all): 1767300000000. */
const SCOPE_SPLIT_TABLES = [
  'clients', 'users', 'assignments', 'incidents', 'gradings', 'tasks', 'obligations', 'trainings', 'incident_totals', 'timeline_entries',
  'communications', 'evaluations', 'improvement_actions', 'attachments', 'attachment_contents', 'firm_incidents', 'time_entries',
];
const APP_ALL_ROLE = 'incident_app_all';

/**
 * What Citus refuses in a function a trigger runs (issue 21): DML whose rows come from a transition table (`insert …
 * select … from new_rows`, `update … from old_rows`: loop over them in PL/pgSQL instead), an UPDATE that calls a STABLE
 * function of ours with anything but variables (compute the value first, then update), clock_timestamp() or random()
 * in DML. Reads the function's source: statements split at `;`, `for … in … loop` headers set aside.
 */
function citusTriggerProblems(name: string, source: string, transitionTables: string[], argNames: string[], stable: Set<string>): string[] {
  const text = source.toLowerCase().replace(/--[^\n]*/g, '');
  const declared = [...(text.match(/\bdeclare\b([\s\S]*?)\bbegin\b/)?.[1] ?? '').matchAll(/(\w+)\s+[\w.[\]]+(\s*:=[^;]*)?;/g)].map((m) => m[1]);
  const loops = [...text.matchAll(/\bfor\s+(\w+)\s+in\b/g)].map((m) => m[1]);
  const variables = new Set([...argNames.map((a) => a.toLowerCase()), ...declared, ...loops, 'new', 'old', 'tg_op']);
  const isVariable = (arg: string) => {
    const a = arg.trim();
    return variables.has(a) || variables.has(a.split('.')[0]) || /^('.*'|\d+(\.\d+)?|null|true|false)(::\w+)?$/.test(a);
  };
  const statements = text.replace(/\bfor\s+\w+\s+in\s+[\s\S]*?\bloop\b/g, ';').split(';').map((s) => s.trim().replace(/^(begin|loop|then|else|end if|end loop)\s+/g, ''));
  const problems: string[] = [];
  for (const st of statements) {
    const dml = /^(insert|update|delete)\b/.test(st) || /\b(insert\s+into|update\s+\w+(\s+\w+)?\s+set|delete\s+from)\b/.test(st);
    if (!dml) continue;
    for (const t of transitionTables) if (new RegExp(`\\b${t}\\b`).test(st)) problems.push(`${name}: DML from transition table ${t}`);
    if (/\b(clock_timestamp|random)\s*\(/.test(st)) problems.push(`${name}: volatile function in DML`);
    if (/\bupdate\b/.test(st)) {
      for (const m of st.matchAll(/\b(\w+)\s*\(([^()]*)\)/g)) {
        if (stable.has(m[1]) && m[2].trim() !== '' && !m[2].split(',').every(isVariable)) problems.push(`${name}: UPDATE through STABLE ${m[1]}(${m[2].trim()})`);
      }
    }
  }
  return problems;
}

describe('database catalog', () => {
  let owner: Client;
  let t: TestApp;
  beforeAll(async () => {
    owner = await connect('owner');
    // some data in every table, so that "sees nothing" below means something: the demo data fills every
    // resource (false when an earlier test of this run already seeded it; the rows are there either way)
    t = await startApp({ env: { NOTIFY_ALLOW_PRIVATE_HOSTS: 'true' } });
    const w = await makeWorld(t);
    await seedDemo(t.app, t.config);
    // a delivery (the demo sends none without e-mail and with its channels off): a channel's test to a closed port
    const channel = await t.api().post('/api/notification-channels').set(w.a.manager.auth)
      .send({ name: 'closed', kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 'a-secret-of-sixteen-chars' });
    await t.api().post(`/api/notification-channels/${channel.body.id}/test`).set(w.a.manager.auth);
    // and a file from before the evidence store, its bytes still in attachment_contents (new files go to the store)
    const sup = await connect('super');
    try {
      const id = randomUUID();
      await sup.query(
        `insert into attachments (firm_id, id, client_id, entity, entity_id, file_name, sha256, size, content_type) values ($1, $2, $3, 'trainings', $4, 'old.txt', $5, 3, 'text/plain')`,
        [w.a.firmId, id, w.a.assigned.id, randomUUID(), createHash('sha256').update('old').digest('hex')],
      );
      await sup.query(`insert into attachment_contents (firm_id, id, content) values ($1, $2, 'old'::bytea)`, [w.a.firmId, id]);
    } finally {
      await sup.end();
    }
    // a drill run as an exercise (exercise_counters; the demo's drills are all done)
    const today = new Date().toISOString().slice(0, 10);
    const drill = await t.api().post('/api/trainings').set(w.a.manager.auth)
      .send({ clientId: w.a.assigned.id, type: 'emergency_drill', title: '演练', date: today, status: 'planned' });
    expect(drill.status).toBe(201);
    const exercise = await t.api().post(`/api/trainings/${drill.body.id}/exercise`).set(w.a.manager.auth).send({ scenario: '演练场景', clientId: w.a.assigned.id });
    expect(exercise.status).toBe(201);
    // time spent per client (issue 18): an entry on the exercise, a month a manager reopened, a running timer
    const entry = await t.api().post('/api/time-entries').set(w.a.consultant.auth)
      .send({ clientId: w.a.assigned.id, incidentId: exercise.body.incident.id, date: today, minutes: 30, activity: 'triage' });
    const twoMonthsAgo = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 2, 1)).toISOString().slice(0, 7);
    const reopened = await t.api().post(`/api/time-entries/months/${twoMonthsAgo}/reopen`).set(w.a.manager.auth);
    const timer = await t.api().post('/api/time-entries/timer').set(w.a.consultant.auth).send({ incidentId: exercise.body.incident.id });
    expect([entry.status, reopened.status, timer.status]).toEqual([201, 200, 201]);
    // the demo firm keeps the built-in calendar; a day of a firm's own (working_days) comes from the API
    const day = await t.api().post('/api/working-days').set(w.a.manager.auth).send({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'catalog test' });
    expect(day.status).toBe(201);
    // a logo and a user with two-factor sign-in and recovery codes (the demo has none: its logins are password-only)
    expect((await t.api().put('/api/firm-settings/logo').set(w.a.manager.auth).attach('file', testPng(), 'logo.png')).status).toBe(200);
    const setup = await t.api().post('/api/auth/mfa/setup').set(w.a.consultant.auth).send({});
    const enabled = await t.api().post('/api/auth/mfa/enable').set(w.a.consultant.auth).send({ code: totp(base32Decode(setup.body.secret)!, Date.now()) });
    expect(enabled.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await owner.end();
    await t.close();
  });

  async function firmTables(): Promise<string[]> {
    const r = await owner.query(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'firm_id' order by 1`,
    );
    return r.rows.map((x) => x.table_name);
  }

  it('knows every schema: the product\'s and the job queue\'s', async () => {
    const r = await owner.query(
      `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1`,
    );
    expect(r.rows.map((x) => x.nspname)).toEqual(Object.keys(SCHEMAS).sort());
  });

  it('knows every table: firm-owned (firm_id), firms itself, or a listed global table', async () => {
    const all = (await owner.query(`select tablename from pg_tables where schemaname = 'public' order by 1`)).rows.map((r) => r.tablename);
    const firm = await firmTables();
    const unknown = all.filter((x) => !firm.includes(x) && x !== 'firms' && !GLOBAL_TABLES.includes(x));
    expect(unknown).toEqual([]);
    expect(firm.length).toBeGreaterThanOrEqual(6);
  });

  it('has row-level security enabled and forced, with policies, on every firm-owned table and on firms', async () => {
    const tables = [...(await firmTables()), 'firms'];
    const r = await owner.query(
      `select c.relname, c.relrowsecurity, c.relforcerowsecurity,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any($1)`,
      [tables],
    );
    expect(r.rows).toHaveLength(tables.length);
    for (const row of r.rows) {
      expect({ table: row.relname, enabled: row.relrowsecurity, forced: row.relforcerowsecurity, hasPolicy: row.policies > 0 }).toEqual({
        table: row.relname,
        enabled: true,
        forced: true,
        hasPolicy: true,
      });
    }
  });

  it('lets the operator\'s export and erasure reach every firm-owned table: the owner-only platform_task policy on each', async () => {
    // a table without it keeps a deleted firm's rows (or blocks the deletion by its foreign keys) and is missing from the export
    const tables = [...(await firmTables()), 'firms'];
    const r = await owner.query(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname = any($1)
          and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'platform_task')`,
      [tables],
    );
    const covered = new Set(r.rows.map((x) => x.relname));
    expect(tables.filter((t) => !covered.has(t)).sort()).toEqual([]);
  });

  it('is Citus-ready: firm_id in every primary key, unique constraint and foreign key between firm-owned tables', async () => {
    const tables = await firmTables();
    const r = await owner.query(
      `select con.conname, con.contype, rel.relname as table, frel.relname as ftable,
              array(select a.attname from unnest(con.conkey) k join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k)::text[] as cols,
              array(select a.attname from unnest(con.confkey) k join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k)::text[] as fcols
         from pg_constraint con
         join pg_class rel on rel.oid = con.conrelid
         left join pg_class frel on frel.oid = con.confrelid
        where rel.relname = any($1) and con.contype in ('p', 'u', 'f')`,
      [tables],
    );
    const problems: string[] = [];
    for (const c of r.rows) {
      if ((c.contype === 'p' || c.contype === 'u') && !c.cols.includes('firm_id')) problems.push(`${c.table}.${c.conname} lacks firm_id`);
      if (c.contype === 'f' && tables.includes(c.ftable) && (!c.cols.includes('firm_id') || !c.fcols.includes('firm_id'))) {
        problems.push(`${c.table}.${c.conname} -> ${c.ftable} lacks firm_id`);
      }
    }
    expect(problems).toEqual([]);
    // every firm-owned table has a primary key
    const pks = r.rows.filter((c) => c.contype === 'p').map((c) => c.table);
    expect(tables.filter((x) => !pks.includes(x))).toEqual([]);
  });

  it('is Citus-ready: firm_id first in every primary key and unique index, and no foreign key crosses firms', async () => {
    const tables = await firmTables();
    // firm-owned tables Citus holds as reference tables (on every node), keyed by something else first
    const REFERENCE = new Set(['login_directory']);
    const idx = await owner.query(
      `select c.relname as table, i.relname as index, a.attname as first
         from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
         join pg_namespace n on n.oid = c.relnamespace
         left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.indkey[0]
        where n.nspname = 'public' and c.relname = any($1) and (x.indisprimary or x.indisunique)`,
      [tables],
    );
    expect(idx.rows.length).toBeGreaterThan(tables.length);
    const notFirst = idx.rows.filter((r) => r.first !== 'firm_id' && !REFERENCE.has(r.table)).map((r) => `${r.table}.${r.index}`);
    expect(notFirst).toEqual([]);
    // a foreign key from a firm-owned table pairs firm_id with firm_id (or with firms.id): it never reaches another firm
    const fks = await owner.query(
      `select con.conname, rel.relname as table, frel.relname as ftable,
              array(select a.attname || '->' || b.attname from unnest(con.conkey, con.confkey) k(c, f)
                      join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.c
                      join pg_attribute b on b.attrelid = con.confrelid and b.attnum = k.f)::text[] as pairs
         from pg_constraint con join pg_class rel on rel.oid = con.conrelid join pg_class frel on frel.oid = con.confrelid
        where con.contype = 'f' and rel.relname = any($1)`,
      [tables],
    );
    expect(fks.rows.length).toBeGreaterThan(10);
    const crossing = fks.rows
      .filter((f) => (f.ftable === 'firms' ? !f.pairs.includes('firm_id->id') : !f.pairs.includes('firm_id->firm_id')) || f.pairs.some((p: string) => p.startsWith('firm_id->') && p !== 'firm_id->firm_id' && p !== 'firm_id->id'))
      .map((f) => `${f.table}.${f.conname} -> ${f.ftable} (${f.pairs.join(', ')})`);
    expect(crossing).toEqual([]);
  });

  it('is Citus-ready: no policy holds a subquery (and the check sees one)', async () => {
    // the quals as PostgreSQL keeps them (node trees): a subquery is a SubLink
    const withSubquery = async () => (await owner.query(
      `select c.relname as table, p.polname as policy, coalesce(p.polqual::text, '') || ' ' || coalesce(p.polwithcheck::text, '') as tree
         from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`,
    )).rows.filter((x) => x.tree.includes('{SUBLINK')).map((x) => `${x.table}.${x.policy}`);
    const all = (await owner.query(`select count(*)::int as n from pg_policy`)).rows[0].n;
    expect(all).toBeGreaterThan(15);
    expect(await withSubquery()).toEqual([]);
    // the policies of 1767300000000's list forms that held one (migration 1767400000000 replaced them)
    await owner.query('begin');
    try {
      await owner.query(`create policy probe on attachment_contents using (exists (select 1 from attachments a where a.firm_id = attachment_contents.firm_id and a.id = attachment_contents.id))`);
      expect(await withSubquery()).toEqual(['attachment_contents.probe']);
    } finally {
      await owner.query('rollback');
    }
  });

  it('checks the roll-ups\' scope once per statement, without a subquery', async () => {
    const sup = await connect('super');
    const m = (await sup.query(`select firm_id, id from users where role = 'manager' and active order by firm_id, id limit 1`)).rows[0];
    await sup.end();
    const app = await connect('app');
    try {
      const nodes = await planAs(app, m.firm_id, m.id, `select sum(n) from report_rollups where firm_id = $1 and measure = 'opened'`, [m.firm_id]);
      // no init plan (the old `(select app_all_clients())`), and no scan that reads a setting per row
      expect(nodes.filter((n) => n['Subplan Name'] || n['Parent Relationship'] === 'InitPlan')).toEqual([]);
      const scans = nodes.filter((n) => n['Relation Name'] === 'report_rollups');
      expect(scans).toHaveLength(1);
      expect(String(scans[0].Filter ?? '') + String(scans[0]['Index Cond'] ?? '')).not.toContain('current_setting');
      // the scope is a one-time filter of the statement
      expect(nodes.map((n) => n['One-Time Filter'] ?? '').join(' ')).toContain('app.all_clients');
    } finally {
      await app.end();
    }
  });

  it('is Citus-ready: a firm\'s whole scope takes incident_app_all, which holds the app role\'s privileges and whose policies check no row\'s client', async () => {
    const sup = await connect('super');
    const app = await connect('app');
    try {
      // the app role may SET ROLE to it, inheriting nothing (row-level security applies a policy to the roles that
      // have its role's privileges: with INHERIT the whole firm's policies would apply to the app role too)
      expect((await sup.query(
        `select inherit_option, set_option from pg_auth_members where roleid = $1::regrole and member = $2::regrole`, [APP_ALL_ROLE, APP_ROLE],
      )).rows).toEqual([{ inherit_option: false, set_option: true }]);
      // the app role's privileges, no more: on tables and sequences, columns, functions, schemas (the job queue's too)
      const privileges = async (role: string) => (await sup.query(
        `select 'relation ' || c.oid::regclass || ' ' || a.privilege_type as p from pg_class c, aclexplode(c.relacl) a where a.grantee = $1::regrole
         union select 'column ' || t.attrelid::regclass || '.' || t.attname || ' ' || a.privilege_type from pg_attribute t, aclexplode(t.attacl) a where a.grantee = $1::regrole
         union select 'function ' || p.oid::regprocedure || ' ' || a.privilege_type from pg_proc p, aclexplode(p.proacl) a where a.grantee = $1::regrole
         union select 'schema ' || n.nspname || ' ' || a.privilege_type from pg_namespace n, aclexplode(n.nspacl) a where a.grantee = $1::regrole
         order by 1`, [role],
      )).rows.map((r) => r.p as string);
      const appPrivileges = await privileges(APP_ROLE);
      expect(appPrivileges.length).toBeGreaterThan(100);
      expect(appPrivileges).toContain('schema pgboss USAGE');
      expect(await privileges(APP_ALL_ROLE)).toEqual(appPrivileges);

      // the policies: a list form for the app role, a firm's whole form for incident_app_all, never one for both
      const policies = (await sup.query(
        `select c.relname as t, p.polname as name, p.polroles::regrole[]::text[] as roles, pg_get_expr(p.polqual, p.polrelid) as q,
                pg_get_expr(p.polwithcheck, p.polrelid) as wc
           from pg_policy p join pg_class c on c.oid = p.polrelid where p.polname in ('tenant_scope', 'tenant_scope_all')`,
      )).rows;
      const whole = policies.filter((p) => p.name === 'tenant_scope_all');
      const WHOLE_FIRM = '((firm_id = app_firm_id()) AND (firm_id = app_all_clients_firm()))';
      expect(whole.map((p) => p.t).sort()).toEqual([...SCOPE_SPLIT_TABLES].sort());
      for (const p of whole) {
        expect([p.t, p.roles.sort(), p.q, p.wc]).toEqual([p.t, [APP_ALL_ROLE, 'incident_auth', 'incident_owner'],
          WHOLE_FIRM, WHOLE_FIRM]);
      }
      for (const p of policies.filter((x) => x.name === 'tenant_scope' && SCOPE_SPLIT_TABLES.includes(x.t))) {
        expect([p.t, p.roles.sort()]).toEqual([p.t, [APP_ROLE, 'incident_auth', 'incident_owner']]);
      }
      // the one policy left that parses the client list per row: the stored reports' (a few rows per firm)
      const parsing = (await sup.query(
        `select c.relname || '.' || p.polname as name from pg_policy p join pg_class c on c.oid = p.polrelid
          where coalesce(pg_get_expr(p.polqual, p.polrelid), '') || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') ~ 'app_client_ids'`,
      )).rows.map((r) => r.name);
      expect(parsing).toEqual(['reports.tenant_scope']);

      // behaviour, as the app role: a manager's scope takes the role, a consultant's keeps the app role's own
      const pair = (await sup.query(
        `select m.firm_id, m.id as manager, c.id as consultant from users m join users c on c.firm_id = m.firm_id
          where m.role = 'manager' and m.active and c.role = 'consultant' and c.active
            and exists (select 1 from incidents i join assignments a on a.firm_id = i.firm_id and a.client_id = i.client_id
                         where i.firm_id = c.firm_id and a.consultant_id = c.id)
            and exists (select 1 from incidents i where i.firm_id = c.firm_id and not exists
                         (select 1 from assignments a where a.firm_id = i.firm_id and a.client_id = i.client_id and a.consultant_id = c.id))
          limit 1`,
      )).rows[0];
      const firmIncidents = Number((await sup.query(`select count(*) from incidents where firm_id = $1`, [pair.firm_id])).rows[0].count);
      const consultantIncidents = Number((await sup.query(
        `select count(*) from incidents where firm_id = $1 and client_id in (select client_id from assignments where firm_id = $1 and consultant_id = $2)`,
        [pair.firm_id, pair.consultant],
      )).rows[0].count);
      expect(consultantIncidents).toBeGreaterThan(0);
      expect(firmIncidents).toBeGreaterThan(consultantIncidents);
      const now = async () => (await app.query(`select current_user as role, (select count(*)::int from incidents) as n`)).rows[0];
      await app.query('begin');
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.manager]);
      expect(await now()).toEqual({ role: APP_ALL_ROLE, n: firmIncidents });
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.consultant]);
      expect(await now()).toEqual({ role: APP_ROLE, n: consultantIncidents });
      await app.query(`select app_enter_firm($1, true)`, [pair.firm_id]);
      expect(await now()).toEqual({ role: APP_ALL_ROLE, n: firmIncidents });
      await app.query('commit');
      expect(await now()).toEqual({ role: APP_ROLE, n: 0 });
      await app.query('begin');
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.manager]);
      await app.query('rollback');
      expect(await now()).toEqual({ role: APP_ROLE, n: 0 });
      // the role alone opens nothing: taken with a consultant's scope it sees no incident; a manager's scope without it
      // (the definer function alone) sees none either, and a firm-only scope sees none
      await app.query('begin');
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.consultant]);
      await app.query(`set local role ${APP_ALL_ROLE}`);
      expect(await now()).toEqual({ role: APP_ALL_ROLE, n: 0 });
      await app.query('rollback');
      await app.query('begin');
      await app.query(`select app_scope_check($1, $2)`, [pair.firm_id, pair.manager]);
      expect(await now()).toEqual({ role: APP_ROLE, n: 0 });
      await app.query(`select app_enter_firm($1, false)`, [pair.firm_id]);
      expect(await now()).toEqual({ role: APP_ROLE, n: 0 });
      await app.query('rollback');

      // the plans: a manager's list reads no setting per row, its scope a one-time filter; a consultant's has no subplan
      const plan = (userId: string) =>
        planAs(app, pair.firm_id, userId, `select id from incidents where firm_id = $1 order by updated_at desc limit 25`, [pair.firm_id]);
      const managerPlan = await plan(pair.manager);
      const scans = managerPlan.filter((n) => n['Relation Name'] === 'incidents');
      expect(scans).toHaveLength(1);
      expect(String(scans[0].Filter ?? '') + String(scans[0]['Index Cond'] ?? '')).not.toMatch(/current_setting|strpos|client/);
      expect(managerPlan.map((n) => n['One-Time Filter'] ?? '').join(' ')).toContain('app.all_clients');
      const consultantPlan = await plan(pair.consultant);
      expect(consultantPlan.filter((n) => n['Subplan Name'] || n['Parent Relationship'] === 'InitPlan' || n['Parent Relationship'] === 'SubPlan')).toEqual([]);
      expect(consultantPlan.map((n) => String(n.Filter ?? '')).join(' ')).toContain('strpos');
    } finally {
      await app.end();
      await sup.end();
    }
  });

  it('is Citus-ready: the scope is set with SET LOCAL, nowhere with set_config', async () => {
    const fns = await owner.query(
      `select p.proname, p.prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.prokind = 'f'`,
    );
    const src = (name: string) => fns.rows.filter((f) => f.proname === name).map((f) => f.prosrc as string);
    // the definer functions that check the user set the scope; app_enter_scope() wraps them and then takes the role
    expect(src('app_scope_check')).toHaveLength(2);
    for (const body of [...src('app_scope_check'), ...src('app_enter_firm')]) expect(body).toMatch(/app_set_scope\(|set local app\.firm_id/);
    expect(src('app_enter_scope')).toHaveLength(2);
    for (const body of [...src('app_enter_scope'), ...src('app_enter_firm')]) expect(body).toMatch(/perform app_scope_role\(\)/);
    for (const body of src('app_enter_scope')) expect(body).toMatch(/app_scope_check\(/);
    const role = src('app_scope_role').join('\n');
    expect(role).toContain(`set local role ${APP_ALL_ROLE}`);
    expect(role).toContain('set local role none');
    expect(role).not.toMatch(/set_config|\bset role\b/i);
    const setter = src('app_set_scope').join('\n');
    for (const name of ['firm_id', 'user_id', 'role', 'all_clients', 'client_ids']) expect(setter).toContain(`set local app.${name} = %L`);
    const setConfig = fns.rows.filter((f) => /set_config\s*\(\s*'app\./i.test(f.prosrc)).map((f) => f.proname);
    expect(setConfig).toEqual([]);
  });

  it('keeps the scope to its transaction, with the Citus setting of the app role a harmless placeholder', async () => {
    const app = await connect('app');
    try {
      // the role setting is there, and PostgreSQL without Citus takes it as a placeholder
      expect((await app.query(`show citus.propagate_set_commands`)).rows[0]).toEqual({ 'citus.propagate_set_commands': 'local' });
      const sup = await connect('super');
      const u = (await sup.query(`select firm_id, id from users where role = 'consultant' and active limit 1`)).rows[0];
      // what the scope shows: the assignments of the clients assigned to them (another consultant's of the same client too)
      const assigned = Number((await sup.query(
        `select count(*) from assignments where firm_id = $1 and client_id in (select client_id from assignments where firm_id = $1 and consultant_id = $2)`,
        [u.firm_id, u.id],
      )).rows[0].count);
      await sup.end();
      await app.query('begin');
      const entered = (await app.query(`select app_enter_scope($1, $2) as s`, [u.firm_id, u.id])).rows[0].s;
      expect(entered[0]).toBe(u.id);
      const inTx = (await app.query(`select current_setting('app.firm_id') as firm, current_setting('app.role') as role, (select count(*)::int from assignments) as n`)).rows[0];
      expect(inTx).toEqual({ firm: u.firm_id, role: 'consultant', n: assigned });
      await app.query('commit');
      const after = (await app.query(`select coalesce(current_setting('app.firm_id', true), '') as firm, (select count(*)::int from assignments) as n`)).rows[0];
      expect(after).toEqual({ firm: '', n: 0 });
      // a second user entered in the same transaction sees their own clients only, none of the first's (two
      // consultants of one firm without a client in common: the demo firm has them)
      const sup2 = await connect('super');
      const pair = (await sup2.query(
        `select a.firm_id, a.consultant_id as first, b.consultant_id as second
           from assignments a join assignments b on b.firm_id = a.firm_id and b.consultant_id <> a.consultant_id
           join users ua on ua.firm_id = a.firm_id and ua.id = a.consultant_id and ua.active and ua.role = 'consultant'
           join users ub on ub.firm_id = b.firm_id and ub.id = b.consultant_id and ub.active and ub.role = 'consultant'
          where not exists (select 1 from assignments x join assignments y on y.firm_id = x.firm_id and y.client_id = x.client_id
                             where x.firm_id = a.firm_id and x.consultant_id = a.consultant_id and y.consultant_id = b.consultant_id)
          limit 1`,
      )).rows[0];
      const clientsOf = async (id: string) =>
        (await sup2.query(`select distinct client_id from assignments where firm_id = $1 and consultant_id = $2 order by 1`, [pair.firm_id, id])).rows.map((r) => r.client_id);
      const second = await clientsOf(pair.second);
      await sup2.end();
      expect(second.length).toBeGreaterThan(0);
      await app.query('begin');
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.first]);
      expect(Number((await app.query(`select count(*) from assignments`)).rows[0].count)).toBeGreaterThan(0);
      await app.query(`select app_enter_scope($1, $2)`, [pair.firm_id, pair.second]);
      const seen = (await app.query(`select distinct client_id from assignments order by 1`)).rows.map((r) => r.client_id);
      await app.query('commit');
      expect(seen).toEqual(second);
      // and a rolled-back transaction's scope ends too
      await app.query('begin');
      await app.query(`select app_enter_firm($1, true)`, [u.firm_id]);
      expect(Number((await app.query(`select count(*) from clients`)).rows[0].count)).toBeGreaterThan(0);
      await app.query('rollback');
      expect(Number((await app.query(`select count(*) from clients`)).rows[0].count)).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('is Citus-ready: trigger functions loop over transition tables, compute before they update, call nothing volatile in DML, and firms has no trigger', async () => {
    const triggers = await owner.query(
      `select c.relname as table, t.tgname, p.proname, t.tgoldtable, t.tgnewtable
         from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
         join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal`,
    );
    expect(triggers.rows.filter((t) => t.table === 'firms')).toEqual([]);
    const fns = await owner.query(
      `select p.proname, p.prosrc, p.provolatile, coalesce(p.proargnames, '{}') as args
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public' and p.prokind = 'f' and p.prolang in
           (select oid from pg_language where lanname in ('plpgsql', 'sql'))`,
    );
    const stable = new Set(fns.rows.filter((f) => f.provolatile === 's').map((f) => f.proname as string));
    const transition = new Map<string, string[]>();
    for (const t of triggers.rows) transition.set(t.proname, [...(transition.get(t.proname) ?? []), t.tgoldtable, t.tgnewtable].filter(Boolean));
    // what the trigger functions run, and what they call of ours
    const reached = new Set<string>(transition.keys());
    for (let grew = true; grew; ) {
      grew = false;
      for (const f of fns.rows.filter((x) => reached.has(x.proname))) {
        for (const g of fns.rows) if (!reached.has(g.proname) && new RegExp(`\\b${g.proname}\\s*\\(`).test(f.prosrc)) (reached.add(g.proname), (grew = true));
      }
    }
    expect(reached.size).toBeGreaterThan(8);
    const problems = fns.rows
      .filter((f) => reached.has(f.proname))
      .flatMap((f) => citusTriggerProblems(f.proname, f.prosrc, transition.get(f.proname) ?? [], f.args, stable));
    expect(problems).toEqual([]);
  });

  it('has checks that find the patterns the Citus trial refused', () => {
    const stable = new Set(['incident_progress', 'incident_nearest_due']);
    // migration 1765000000000's incident_totals_on_insert
    expect(citusTriggerProblems('t', `begin insert into incident_totals as t (firm_id, client_id, n)
        select firm_id, client_id, count(*) from new_rows group by firm_id, client_id on conflict (firm_id, client_id) do update set n = t.n + excluded.n;
        return null; end`, ['new_rows'], [], stable)).toHaveLength(1);
    expect(citusTriggerProblems('t', `begin update incident_totals t set n = t.n - d.n from (select firm_id, client_id, count(*) as n from old_rows group by 1, 2) d
        where t.firm_id = d.firm_id; return null; end`, ['old_rows'], [], stable)).toHaveLength(1);
    // migration 1765100000000's incident_extras_refresh
    expect(citusTriggerProblems('r', `begin update incidents i set progress = case when p_progress then incident_progress(i.firm_id, i.id) else i.progress end
        from unnest(p_firms, p_ids) k(firm_id, id) where i.firm_id = k.firm_id; end`, [], ['p_firms', 'p_ids', 'p_progress', 'p_due'], stable)).toHaveLength(1);
    expect(citusTriggerProblems('v', `begin insert into x (a, b) values (1, clock_timestamp()); end`, [], [], stable)).toHaveLength(1);
    // and let the loop and the computed values pass
    expect(citusTriggerProblems('ok', `declare r record; v jsonb; begin for r in select firm_id, count(*) as n from new_rows group by 1 loop
        v := incident_progress(r.firm_id, r.n); update incidents set progress = v where firm_id = r.firm_id; end loop; end`, ['new_rows'], [], stable)).toEqual([]);
  });

  it('makes ids in the app: no sequences or generated defaults on firm-owned tables', async () => {
    const r = await owner.query(
      `select table_name, column_name, column_default from information_schema.columns
        where table_schema = 'public' and table_name = any($1) and (column_default like 'nextval%' or column_default like '%gen_random_uuid%' or column_default like '%uuid_generate%' or is_identity = 'YES')`,
      [await firmTables()],
    );
    expect(r.rows).toEqual([]);
  });

  it('serves requests with a role that is not owner, superuser nor BYPASSRLS, and owns nothing', async () => {
    const role = (await owner.query(`select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = $1`, [APP_ROLE])).rows[0];
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await owner.query(
      `select c.relname from pg_class c join pg_roles r on r.oid = c.relowner join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and r.rolname = $1`,
      [APP_ROLE],
    );
    expect(owned.rows).toEqual([]);
    // a member of one role only, which it may SET ROLE to without inheriting it (a firm's whole scope: 1767300000000)
    const member = await owner.query(
      `select b.rolname, m.inherit_option from pg_auth_members m join pg_roles a on a.oid = m.member join pg_roles b on b.oid = m.roleid where a.rolname = $1`,
      [APP_ROLE],
    );
    expect(member.rows).toEqual([{ rolname: APP_ALL_ROLE, inherit_option: false }]);
    expect((await owner.query(`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = $1`, [APP_ALL_ROLE])).rows)
      .toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
    const url = new URL(process.env.TEST_APP_DATABASE_URL!);
    expect(url.username).toBe(APP_ROLE);
  });

  it('shows the app role nothing, and lets it write nothing, without a scope', async () => {
    const app = await connect('app');
    try {
      // the data exists (the owner is also subject to forced RLS, so count through the superuser)
      const sup = await connect('super');
      const tables = [...(await firmTables()), 'firms'];
      for (const table of tables) {
        const total = Number((await sup.query(`select count(*) from ${table}`)).rows[0].count);
        expect({ table, hasRows: total > 0 }).toEqual({ table, hasRows: true });
      }
      await sup.end();
      for (const table of tables) {
        // the login directory is the auth role's alone: the app role may not read it at all
        if (table === 'login_directory') {
          expect((await app.query(`select has_table_privilege(current_user, $1, 'select') as p`, [table])).rows[0].p).toBe(false);
          continue;
        }
        await app.query('begin');
        const seen = Number((await app.query(`select count(*) from ${table}`)).rows[0].count);
        await app.query('rollback');
        expect({ table, seen }).toEqual({ table, seen: 0 });
      }
      await expect(
        app.query(`insert into clients (firm_id, id, name, credit_code, operator_type) values (gen_random_uuid(), gen_random_uuid(), 'x', 'y', 'other')`),
      ).rejects.toThrow(/row-level security|violates/);
      const upd = await app.query(`update users set name = 'pwned'`);
      expect(upd.rowCount).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('does not leak a scope from one transaction to the next on the same connection', async () => {
    const app = await connect('app');
    try {
      const sup = await connect('super');
      const firm = (await sup.query('select firm_id as id from clients limit 1')).rows[0].id;
      await sup.end();
      await app.query('begin');
      await app.query(`select set_config('app.firm_id', $1, true), set_config('app.all_clients', 'on', true)`, [firm]);
      await app.query(`set local role ${APP_ALL_ROLE}`);
      const inTx = Number((await app.query('select count(*) from clients')).rows[0].count);
      await app.query('commit');
      const after = Number((await app.query('select count(*) from clients')).rows[0].count);
      expect(inTx).toBeGreaterThan(0);
      expect(after).toBe(0);
      expect((await app.query('select current_user as r')).rows[0].r).toBe(APP_ROLE);
    } finally {
      await app.end();
    }
  });

  it('has entities that agree with the migrated schema: columns, types, nullability, indexes, foreign keys, defaults', async () => {
    const ds = new DataSource({ type: 'postgres', url: process.env.TEST_OWNER_DATABASE_URL, entities: ENTITIES } as any);
    await ds.initialize();
    try {
      const problems: string[] = [];
      for (const meta of ds.entityMetadatas) {
        const cols = await owner.query(
          `select column_name, is_nullable, udt_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
          [meta.tableName],
        );
        if (!cols.rows.length) problems.push(`${meta.tableName}: table missing`);
        const byName = new Map(cols.rows.map((c) => [c.column_name, c]));
        for (const col of meta.columns) {
          const db = byName.get(col.databaseName);
          if (!db) {
            problems.push(`${meta.tableName}.${col.databaseName}: column missing`);
            continue;
          }
          const type = String(col.type);
          const base = { uuid: 'uuid', text: 'text', boolean: 'bool', jsonb: 'jsonb', timestamptz: 'timestamptz', bigint: 'int8', integer: 'int4', int: 'int4', numeric: 'numeric', bytea: 'bytea', date: 'date' }[type];
          const expected = col.isArray ? `_${base}` : base;
          if (expected !== db.udt_name) problems.push(`${meta.tableName}.${col.databaseName}: entity ${type}, table ${db.udt_name}`);
          if ((db.is_nullable === 'YES') !== col.isNullable) problems.push(`${meta.tableName}.${col.databaseName}: nullability differs`);
        }
        // columns the table has and the entity does not know would never be read or written
        for (const name of byName.keys()) {
          if (!meta.columns.some((c) => c.databaseName === name)) problems.push(`${meta.tableName}.${name}: not in the entity`);
        }
        // indexes, foreign keys and column defaults: as the entity declares them (@DeclaresTable), the migrations make them
        const declared = tableShapeOf(meta.target as Function);
        const made = await catalogShape(owner, meta.tableName);
        for (const part of ['indexes', 'foreignKeys', 'defaults'] as const) {
          const want = declared[part] ?? {};
          for (const [name, def] of Object.entries(made[part])) {
            if (!(name in want)) problems.push(`${meta.tableName}: ${part} ${name} (${def}) is made by the migrations, not declared by the entity`);
            else if (want[name] !== def) problems.push(`${meta.tableName}: ${part} ${name} is ${def}, the entity declares ${want[name]}`);
          }
          for (const [name, def] of Object.entries(want)) {
            if (!(name in made[part])) problems.push(`${meta.tableName}: ${part} ${name} (${def}) is declared by the entity, not made by the migrations`);
          }
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
