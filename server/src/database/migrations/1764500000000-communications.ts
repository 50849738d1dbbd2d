import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Communications: the register (client-owned) and the firm's templates (firm-owned; the built-in ones are
 * ensured per firm by the app the first time they are needed). A sent communication can fulfil an obligation:
 * the obligation keeps a link to it. Client admins see only sent or received client-visible communications,
 * also at the database level.
 */
export class Communications1764500000000 implements MigrationInterface {
  name = 'Communications1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table communication_templates (
        firm_id uuid not null references firms(id),
        id uuid not null,
        key text not null,
        name jsonb not null,
        audience text not null check (audience in ('internal','client','partner','regulator','media','public','affected_individuals')),
        channel text not null check (channel in ('email','phone','meeting','letter','sms','wechat','portal','press_release','other')),
        subject jsonb not null,
        body jsonb not null,
        built_in boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, key)
      );

      create table communications (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        incident_id uuid,
        audience text not null check (audience in ('internal','client','partner','regulator','media','public','affected_individuals')),
        channel text not null check (channel in ('email','phone','meeting','letter','sms','wechat','portal','press_release','other')),
        direction text not null check (direction in ('outbound','inbound')),
        subject text not null,
        body text not null default '',
        recipients jsonb not null default '[]'::jsonb,
        client_visible boolean not null default false,
        status text not null check (status in ('draft','in_review','approved','sent','received')),
        template_id uuid,
        obligation_id uuid,
        created_by_id uuid,
        submitted_by_id uuid,
        submitted_at timestamptz,
        approved_by_id uuid,
        approved_at timestamptz,
        sent_by_id uuid,
        sent_at timestamptz,
        received_at timestamptz,
        acknowledged_by_id uuid,
        acknowledged_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade,
        foreign key (firm_id, obligation_id) references obligations(firm_id, id) on delete set null (obligation_id),
        foreign key (firm_id, template_id) references communication_templates(firm_id, id) on delete set null (template_id),
        foreign key (firm_id, created_by_id) references users(firm_id, id),
        foreign key (firm_id, submitted_by_id) references users(firm_id, id),
        foreign key (firm_id, approved_by_id) references users(firm_id, id),
        foreign key (firm_id, sent_by_id) references users(firm_id, id),
        foreign key (firm_id, acknowledged_by_id) references users(firm_id, id),
        check ((direction = 'inbound') = (status = 'received')),
        check (status <> 'sent' or sent_at is not null),
        check (acknowledged_at is null or (status = 'sent' and client_visible))
      );
      create index communications_firm_created on communications (firm_id, created_at desc, id desc);
      create index communications_client_created on communications (firm_id, client_id, created_at desc, id desc);
      create index communications_incident on communications (firm_id, incident_id);

      -- the communication that fulfilled the obligation (null when met by hand or by the incident's own progress)
      alter table obligations add column communication_id uuid;
      alter table obligations add foreign key (firm_id, communication_id) references communications(firm_id, id) on delete set null (communication_id);
    `);
    await enableRls(q, 'communication_templates', 'firm_id = app_firm_id()');
    // client admins see only what was sent to (or received from) them and marked for them, whatever the query
    await enableRls(
      q,
      'communications',
      `firm_id = app_firm_id() and app_client_visible(client_id) and (app_role() <> 'client_admin' or (client_visible and status in ('sent','received')))`,
    );
    await q.query(`grant select, insert, update, delete on communication_templates, communications to incident_app;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table obligations drop column if exists communication_id;
      drop table if exists communications, communication_templates cascade;`);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
