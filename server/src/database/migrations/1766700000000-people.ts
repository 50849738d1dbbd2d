import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People (issue 20): invitations and password resets by e-mail, and a user's own sessions.
 *
 * - `users.password_hash` may be null: a person invited by a manager has no password until they accept the invitation
 *   (they cannot sign in: sign-in spends a dummy hash's work on them, as on an unknown address). `password_set_at`
 *   says when the password was last set (null: the invitation is pending); existing users set theirs when they were made.
 * - `account_tokens`: one-time links, `invite` (72 h) and `reset` (30 min). Only the SHA-256 of the secret is kept;
 *   the link is `firm.id.secret`, so the public routes that take it (accept-invite, reset-password) enter the token's
 *   firm before they read it, and row-level security holds as everywhere. Used, revoked and expired ones stay (history),
 *   a partial index finds the live ones.
 * - `account_lookup(p_email)`: the accounts of an address with whether they may get a reset link (active, a password
 *   set) and their locale, read through the login directory (e-mail → firm, user) like sign-in — owned by the auth role,
 *   for the forgot-password job, which then works in each account's firm.
 */
export class People1766700000000 implements MigrationInterface {
  name = 'People1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table users alter column password_hash drop not null;
      -- existing users (and those the seeders write) have set theirs; an invitation writes null
      alter table users add column password_set_at timestamptz default now();
      alter table users no force row level security;
      update users set password_set_at = created_at;
      alter table users force row level security;

      create table account_tokens (
        firm_id uuid not null,
        id uuid not null,
        user_id uuid not null,
        purpose text not null check (purpose in ('invite', 'reset')),
        token_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade
      );
      create index account_tokens_live on account_tokens (firm_id, user_id, purpose) where used_at is null and revoked_at is null;
      alter table account_tokens enable row level security;
      alter table account_tokens force row level security;
      create policy tenant_scope on account_tokens using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      grant select, insert, update on account_tokens to incident_app;

      -- through the login directory (migration 1765800000000, which runs after this one on a new database: PL/pgSQL
      -- reads its tables when called), then each account by its firm, as sign-in does: never every firm's users by e-mail
      create function account_lookup(p_email text)
        returns table (firm_id uuid, id uuid, locale text, can_reset boolean)
        language plpgsql stable security definer set search_path = public
        as $$
        begin
          return query select u.firm_id, u.id, u.locale, u.active and u.password_hash is not null
                         from login_directory d join users u on u.firm_id = d.firm_id and u.id = d.user_id
                        where d.email = p_email order by u.firm_id;
        end $$;
      alter function account_lookup(text) owner to incident_auth;
      revoke all on function account_lookup(text) from public;
      grant execute on function account_lookup(text) to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function if exists account_lookup(text);
      drop table if exists account_tokens;
      alter table users drop column if exists password_set_at;
    `);
  }
}
