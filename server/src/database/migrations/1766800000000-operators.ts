import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator and the firms they run (issue 20). Self-contained: the SQL of every function it replaces is written out.
 *
 * - **The platform.** Operators are outside every customer firm: they are users of the platform, one row of `firms`
 *   (`kind = 'platform'`, a fixed id) that no customer's record belongs to. So an operator signs in through the login
 *   directory like anyone (address → platform, user), has sessions, invitation links (`account_tokens`) and an audit
 *   chain (the platform's: the platform-level audit) of the platform's own, and row-level security holds for them as
 *   for everyone: their scope is the platform's firm id, which no incident, client, communication or file carries.
 *   `users.role` gains `operator`; app_enter_scope() enters an operator only in the platform, and nobody else there.
 * - **Customer firms** gain `credit_code` (unique) and `suspended_at`. A suspended firm's users enter no scope:
 *   app_enter_scope() returns null for them (every request of theirs is 401 from the next one on, the portal's
 *   included), and auth_login_account() reports their accounts inactive (sign-in refused).
 * - **What an operator sees of firms**: the rows of `firms` (policy `operator_read`) and suspend / reactivate a customer
 *   firm (`operator_manage`). Counts, the export's rows and the erasure go through the owner's functions below,
 *   which check the caller's role is `operator` and then work on one firm through a policy of their own: every
 *   firm-owned table gets `platform_task`, for the owner role only, on the firm named by `app.platform_firm` — a
 *   setting the functions set and clear. The app role never gets that policy, so setting it gives the app nothing.
 * - `platform_erase_firm(firm)` deletes every row of a suspended firm from every table with a `firm_id` column (read
 *   from the catalog when it runs, so a table added later is covered), in passes until none is left (foreign keys
 *   between the tables, and the rows triggers write back while others go), then the firm; one transaction. The audit
 *   log's append-only trigger lets exactly that erasure through (a DELETE of the firm `app.platform_firm` names, which
 *   only the owner can do: the app role has no DELETE on audit_logs).
 * - `platform_keys_in_use(keys)`: which stored files' keys an attachment of any firm still names (policy
 *   `platform_key_check` on attachments, owner only, on the keys `app.platform_keys` lists): a deleted firm's files
 *   leave the store only when no attachment names them (keys are the content's SHA-256, shared by identical files).
 */
export class Operators1766800000000 implements MigrationInterface {
  name = 'Operators1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table firms add column kind text not null default 'customer' check (kind in ('customer', 'platform'));
      alter table firms add column credit_code text;
      alter table firms add column suspended_at timestamptz;
      create unique index firms_credit_code on firms (credit_code);

      alter table firms no force row level security;
      insert into firms (id, name, slug, kind, locale, time_zone)
        values ('f0000000-0000-4000-8000-000000000000', 'Incident Desk', 'platform', 'platform', 'en', 'UTC');
      alter table firms force row level security;

      alter table users drop constraint users_role_check;
      alter table users add constraint users_role_check check (role in ('manager', 'consultant', 'client_admin', 'operator'));

      create policy operator_read on firms for select to incident_app
        using (current_setting('app.role', true) = 'operator');
      create policy operator_manage on firms for update to incident_app
        using (current_setting('app.role', true) = 'operator' and kind = 'customer')
        with check (current_setting('app.role', true) = 'operator' and kind = 'customer');
    `);

    // the firm an operator's platform task works on, and its policy on every firm-owned table (for the owner only)
    await q.query(`
      create function platform_firm() returns uuid language sql stable
        as $$ select nullif(current_setting('app.platform_firm', true), '')::uuid $$;

      create policy platform_task on firms to current_user using (id = platform_firm()) with check (id = platform_firm());
      do $$
      declare t text;
      begin
        for t in select c.table_name from information_schema.columns c join information_schema.tables x
                   on x.table_schema = c.table_schema and x.table_name = c.table_name and x.table_type = 'BASE TABLE'
                  where c.table_schema = 'public' and c.column_name = 'firm_id' order by 1 loop
          execute format('create policy platform_task on %I to current_user using (firm_id = platform_firm()) with check (firm_id = platform_firm())', t);
        end loop;
      end $$;

      -- the operator's functions check the caller's scope first
      create function platform_require_operator() returns void language plpgsql stable as $$
      begin
        if current_setting('app.role', true) is distinct from 'operator' then
          raise exception 'only an operator may do this' using errcode = '42501';
        end if;
      end $$;

      create function platform_set_firm(p_firm uuid) returns void language plpgsql volatile as $$
      begin
        execute format('set local app.platform_firm = %L', coalesce(p_firm::text, ''));
      end $$;

      -- the tables a firm owns: every table with a firm_id column (from pg_catalog, which shows every table to every
      -- role; information_schema shows a role only the tables it has a privilege on)
      create function platform_firm_tables() returns setof text language sql stable as $$
        select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
         where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attname = 'firm_id' and not a.attisdropped order by 1 $$;

      -- what a firm holds, counted (never its records)
      create function platform_firm_usage(p_firm uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare r json;
      begin
        perform platform_require_operator();
        perform platform_set_firm(p_firm);
        select json_build_object(
                 'users', (select count(*) from users where firm_id = p_firm),
                 'clients', (select count(*) from clients where firm_id = p_firm),
                 'incidents', (select count(*) from incidents where firm_id = p_firm),
                 'storageBytes', (select coalesce(sum(size), 0) from attachments where firm_id = p_firm))
          into r;
        perform platform_set_firm(null);
        return r;
      end $$;

      -- one table's rows of a firm, as JSON (the export)
      create function platform_firm_rows(p_firm uuid, p_table text) returns setof jsonb
      language plpgsql volatile security definer set search_path = public as $$
      begin
        perform platform_require_operator();
        if p_table not in (select platform_firm_tables()) then
          raise exception 'not a firm-owned table: %', p_table using errcode = '22023';
        end if;
        perform platform_set_firm(p_firm);
        return query execute format('select to_jsonb(x) from %I x where x.firm_id = $1', p_table) using p_firm;
        perform platform_set_firm(null);
      end $$;

      -- every row of a suspended firm, then the firm: {table: rows deleted}
      create function platform_erase_firm(p_firm uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare
        f record;
        t text;
        n bigint;
        counts jsonb := '{}'::jsonb;
        pass int := 0;
        left_over int;
        found_any boolean;
      begin
        perform platform_require_operator();
        perform platform_set_firm(p_firm);
        select kind, suspended_at into f from firms where id = p_firm for update;
        if not found or f.kind <> 'customer' then
          raise exception 'no such customer firm' using errcode = 'P0002';
        end if;
        if f.suspended_at is null then
          raise exception 'the firm is not suspended' using errcode = '55000';
        end if;
        loop
          pass := pass + 1;
          left_over := 0;
          for t in select platform_firm_tables() loop
            begin
              execute format('delete from %I where firm_id = $1', t) using p_firm;
              get diagnostics n = row_count;
              if n > 0 then
                counts := jsonb_set(counts, array[t], to_jsonb(coalesce((counts ->> t)::bigint, 0) + n));
              end if;
            exception when foreign_key_violation then
              left_over := left_over + 1;
            end;
          end loop;
          -- rows that triggers wrote while others went (roll-up deltas, counters) go in the next pass
          if left_over = 0 then
            found_any := false;
            for t in select platform_firm_tables() loop
              execute format('select exists (select 1 from %I where firm_id = $1)', t) into found_any using p_firm;
              exit when found_any;
            end loop;
            exit when not found_any;
          end if;
          if pass >= 20 then
            raise exception 'the firm''s rows could not all be deleted' using errcode = '55000';
          end if;
        end loop;
        delete from firms where id = p_firm;
        perform platform_set_firm(null);
        return counts;
      end $$;

      -- which of some stored files' keys an attachment of any firm still names (a deleted firm's files are removed
      -- from the store only when none does: keys are the content's SHA-256, shared by identical files)
      create policy platform_key_check on attachments for select to current_user
        using (storage_key = any(string_to_array(nullif(current_setting('app.platform_keys', true), ''), ',')));
      create function platform_keys_in_use(p_keys text[]) returns setof text
      language plpgsql volatile security definer set search_path = public as $$
      begin
        execute format('set local app.platform_keys = %L', array_to_string(p_keys, ','));
        return query select distinct a.storage_key from attachments a where a.storage_key = any(p_keys);
        execute 'set local app.platform_keys = ''''';
      end $$;

      revoke all on function platform_firm_usage(uuid), platform_firm_rows(uuid, text), platform_erase_firm(uuid), platform_keys_in_use(text[]) from public;
      grant execute on function platform_firm_usage(uuid), platform_firm_rows(uuid, text), platform_erase_firm(uuid), platform_keys_in_use(text[]) to incident_app;

      -- the audit log stays append-only, but for the erasure of a whole firm by platform_erase_firm()
      create or replace function audit_logs_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.firm_id = platform_firm() then
            return old;
          end if;
        end if;
        raise exception 'audit_logs is append-only: % refused', tg_op using errcode = '42501';
      end $$;

      -- sign-in: a suspended firm's accounts are inactive
      create or replace function auth_login_account(p_firm uuid, p_user uuid, p_email text)
        returns table (password_hash text, active boolean)
        language sql stable security definer set search_path = public
        as $$ select u.password_hash, u.active and f.suspended_at is null
                from users u join firms f on f.id = u.firm_id
               where u.firm_id = p_firm and u.id = p_user and u.email = p_email $$;

      create or replace function app_enter_scope(p_firm uuid, p_user uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare
        u record;
        ids text;
      begin
        select x.id, x.email, x.name, x.role, x.client_id, x.locale, x.active, f.name as firm_name, f.time_zone,
               f.suspended_at, f.kind
          into u from users x join firms f on f.id = x.firm_id
         where x.firm_id = p_firm and x.id = p_user;
        if not found or not u.active or u.suspended_at is not null or (u.role = 'operator') <> (u.kind = 'platform') then
          return null;
        end if;
${ENTER_USER}      end $$;

      create or replace function app_enter_scope(p_firm uuid, p_user uuid, p_session uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare
        u record;
        ids text;
      begin
        select x.id, x.email, x.name, x.role, x.client_id, x.locale, f.name as firm_name, f.time_zone, f.kind
          into u
          from sessions s
          join users x on x.firm_id = s.firm_id and x.id = s.user_id
          join firms f on f.id = x.firm_id
         where s.firm_id = p_firm and s.id = p_session and s.user_id = p_user
           and s.ended_at is null and s.expires_at > now() and x.active and f.suspended_at is null;
        if not found or (u.role = 'operator') <> (u.kind = 'platform') then
          return null;
        end if;
${ENTER_USER}      end $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function app_enter_scope(p_firm uuid, p_user uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare
        u record;
        ids text;
      begin
        select x.id, x.email, x.name, x.role, x.client_id, x.locale, x.active, f.name as firm_name, f.time_zone
          into u from users x join firms f on f.id = x.firm_id
         where x.firm_id = p_firm and x.id = p_user;
        if not found or not u.active then
          return null;
        end if;
${ENTER_USER}      end $$;

      create or replace function app_enter_scope(p_firm uuid, p_user uuid, p_session uuid) returns json
      language plpgsql volatile security definer set search_path = public as $$
      declare
        u record;
        ids text;
      begin
        select x.id, x.email, x.name, x.role, x.client_id, x.locale, f.name as firm_name, f.time_zone
          into u
          from sessions s
          join users x on x.firm_id = s.firm_id and x.id = s.user_id
          join firms f on f.id = x.firm_id
         where s.firm_id = p_firm and s.id = p_session and s.user_id = p_user
           and s.ended_at is null and s.expires_at > now() and x.active;
        if not found then
          return null;
        end if;
${ENTER_USER}      end $$;

      create or replace function auth_login_account(p_firm uuid, p_user uuid, p_email text)
        returns table (password_hash text, active boolean)
        language sql stable security definer set search_path = public
        as $$ select u.password_hash, u.active from users u where u.firm_id = p_firm and u.id = p_user and u.email = p_email $$;

      create or replace function audit_logs_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_logs is append-only: % refused', tg_op using errcode = '42501';
      end $$;

      drop function platform_keys_in_use(text[]);
      drop policy platform_key_check on attachments;
      drop function platform_erase_firm(uuid);
      drop function platform_firm_rows(uuid, text);
      drop function platform_firm_usage(uuid);
      drop function platform_firm_tables();
      drop function platform_set_firm(uuid);
      drop function platform_require_operator();
      do $$
      declare t text;
      begin
        for t in select tablename from pg_policies where schemaname = 'public' and policyname = 'platform_task' loop
          execute format('drop policy platform_task on %I', t);
        end loop;
      end $$;
      drop function platform_firm();
      drop policy operator_manage on firms;
      drop policy operator_read on firms;

      alter table users no force row level security;
      delete from login_directory where firm_id = 'f0000000-0000-4000-8000-000000000000';
      delete from users where role = 'operator';
      alter table users force row level security;
      alter table users drop constraint users_role_check;
      alter table users add constraint users_role_check check (role in ('manager', 'consultant', 'client_admin'));

      alter table firms no force row level security;
      delete from firms where id = 'f0000000-0000-4000-8000-000000000000';
      alter table firms force row level security;
      drop index firms_credit_code;
      alter table firms drop column suspended_at;
      alter table firms drop column credit_code;
      alter table firms drop column kind;
    `);
  }
}

/** What both app_enter_scope() functions do with the user they found (as migration 1765800000000 has it). */
const ENTER_USER = `        if u.role = 'consultant' then
          select string_agg(a.client_id::text, ',') into ids
            from assignments a where a.firm_id = p_firm and a.consultant_id = p_user;
        elsif u.role <> 'manager' then
          ids := u.client_id::text;
        end if;
        perform app_set_scope(p_firm, p_user, u.role, u.role = 'manager', ids);
        return json_build_array(u.id, u.email, u.name, u.role, u.client_id, u.locale, u.firm_name, u.time_zone, coalesce(ids, ''));
`;
