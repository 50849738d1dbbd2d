/**
 * Index and trigger handling while the bulk tables load: keys, indexes and foreign keys set aside and rebuilt (sorted,
 * in parallel), the triggers' work done once. (Part of the scale generator: see index.ts.)
 */
import { Pool } from 'pg';
import { parallel } from './loader';

/** Bulk tables: their keys, secondary indexes and foreign keys are set aside while they load. */
export const BULK_TABLES = ['incidents', 'gradings', 'tasks', 'timeline_entries', 'obligations', 'communications', 'trainings', 'evaluations', 'improvement_actions'];

/** The triggers that keep incidents.progress and nearest_due_at (migration 1765100000000-incident-extras). */
export const EXTRAS_TRIGGERS = ['tasks', 'obligations'].flatMap((t) => ['insert', 'update', 'delete'].map((op) => [t, `incident_extras_${op}`] as const));

/** The triggers that keep the alerting clocks (migration 1766000000000-notifications). */
export const CLOCK_TRIGGERS = ['obligations', 'incidents'].flatMap((t) => ['insert', 'update'].map((op) => [t, `notification_clock_${op}`] as const));

/** A firm's clocks as the triggers keep them: each pending obligation, each client's report not acknowledged. */
export const FILL_CLOCKS = `
  insert into notification_clocks (firm_id, id, kind, incident_id, client_id, obligation_id, next_at)
  select firm_id, id, 'obligation', incident_id, client_id, id, now() from obligations where firm_id = $1 and status = 'pending'
  union all
  select firm_id, id, 'client_report', id, client_id, null, now() from incidents where firm_id = $1 and status = 'reported' and acknowledged_at is null`;

/** The tables whose triggers keep the report roll-ups (migration 1764700000000-report-rollups). */
export const ROLLUP_TABLES = ['incidents', 'obligations', 'communications', 'tasks'];
/** their triggers: updates and deletes row by row, inserts per statement (migration 1766400000000) */
export const ROLLUP_TRIGGERS = ['report_rollups', 'report_rollups_insert'];

interface SetAside {
  /** primary keys and unique constraints */
  keys: { table: string; name: string; def: string }[];
  indexes: { table: string; name: string; def: string }[];
  foreignKeys: { table: string; name: string; def: string }[];
}

/**
 * Drops the bulk tables' keys, secondary indexes and foreign keys (every one from or to a bulk table), keeping their
 * definitions: rows load into bare heaps, and each index is then built once by sorting instead of row by row.
 */
export async function setAsideIndexes(pool: Pool): Promise<SetAside> {
  const keys = await pool.query(
    `select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and k.contype in ('p', 'u') and c.relname = any($1) order by k.contype, k.conname`,
    [BULK_TABLES],
  );
  const idx = await pool.query(
    `select c.relname as table, i.relname as name, pg_get_indexdef(x.indexrelid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname = any($1) and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    [BULK_TABLES],
  );
  const fks = await pool.query(
    `select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as def
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and k.contype = 'f' and (c.relname = any($1) or r.relname = any($1)) order by k.conname`,
    [BULK_TABLES],
  );
  for (const f of fks.rows) await pool.query(`alter table ${f.table} drop constraint ${quoteIdent(f.name)}`);
  for (const k of keys.rows) await pool.query(`alter table ${k.table} drop constraint ${quoteIdent(k.name)}`);
  for (const i of idx.rows) await pool.query(`drop index ${quoteIdent(i.name)}`);
  // no autovacuum racing the load (the generator vacuums at the end); reset afterwards
  for (const t of BULK_TABLES) await pool.query(`alter table ${t} set (autovacuum_enabled = false)`);
  return { keys: keys.rows, indexes: idx.rows, foreignKeys: fks.rows };
}

export async function restoreIndexes(pool: Pool, s: SetAside, workers: number, log: (line: string) => void) {
  let mark = Date.now();
  const step = (what: string) => {
    log(`    ${what} ${((Date.now() - mark) / 1000).toFixed(1)} s`);
    mark = Date.now();
  };
  for (const t of BULK_TABLES) await pool.query(`alter table ${t} reset (autovacuum_enabled)`);
  // the biggest tables first, so that the connections finish together
  const order = ['tasks', 'timeline_entries', 'obligations', 'incidents', 'communications', 'gradings', 'evaluations', 'improvement_actions', 'trainings'];
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  const byTable = <T extends { table: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.table, [...(m.get(x.table) ?? []), x]);
    return [...m.values()].sort((a, b) => rank(a[0].table) - rank(b[0].table));
  };
  // keys: one ALTER per table (it locks that table only)
  await parallel(workers, byTable(s.keys), pool, async () => undefined, async (c, list) => {
    await c.query(`alter table ${list[0].table} ${list.map((k) => `add constraint ${quoteIdent(k.name)} ${k.def}`).join(', ')}`);
  });
  step(`${s.keys.length} primary keys and unique constraints`);
  const idx = [...s.indexes].sort((x, y) => rank(x.table) - rank(y.table));
  await parallel(workers, idx, pool, async () => undefined, async (c, i) => {
    await c.query(i.def);
  });
  step(`${idx.length} indexes`);
  // foreign keys: added NOT VALID one by one (adding locks both tables, which could deadlock in parallel), then
  // validated in parallel per table (validation does not block the other validations)
  for (const f of s.foreignKeys) await pool.query(`alter table ${f.table} add constraint ${quoteIdent(f.name)} ${f.def} not valid`);
  await parallel(workers, byTable(s.foreignKeys), pool, async () => undefined, async (c, list) => {
    for (const f of list) await c.query(`alter table ${f.table} validate constraint ${quoteIdent(f.name)}`);
  });
  step(`${s.foreignKeys.length} foreign keys checked`);
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
