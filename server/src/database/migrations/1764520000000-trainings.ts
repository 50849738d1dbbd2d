import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Training and drill records (client-owned). Participants are kept in a jsonb array on the training: they belong
 * wholly to it, are always read and written with it (the form edits the whole list, a CSV import replaces it in one
 * statement, the audit row shows the list before and after), and nothing references one participant. The counts
 * derived from them (participants, attended, assessed, passed) and the next due date are stored beside them on every
 * write, so that lists, due filters and reports need no unpacking.
 *
 * Client admins read their own company's trainings (the client scope; no further restriction).
 * Also adds the foreign key from evaluations.training_id (drill evaluations), which the evaluations migration left out.
 */
export class Trainings1764520000000 implements MigrationInterface {
  name = 'Trainings1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table trainings (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        type text not null check (type in ('security_awareness','legal_compliance','emergency_drill','tabletop_exercise','technical','communication','collaboration','psychological_support')),
        title text not null,
        legal_basis text,
        date date not null,
        duration_minutes int check (duration_minutes between 1 and 100000),
        delivery_mode text check (delivery_mode in ('onsite','online','hybrid')),
        trainer text,
        objectives text,
        scenario text,
        status text not null default 'planned' check (status in ('planned','completed','cancelled')),
        participants jsonb not null default '[]'::jsonb check (jsonb_typeof(participants) = 'array'),
        pass_mark int check (pass_mark between 0 and 100),
        participant_count int not null default 0,
        attended_count int not null default 0,
        assessed_count int not null default 0,
        passed_count int not null default 0,
        recurrence_months int check (recurrence_months between 1 and 120),
        next_due_at date,
        detect_minutes int check (detect_minutes >= 0),
        escalate_minutes int check (escalate_minutes >= 0),
        report_minutes int check (report_minutes >= 0),
        created_by_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, created_by_id) references users(firm_id, id),
        check (attended_count <= participant_count and passed_count <= assessed_count and assessed_count <= attended_count),
        -- measured times are for drills only
        check (type in ('emergency_drill','tabletop_exercise') or (detect_minutes is null and escalate_minutes is null and report_minutes is null)),
        check ((next_due_at is null) = (recurrence_months is null or status = 'cancelled'))
      );
      create index trainings_firm_date on trainings (firm_id, date desc, id desc);
      create index trainings_client_date on trainings (firm_id, client_id, date desc, id desc);
      -- "renewed by a later training of the same client and type" and the due lists
      create index trainings_series on trainings (firm_id, client_id, type, date);
      create index trainings_due on trainings (firm_id, next_due_at) where status = 'completed' and next_due_at is not null;
    `);
    await enableRls(q, 'trainings', 'firm_id = app_firm_id() and app_client_visible(client_id)');
    // records are cancelled, never deleted
    await q.query(`grant select, insert, update on trainings to incident_app;`);
    const [{ exists }] = await q.query(`select to_regclass('public.evaluations') is not null as exists`);
    if (exists) {
      await q.query(`alter table evaluations add constraint evaluations_training_fk foreign key (firm_id, training_id) references trainings(firm_id, id)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table if exists evaluations drop constraint if exists evaluations_training_fk;
      drop table if exists trainings cascade;`);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
