import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor sign-in and firm settings (issue 20).
 *
 * - `user_mfa`: a user's TOTP secret, encrypted by the app (AES-256-GCM with MFA_KEY, or a key derived from AUDIT_KEY;
 *   PostgreSQL never sees it in the clear), `enabled_at` null while it is set up but not yet confirmed with a code, and
 *   `last_step`, the last RFC 6238 time step accepted: a code is accepted only for a later step (no replay; the update
 *   `where last_step < $step` has one winner among parallel sign-ins).
 * - `mfa_recovery_codes`: keyed hashes (HMAC-SHA-256) of the codes an enable hands out once; `used_at` set by the one
 *   update that finds it null (single use, one winner).
 * - `firm_logos`: the firm's logo (PNG or JPEG, at most 256 KiB), shown in the admin and on every PDF.
 * - `firms.mfa_required`: the firm requires two-factor sign-in of all its staff (managers and consultants).
 * Tables first, their foreign keys in statements of their own (a Citus deployment distributes the tables in between).
 */
export class TwoFactorFirmSettings1766900000000 implements MigrationInterface {
  name = 'TwoFactorFirmSettings1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table firms add column mfa_required boolean not null default false;

      create table user_mfa (
        firm_id uuid not null,
        user_id uuid not null,
        secret_enc text not null,
        enabled_at timestamptz,
        last_step bigint,
        created_at timestamptz not null default now(),
        primary key (firm_id, user_id)
      );
      create table mfa_recovery_codes (
        firm_id uuid not null,
        id uuid not null,
        user_id uuid not null,
        code_hash text not null,
        used_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (firm_id, id)
      );
      create unique index mfa_recovery_codes_hash on mfa_recovery_codes (firm_id, user_id, code_hash);
      create table firm_logos (
        firm_id uuid not null,
        content_type text not null check (content_type in ('image/png', 'image/jpeg')),
        content bytea not null check (octet_length(content) <= 262144),
        sha256 text not null,
        updated_at timestamptz not null default now(),
        primary key (firm_id)
      );

      alter table user_mfa enable row level security;
      alter table user_mfa force row level security;
      create policy tenant_scope on user_mfa using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      alter table mfa_recovery_codes enable row level security;
      alter table mfa_recovery_codes force row level security;
      create policy tenant_scope on mfa_recovery_codes using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      alter table firm_logos enable row level security;
      alter table firm_logos force row level security;
      create policy tenant_scope on firm_logos using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      grant select, insert, update, delete on user_mfa, mfa_recovery_codes, firm_logos to incident_app;
    `);
    await q.query(`alter table user_mfa add foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade`);
    await q.query(`alter table mfa_recovery_codes add foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade`);
    await q.query(`alter table firm_logos add foreign key (firm_id) references firms(id) on delete cascade`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table if exists firm_logos;
      drop table if exists mfa_recovery_codes;
      drop table if exists user_mfa;
      alter table firms drop column if exists mfa_required;
    `);
  }
}
