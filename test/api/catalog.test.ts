import { DataSource } from 'typeorm';
import { ENTITIES } from '../../server/src/database/entities';
import { APP_ROLE } from '../../server/src/database/roles';
import { connect } from '../support/db';
import { makeWorld, startApp, type TestApp } from '../support/app';
import { seedDemo } from '../../server/src/seed/demo';
import type { Client } from 'pg';

/** Tables that hold no firm's data. Adding one here is a deliberate decision. */
const GLOBAL_TABLES = [
  'app_meta',
  'schema_migrations',
  // the sign-in throttle's counters (migration 1765321000000): counted before any firm is known, keyed by hashes of
  // address and account, shared by every app server
  'login_throttle',
];

describe('database catalog', () => {
  let owner: Client;
  let t: TestApp;
  beforeAll(async () => {
    owner = await connect('owner');
    // some data in every table, so that "sees nothing" below means something: the demo data fills every
    // resource (false when an earlier test of this run already seeded it; the rows are there either way)
    t = await startApp();
    const w = await makeWorld(t);
    await seedDemo(t.app, t.config);
    // the demo firm keeps the built-in calendar; a day of a firm's own (working_days) comes from the API
    const day = await t.api().post('/api/working-days').set(w.a.manager.auth).send({ date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'catalog test' });
    expect(day.status).toBe(201);
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
    const member = await owner.query(
      `select b.rolname from pg_auth_members m join pg_roles a on a.oid = m.member join pg_roles b on b.oid = m.roleid where a.rolname = $1`,
      [APP_ROLE],
    );
    expect(member.rows).toEqual([]);
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
      const firm = (await sup.query('select id from firms limit 1')).rows[0].id;
      await sup.end();
      await app.query('begin');
      await app.query(`select set_config('app.firm_id', $1, true), set_config('app.all_clients', 'on', true)`, [firm]);
      const inTx = Number((await app.query('select count(*) from clients')).rows[0].count);
      await app.query('commit');
      const after = Number((await app.query('select count(*) from clients')).rows[0].count);
      expect(inTx).toBeGreaterThan(0);
      expect(after).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('has entities that agree with the migrated schema', async () => {
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
          const expected = { uuid: 'uuid', text: 'text', boolean: 'bool', jsonb: 'jsonb', timestamptz: 'timestamptz', bigint: 'int8', integer: 'int4', int: 'int4', numeric: 'numeric', bytea: 'bytea', date: 'date' }[type];
          if (expected !== db.udt_name) problems.push(`${meta.tableName}.${col.databaseName}: entity ${type}, table ${db.udt_name}`);
          if ((db.is_nullable === 'YES') !== col.isNullable) problems.push(`${meta.tableName}.${col.databaseName}: nullability differs`);
        }
        // columns the table has and the entity does not know would never be read or written
        for (const name of byName.keys()) {
          if (!meta.columns.some((c) => c.databaseName === name)) problems.push(`${meta.tableName}.${name}: not in the entity`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
