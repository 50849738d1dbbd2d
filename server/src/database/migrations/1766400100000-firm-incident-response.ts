import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The firm incident carries the response (issue 18): its own grade (every child still with it graded from the same
 * inputs) and its own timeline — what was done to the breach as a whole: opened, moved, graded, clients added and
 * removed, updates posted, notices drafted, playbook tasks done for every client at once. The parent's tasks are its
 * children's playbook tasks taken together (no table of their own).
 *
 * The timeline is the firm's, never a client's: client admins never see it (as they never see a parent); the service
 * shows it to whoever may see the parent. Self-contained: its SQL written out here.
 */
export class FirmIncidentResponse1766400100000 implements MigrationInterface {
  name = 'FirmIncidentResponse1766400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table firm_incidents add column grade text, add column grade_rationale text;

      create table firm_incident_events (
        firm_id uuid not null references firms(id),
        id uuid not null,
        firm_incident_id uuid not null,
        kind text not null,
        body text not null default '',
        data jsonb not null default '{}'::jsonb,
        author_id uuid,
        author_name text,
        occurred_at timestamptz not null,
        created_at timestamptz not null default now(),
        primary key (firm_id, id)
      );
    `);
    await q.query(`alter table firm_incident_events add constraint firm_incident_events_parent foreign key (firm_id, firm_incident_id) references firm_incidents(firm_id, id)`);
    await q.query(`
      create index firm_incident_events_parent on firm_incident_events (firm_id, firm_incident_id, occurred_at desc, id desc);
      alter table firm_incident_events enable row level security;
      alter table firm_incident_events force row level security;
      create policy tenant_scope on firm_incident_events
        using (firm_id = app_firm_id() and app_role() <> 'client_admin')
        with check (firm_id = app_firm_id() and app_role() <> 'client_admin');
      grant select, insert on firm_incident_events to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table if exists firm_incident_events;
      alter table firm_incidents drop column if exists grade, drop column if exists grade_rationale;
    `);
  }
}
