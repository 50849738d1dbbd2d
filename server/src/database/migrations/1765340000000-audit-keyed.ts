import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain keyed from here on, and its heads readable for the anchors kept outside the database.
 *
 * - `audit_heads.keyed_from`: the first seq of the firm's chain whose hash is an HMAC-SHA256 with AUDIT_KEY (a key
 *   PostgreSQL never sees). Rows before it were hashed with plain SHA-256 and stay as they are: history is never
 *   rewritten. A firm whose chain exists now is keyed from its next row; a firm whose chain starts later, from row 1.
 *   The app role may no longer change the column (it updates last_seq and last_hash only); the anchors written
 *   outside the database carry it too, so that moving it is detected (server/src/audit/anchors.ts).
 * - `audit_chain_heads(firms)`: the heads of the given firms (null: every firm) in one statement, for the anchor
 *   writer, which exports them outside the database after each committed change and on a schedule. The app role
 *   could read any one firm's head already (by setting its scope); this reads many without a transaction per firm.
 *
 * Servers of an older version must be stopped before this runs: a row they appended after it would be unkeyed.
 */
export class AuditKeyed1765340000000 implements MigrationInterface {
  name = 'AuditKeyed1765340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table audit_heads add column keyed_from bigint not null default 1`);
    await q.query(`alter table audit_heads no force row level security`);
    await q.query(`update audit_heads set keyed_from = last_seq + 1`);
    await q.query(`alter table audit_heads force row level security`);
    await q.query(`
      alter table audit_heads add constraint audit_heads_keyed_from check (keyed_from >= 1);

      revoke update on audit_heads from incident_app;
      grant update (last_seq, last_hash) on audit_heads to incident_app;

      grant select on audit_heads to incident_auth;
      create policy anchor_read on audit_heads for select to incident_auth using (true);

      create function audit_chain_heads(p_firms uuid[])
        returns table (firm_id uuid, last_seq bigint, last_hash text, keyed_from bigint)
        language sql stable security definer set search_path = public
        as $$ select h.firm_id, h.last_seq, h.last_hash, h.keyed_from from audit_heads h
              where p_firms is null or h.firm_id = any(p_firms) order by h.firm_id $$;
      alter function audit_chain_heads(uuid[]) owner to incident_auth;
      revoke all on function audit_chain_heads(uuid[]) from public;
      grant execute on function audit_chain_heads(uuid[]) to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function if exists audit_chain_heads(uuid[]);
      drop policy if exists anchor_read on audit_heads;
      revoke select on audit_heads from incident_auth;
      grant update on audit_heads to incident_app;
      alter table audit_heads drop constraint if exists audit_heads_keyed_from;
      alter table audit_heads drop column if exists keyed_from;
    `);
  }
}
