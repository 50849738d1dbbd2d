import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regulatory reporting (issue 17), self-contained:
 * - obligations may be `waived` (a reasoned decision: the law's basis, the reason, who and when) and carry the
 *   working-day calendar's warning for a deadline counted over a year the calendar lacks;
 * - a communication records the regulator's receipt number and, for a report to a regulator, its stage (the first
 *   report, a follow-up 补报, the summary report);
 * - `working_days`: the days a firm adds to the built-in PRC calendar (shared/src/working-days.ts), each with its source.
 */
export class Regulatory1765600000000 implements MigrationInterface {
  name = 'Regulatory1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table obligations drop constraint if exists obligations_status_check;
      alter table obligations add constraint obligations_status_check check (status in ('pending','met','met_late','not_applicable','waived'));
      alter table obligations
        add column warning jsonb,
        add column waiver_basis text,
        add column waiver_reason text,
        add column waived_by_id uuid,
        add column waived_at timestamptz,
        add constraint obligations_waiver_check check ((status = 'waived') = (waived_at is not null and waiver_basis is not null and waiver_reason is not null));

      alter table communications
        add column receipt_number text,
        add column report_stage text check (report_stage in ('first','follow_up','summary'));

      create table working_days (
        firm_id uuid not null references firms(id) on delete cascade,
        date date not null,
        kind text not null check (kind in ('holiday','makeup_workday')),
        name text not null,
        source text not null,
        created_by_id uuid,
        created_at timestamptz not null default now(),
        primary key (firm_id, date)
      );
      alter table working_days enable row level security;
      alter table working_days force row level security;
      create policy tenant_scope on working_days using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      grant select, insert, update, delete on working_days to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table if exists working_days;
      alter table communications drop column if exists receipt_number, drop column if exists report_stage;
      update obligations set status = 'pending' where status = 'waived';
      alter table obligations drop constraint if exists obligations_waiver_check;
      alter table obligations drop column if exists warning, drop column if exists waiver_basis, drop column if exists waiver_reason,
        drop column if exists waived_by_id, drop column if exists waived_at;
      alter table obligations drop constraint if exists obligations_status_check;
      alter table obligations add constraint obligations_status_check check (status in ('pending','met','met_late','not_applicable'));
    `);
  }
}
