import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report roll-ups (migration 1764700000000) take an insert's counters once per statement instead of once per row.
 *
 * Their AFTER row trigger ran a PL/pgSQL function for every row inserted into incidents, obligations, communications
 * and tasks — also for the tasks of a new incident, which count nothing until they are done. A firm incident for 300
 * clients inserts 300 incidents, about 17,000 tasks and 1,500 obligations in three statements (issue 18: children
 * written set-based), and the row triggers were most of its time (the tasks' alone 7 s on the shared 2-core machine).
 * Inserts now go through a statement-level trigger that sums the inserted rows' counters per firm, measure, day and
 * key, looping over the sums (Citus refuses DML whose rows come from a transition table: catalog test), and writes one
 * delta row per sum; updates and deletes keep the row trigger. The counters are the same sums as before.
 * Self-contained: its SQL written out here.
 */
export class RollupsPerStatement1766400000000 implements MigrationInterface {
  name = 'RollupsPerStatement1766400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, fn, columns] of TABLES) {
      await q.query(`
        create function report_rollups_on_${table}_insert() returns trigger language plpgsql as $$
        declare
          r record;
        begin
          for r in select n.firm_id, f.measure, f.day, f.key, sum(f.n) as n
                     from new_rows n, lateral ${fn}(row(n.*)::${table}) f
                    group by n.firm_id, f.measure, f.day, f.key
                   having sum(f.n) <> 0 loop
            insert into report_rollups (firm_id, measure, day, key, id, n, delta) values (r.firm_id, r.measure, r.day, r.key, gen_random_uuid(), r.n, true);
          end loop;
          return null;
        end $$;
        drop trigger report_rollups on ${table};
        create trigger report_rollups after delete or update of ${columns} on ${table}
          for each row execute function report_rollups_on_${table}();
        create trigger report_rollups_insert after insert on ${table}
          referencing new table as new_rows for each statement execute function report_rollups_on_${table}_insert();
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, , columns] of TABLES) {
      await q.query(`
        drop trigger if exists report_rollups_insert on ${table};
        drop function if exists report_rollups_on_${table}_insert();
        drop trigger if exists report_rollups on ${table};
        create trigger report_rollups after insert or delete or update of ${columns} on ${table}
          for each row execute function report_rollups_on_${table}();
      `);
    }
  }
}

/** table, its counter function, the columns whose change can change its counters (as migration 1764700000000 has them) */
const TABLES: [string, string, string][] = [
  ['incidents', 'report_rollup_incident', 'firm_id, status, grade, category, nature, lead_id, detected_at, reported_at, acknowledged_at, contained_at, resolved_at, closed_at'],
  ['obligations', 'report_rollup_obligation', 'firm_id, rule, status, due_at'],
  ['communications', 'report_rollup_communication', 'firm_id, status, audience, direction, client_visible, sent_at, received_at, sent_by_id'],
  ['tasks', 'report_rollup_task', 'firm_id, status, done_at, done_by_id'],
];
