import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Firm incidents (issue 18): a breach at the firm itself, affecting many of its clients. The parent (`firm_incidents`)
 * has no client; each affected client has a child incident (`incidents.parent_id`) with its own reference, playbook,
 * clocks and team. The parent's references are numbered per firm and year in `firm_incident_counters`
 * (`FIRM-2026-0001`), so that the incidents' numbers stay gap-free.
 *
 * Who sees a parent (row-level security, as the service checks): never a client admin; a manager always; a consultant
 * when they lead it or may see at least one of its children (the subquery runs under the incidents' own policy).
 * `child_count` is the number of its children, kept under the parent's row lock, so that a consultant is told how many
 * other clients are affected without seeing them. Self-contained: its SQL written out here.
 */
export class FirmIncidents1765900000000 implements MigrationInterface {
  name = 'FirmIncidents1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table firm_incident_counters (
        firm_id uuid not null references firms(id),
        year int not null,
        last int not null,
        primary key (firm_id, year)
      );

      create table firm_incidents (
        firm_id uuid not null references firms(id),
        id uuid not null,
        reference text not null,
        title text not null,
        description text not null default '',
        category text,
        nature text,
        status text not null,
        playbook_id uuid,
        affected_systems jsonb not null default '[]'::jsonb,
        data_categories jsonb not null default '[]'::jsonb,
        personal_info_involved boolean not null default false,
        sensitive_personal_info_involved boolean not null default false,
        lead_id uuid,
        team jsonb not null default '[]'::jsonb,
        child_count int not null default 0,
        created_by_id uuid,
        detected_at timestamptz not null,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, reference)
      );
      create index firm_incidents_firm_created on firm_incidents (firm_id, created_at desc, id desc);

      alter table incidents add column parent_id uuid;
      -- when the child was removed from its firm incident (dismissed with a reason; never deleted)
      alter table incidents add column parent_removed_at timestamptz;
      alter table incidents add constraint incidents_parent foreign key (firm_id, parent_id) references firm_incidents(firm_id, id);
      create index incidents_parent on incidents (firm_id, parent_id) where parent_id is not null;

      alter table firm_incident_counters enable row level security;
      alter table firm_incident_counters force row level security;
      create policy tenant_scope on firm_incident_counters using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());

      alter table firm_incidents enable row level security;
      alter table firm_incidents force row level security;
      create policy tenant_scope on firm_incidents
        using (firm_id = app_firm_id() and app_role() <> 'client_admin' and (
          app_all_clients() or lead_id = app_user_id()
          or exists (select 1 from incidents c where c.firm_id = firm_incidents.firm_id and c.parent_id = firm_incidents.id)))
        with check (firm_id = app_firm_id() and app_role() <> 'client_admin');

      grant select, insert, update on firm_incidents, firm_incident_counters to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop index if exists incidents_parent;
      alter table incidents drop constraint if exists incidents_parent;
      -- the parents' policy reads incidents.parent_id: the table goes first
      drop table if exists firm_incidents, firm_incident_counters;
      alter table incidents drop column if exists parent_id, drop column if exists parent_removed_at;
    `);
  }
}
