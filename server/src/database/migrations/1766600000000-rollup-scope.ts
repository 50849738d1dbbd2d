import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report roll-ups' policies without a subquery (issue 21: Citus refuses policies with one on distributed tables),
 * and cheaper than with it. Only a manager (or a tool in a firm's whole scope) reads or compacts a firm's roll-ups:
 * migration 1764700000000 wrote that `firm_id = app_firm_id() and (select app_all_clients())`, an init plan read once
 * per statement, because a bare `app_all_clients()` in a policy is checked on every row (row-level security keeps it
 * in the scan's filter) and estimated true for 0.5 % of the rows (a firm's 12-month report then sorted 128,000 roll-up
 * rows on disk).
 *
 * Now the scope is a second equality on the same column: `firm_id = app_firm_id() and firm_id = app_all_clients_firm()`,
 * the latter the firm's id in a firm's whole scope and null otherwise. With the query's own `firm_id = $1` the three
 * are one equivalence class: the planner checks both scope functions once per statement (a one-time filter against the
 * firm asked for) and estimates the rows as those of the firm (127,112 estimated, 128,570 read for the scale data set's
 * 12-month report, against 63,556 with the init plan). Everyone else reads and deletes no roll-up, as before.
 * Self-contained: its SQL written out here.
 */
export class RollupScope1766600000000 implements MigrationInterface {
  name = 'RollupScope1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- the firm of a scope that sees all its clients (a manager's, or a tool's whole firm), null otherwise
      create function app_all_clients_firm() returns uuid language sql stable
        as $$ select case when app_all_clients() then app_firm_id() end $$;
      alter policy tenant_read on report_rollups using (firm_id = app_firm_id() and firm_id = app_all_clients_firm());
      alter policy tenant_compact on report_rollups using (firm_id = app_firm_id() and firm_id = app_all_clients_firm());
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      alter policy tenant_read on report_rollups using (firm_id = app_firm_id() and (select app_all_clients()));
      alter policy tenant_compact on report_rollups using (firm_id = app_firm_id() and (select app_all_clients()));
      drop function if exists app_all_clients_firm();
    `);
  }
}
