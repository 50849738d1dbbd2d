import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluations (client-owned, versioned: every version of one evaluation shares `series_id`, the id of version 1),
 * the firm's criteria template per evaluation type (firm-owned, ensured by the app the first time it is needed), and
 * improvement actions (client-owned) that hang off evaluations and incidents.
 *
 * Client admins see, also at the database level, only final evaluations shared with their company, and only the
 * actions of their company that are marked client-visible or follow up such an evaluation.
 *
 * `training_id` has no foreign key here: the trainings table comes later (1764520000000-trainings), whose migration adds it.
 */
export class Evaluations1764510000000 implements MigrationInterface {
  name = 'Evaluations1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table evaluation_templates (
        firm_id uuid not null references firms(id),
        id uuid not null,
        type text not null check (type in ('impact_assessment','security_assessment','post_incident_review','drill_evaluation','collaboration_review','customer_feedback')),
        scale_max int not null check (scale_max between 1 and 100),
        criteria jsonb not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, type)
      );

      create table evaluations (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        series_id uuid not null,
        version int not null check (version >= 1),
        previous_version_id uuid,
        type text not null check (type in ('impact_assessment','security_assessment','post_incident_review','drill_evaluation','collaboration_review','customer_feedback')),
        incident_id uuid,
        training_id uuid,
        evaluator_id uuid not null,
        date date not null,
        scale_max int not null check (scale_max between 1 and 100),
        criteria jsonb not null default '[]'::jsonb,
        overall_score numeric(5,2) check (overall_score between 0 and 100),
        risk_level text check (risk_level in ('low','medium','high','critical')),
        findings text not null default '',
        recommendations text not null default '',
        status text not null check (status in ('draft','final')),
        shared_with_client boolean not null default false,
        finalized_at timestamptz,
        finalized_by_id uuid,
        created_by_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, series_id, version),
        -- one next version per version: versions form a line
        unique (firm_id, previous_version_id),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id),
        foreign key (firm_id, evaluator_id) references users(firm_id, id),
        foreign key (firm_id, finalized_by_id) references users(firm_id, id),
        foreign key (firm_id, created_by_id) references users(firm_id, id),
        foreign key (firm_id, previous_version_id) references evaluations(firm_id, id),
        check ((version = 1) = (previous_version_id is null)),
        check (incident_id is null or training_id is null),
        check (status <> 'final' or (overall_score is not null and finalized_at is not null))
      );
      create index evaluations_firm_date on evaluations (firm_id, date desc, id desc);
      create index evaluations_client_date on evaluations (firm_id, client_id, date desc, id desc);
      create index evaluations_incident on evaluations (firm_id, incident_id) where incident_id is not null;
      create index evaluations_training on evaluations (firm_id, training_id) where training_id is not null;
      create index evaluations_series on evaluations (firm_id, series_id, version);

      create table improvement_actions (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        title text not null,
        description text not null default '',
        owner_id uuid,
        owner_name text,
        due_at timestamptz not null,
        status text not null default 'open' check (status in ('open','in_progress','done','cancelled')),
        done_at timestamptz,
        done_by_id uuid,
        evaluation_id uuid,
        incident_id uuid,
        client_visible boolean not null default false,
        created_by_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, owner_id) references users(firm_id, id),
        foreign key (firm_id, done_by_id) references users(firm_id, id),
        foreign key (firm_id, created_by_id) references users(firm_id, id),
        foreign key (firm_id, evaluation_id) references evaluations(firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id),
        check (owner_id is not null or owner_name is not null),
        check ((status = 'done') = (done_at is not null))
      );
      create index improvement_actions_due on improvement_actions (firm_id, status, due_at);
      create index improvement_actions_client on improvement_actions (firm_id, client_id, due_at);
      create index improvement_actions_evaluation on improvement_actions (firm_id, evaluation_id) where evaluation_id is not null;
      create index improvement_actions_incident on improvement_actions (firm_id, incident_id) where incident_id is not null;
    `);
    // staff only: client admins have no use for the templates
    await enableRls(q, 'evaluation_templates', `firm_id = app_firm_id() and app_role() <> 'client_admin'`);
    await enableRls(
      q,
      'evaluations',
      `firm_id = app_firm_id() and app_client_visible(client_id) and (app_role() <> 'client_admin' or (status = 'final' and shared_with_client))`,
    );
    // the evaluation looked up here is itself filtered by the policy above
    await enableRls(
      q,
      'improvement_actions',
      `firm_id = app_firm_id() and app_client_visible(client_id) and (app_role() <> 'client_admin' or client_visible
        or exists (select 1 from evaluations e where e.firm_id = improvement_actions.firm_id and e.id = improvement_actions.evaluation_id
                   and e.status = 'final' and e.shared_with_client))`,
    );
    await q.query(`grant select, insert, update, delete on evaluation_templates, evaluations, improvement_actions to incident_app;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists improvement_actions, evaluations, evaluation_templates cascade;`);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
