import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence files leave PostgreSQL for the evidence store (server/src/storage: a folder or an S3 bucket).
 * `attachments.storage_key` is where a file's bytes are in the store; null means they are still in
 * `attachment_contents`, from before, until the move (storage/move.ts) has copied them out, read them back, checked
 * their SHA-256 against the row's, recorded the key and removed them — one file per transaction, rows taken with
 * FOR UPDATE SKIP LOCKED, so that it is resumable and two servers share the work.
 *
 * The key is set once: the only change of an attachment besides its removal is from no key to a key. The app role
 * still cannot delete bytes; `attachment_contents_moved()` (its owner's rights, the caller's row-level security)
 * removes the bytes of a file whose key is recorded, and nothing else.
 */
export class EvidenceStorage1765850000000 implements MigrationInterface {
  name = 'EvidenceStorage1765850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table attachments add column storage_key text
        check (storage_key ~ '^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$' and length(storage_key) <= 1024);
      create index attachments_in_database on attachments (firm_id, id) where storage_key is null;

      create or replace function attachments_immutable() returns trigger language plpgsql as $$
      begin
        if (new.firm_id, new.id, new.client_id, new.entity, new.entity_id, new.file_name, new.sha256, new.size, new.content_type,
            new.uploaded_by_id, new.created_at)
           is distinct from
           (old.firm_id, old.id, old.client_id, old.entity, old.entity_id, old.file_name, old.sha256, old.size, old.content_type,
            old.uploaded_by_id, old.created_at)
           or (old.removed_at is not null and (new.removed_at, new.removed_by_id) is distinct from (old.removed_at, old.removed_by_id))
           or (old.storage_key is not null and new.storage_key is distinct from old.storage_key) then
          raise exception 'an attachment only records its removal, once, and where its bytes went, once' using errcode = '42501';
        end if;
        return new;
      end $$;

      create function attachment_contents_moved(p_firm_id uuid, p_id uuid) returns boolean
        language sql volatile security definer set search_path = public as $$
        with gone as (
          delete from attachment_contents c
           using attachments a
           where c.firm_id = p_firm_id and c.id = p_id and a.firm_id = c.firm_id and a.id = c.id and a.storage_key is not null
          returning 1)
        select exists (select 1 from gone) $$;
      revoke all on function attachment_contents_moved(uuid, uuid) from public;
      grant execute on function attachment_contents_moved(uuid, uuid) to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function if exists attachment_contents_moved(uuid, uuid);
      drop index if exists attachments_in_database;
      alter table attachments drop column if exists storage_key;
      create or replace function attachments_immutable() returns trigger language plpgsql as $$
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
    `);
  }
}
