import type { Client } from 'pg';
import type { TableShape } from '../../server/src/database/table-shape';

/**
 * A table's indexes (but its primary key's), foreign keys and column defaults as the migrated database has them, in the
 * form entities declare them (`@TableShape`, server/src/database/table-shape.ts): PostgreSQL's own text for each.
 */
export async function catalogShape(db: Client, table: string): Promise<Required<TableShape>> {
  const indexes = await db.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and t.relname = $1 and not x.indisprimary order by 1`,
    [table],
  );
  const foreignKeys = await db.query<{ name: string; def: string }>(
    `select c.conname as name, pg_get_constraintdef(c.oid) as def
       from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and t.relname = $1 and c.contype = 'f' order by 1`,
    [table],
  );
  const defaults = await db.query<{ name: string; def: string }>(
    `select column_name as name, column_default as def from information_schema.columns
      where table_schema = 'public' and table_name = $1 and column_default is not null order by 1`,
    [table],
  );
  return {
    indexes: Object.fromEntries(indexes.rows.map((r) => [r.name, r.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING /, (_m, u) => (u ? 'UNIQUE ' : ''))])),
    foreignKeys: Object.fromEntries(foreignKeys.rows.map((r) => [r.name, r.def.replace(/^FOREIGN KEY /, '')])),
    defaults: Object.fromEntries(defaults.rows.map((r) => [r.name, r.def])),
  };
}
