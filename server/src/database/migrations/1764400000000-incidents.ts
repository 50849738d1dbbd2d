import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incident response: incidents (reference numbers gap-free per firm and year), gradings, playbooks, tasks,
 * timeline, obligations. Client-owned tables carry client_id and are scoped by it; client admins see only
 * `client` timeline entries, also at the database level.
 */
export class Incidents1764400000000 implements MigrationInterface {
  name = 'Incidents1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function app_role() returns text language sql stable
        as $$ select coalesce(current_setting('app.role', true), '') $$;

      -- the last reference number per firm and year; the row lock makes numbers gap-free under concurrency
      create table incident_counters (
        firm_id uuid not null references firms(id),
        year int not null,
        last int not null,
        primary key (firm_id, year)
      );

      create table playbooks (
        firm_id uuid not null references firms(id),
        id uuid not null,
        key text not null,
        name jsonb not null,
        description jsonb not null default '{}'::jsonb,
        tasks jsonb not null default '[]'::jsonb,
        built_in boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, key)
      );

      create table incidents (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        reference text not null,
        title text not null,
        description text not null default '',
        category text,
        nature text,
        grade text,
        grade_rationale text,
        status text not null,
        playbook_id uuid,
        affected_systems jsonb not null default '[]'::jsonb,
        data_categories jsonb not null default '[]'::jsonb,
        personal_info_involved boolean not null default false,
        sensitive_personal_info_involved boolean not null default false,
        eu_personal_data boolean not null default false,
        high_risk_to_individuals boolean not null default false,
        people_affected int,
        records_affected bigint,
        business_impact text,
        lead_id uuid,
        team jsonb not null default '[]'::jsonb,
        reported_by_id uuid,
        detected_at timestamptz not null,
        reported_at timestamptz not null,
        acknowledged_at timestamptz,
        confirmed_at timestamptz,
        contained_at timestamptz,
        recovered_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, reference),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, lead_id) references users(firm_id, id),
        foreign key (firm_id, playbook_id) references playbooks(firm_id, id),
        check (status in ('reported','triage','responding','recovering','investigating','follow_up','closed','dismissed')),
        check (grade is null or grade in ('especially_major','major','relatively_major','general'))
      );
      create index incidents_client_created on incidents (firm_id, client_id, created_at desc, id desc);
      create index incidents_firm_created on incidents (firm_id, created_at desc, id desc);
      create index incidents_firm_status on incidents (firm_id, status);

      create table gradings (
        firm_id uuid not null,
        id uuid not null,
        incident_id uuid not null,
        client_id uuid not null,
        inputs jsonb not null,
        suggested_grade text not null,
        chosen_grade text not null,
        matched_rules jsonb not null default '[]'::jsonb,
        rationale text not null default '',
        graded_by_id uuid,
        graded_at timestamptz not null,
        primary key (firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade
      );
      create index gradings_incident on gradings (firm_id, incident_id, graded_at);

      create table tasks (
        firm_id uuid not null,
        id uuid not null,
        incident_id uuid not null,
        client_id uuid not null,
        phase text not null,
        key text,
        section text,
        title text not null,
        title_en text,
        description text not null default '',
        description_en text,
        required boolean not null default false,
        assignee_id uuid,
        due_at timestamptz,
        status text not null default 'todo' check (status in ('todo','doing','done','not_applicable')),
        position int not null default 0,
        done_by_id uuid,
        done_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade,
        foreign key (firm_id, assignee_id) references users(firm_id, id)
      );
      create index tasks_incident on tasks (firm_id, incident_id, phase, position);

      create table timeline_entries (
        firm_id uuid not null,
        id uuid not null,
        incident_id uuid not null,
        client_id uuid not null,
        kind text not null,
        visibility text not null check (visibility in ('internal','client')),
        body text not null default '',
        data jsonb not null default '{}'::jsonb,
        author_id uuid,
        author_name text,
        occurred_at timestamptz not null,
        created_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade
      );
      create index timeline_incident on timeline_entries (firm_id, incident_id, occurred_at);

      create table obligations (
        firm_id uuid not null,
        id uuid not null,
        incident_id uuid not null,
        client_id uuid not null,
        rule text not null,
        audience text not null,
        authority jsonb not null default '{}'::jsonb,
        source text not null default '',
        starts_at timestamptz not null,
        due_at timestamptz not null,
        status text not null default 'pending' check (status in ('pending','met','met_late','not_applicable')),
        fulfilled_at timestamptz,
        fulfilled_by_id uuid,
        fulfilment_note text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, incident_id, rule),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade
      );
      create index obligations_due on obligations (firm_id, status, due_at);
    `);
    await enableRls(q, 'incident_counters', 'firm_id = app_firm_id()');
    await enableRls(q, 'playbooks', 'firm_id = app_firm_id()');
    for (const t of ['incidents', 'gradings', 'tasks', 'obligations']) {
      await enableRls(q, t, 'firm_id = app_firm_id() and app_client_visible(client_id)');
    }
    // client admins never see internal entries, whatever the query
    await enableRls(q, 'timeline_entries', `firm_id = app_firm_id() and app_client_visible(client_id) and (visibility = 'client' or app_role() <> 'client_admin')`);
    await q.query(`
      grant select, insert, update on incident_counters to incident_app;
      grant select, insert, update, delete on playbooks, incidents, gradings, tasks, timeline_entries, obligations to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists obligations, timeline_entries, tasks, gradings, incidents, playbooks, incident_counters cascade;
      drop function if exists app_role();`);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
