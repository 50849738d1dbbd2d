import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments (client-owned): metadata in `attachments`, the bytes in `attachment_contents`, so that lists never
 * load them. A file hangs off an incident, communication, evaluation or training (`entity`, `entity_id`; the app
 * checks the record exists in the caller's scope and takes its client). Content never changes: the app role may
 * only insert and read the bytes, and a trigger refuses any update of them (and of the metadata that describes
 * them). Removing an attachment marks it removed (who, when); the bytes stay.
 *
 * Client admins see, also at the database level, only the attachments of their company's trainings that are not
 * removed; the contents' policy follows the metadata's.
 */
export class Attachments1764530000000 implements MigrationInterface {
  name = 'Attachments1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table attachments (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        entity text not null check (entity in ('incidents','communications','evaluations','trainings')),
        entity_id uuid not null,
        file_name text not null check (length(file_name) between 1 and 200),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint not null check (size > 0),
        content_type text not null,
        uploaded_by_id uuid,
        created_at timestamptz not null default now(),
        removed_at timestamptz,
        removed_by_id uuid,
        primary key (firm_id, id),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        foreign key (firm_id, uploaded_by_id) references users(firm_id, id),
        foreign key (firm_id, removed_by_id) references users(firm_id, id),
        check (removed_by_id is null or removed_at is not null)
      );
      create index attachments_entity on attachments (firm_id, entity, entity_id, created_at desc, id desc);
      create index attachments_client_created on attachments (firm_id, client_id, created_at desc, id desc);

      create table attachment_contents (
        firm_id uuid not null,
        id uuid not null,
        content bytea not null,
        primary key (firm_id, id),
        foreign key (firm_id, id) references attachments(firm_id, id)
      );
      -- files are mostly compressed already (PDF, images, Office): keep them out of line, uncompressed
      alter table attachment_contents alter column content set storage external;

      create function attachment_contents_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'attachment contents never change: % refused', tg_op using errcode = '42501';
      end $$;
      create trigger attachment_contents_no_update before update on attachment_contents
        for each row execute function attachment_contents_immutable();

      -- only the removal may be recorded, once
      create function attachments_immutable() returns trigger language plpgsql as $$
      begin
        if (new.firm_id, new.id, new.client_id, new.entity, new.entity_id, new.file_name, new.sha256, new.size, new.content_type,
            new.uploaded_by_id, new.created_at)
           is distinct from
           (old.firm_id, old.id, old.client_id, old.entity, old.entity_id, old.file_name, old.sha256, old.size, old.content_type,
            old.uploaded_by_id, old.created_at)
           or (old.removed_at is not null and (new.removed_at, new.removed_by_id) is distinct from (old.removed_at, old.removed_by_id)) then
          raise exception 'an attachment only records its removal, once' using errcode = '42501';
        end if;
        return new;
      end $$;
      create trigger attachments_only_removal before update on attachments
        for each row execute function attachments_immutable();
    `);
    const visible = `firm_id = app_firm_id() and app_client_visible(client_id) and (app_role() <> 'client_admin' or (entity = 'trainings' and removed_at is null))`;
    await enableRls(q, 'attachments', visible);
    // the bytes are visible exactly when their metadata is (the subquery runs under the attachments policy)
    await enableRls(q, 'attachment_contents', `firm_id = app_firm_id() and exists (select 1 from attachments a where a.firm_id = attachment_contents.firm_id and a.id = attachment_contents.id)`);
    await q.query(`
      grant select, insert, update on attachments to incident_app;
      grant select, insert on attachment_contents to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists attachment_contents, attachments cascade;
      drop function if exists attachment_contents_immutable(), attachments_immutable();`);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
