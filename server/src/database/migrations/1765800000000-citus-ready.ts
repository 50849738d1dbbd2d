import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citus-ready in fact, not only in its keys (issue 21). A trial of the schema's patterns on a Citus coordinator with two
 * workers found what a distributed PostgreSQL refuses or gets wrong; each is changed here so that it holds on plain
 * PostgreSQL now, and the catalog test (test/api/catalog.test.ts) fails when one comes back. Self-contained: the SQL of
 * every function it replaces is written out here.
 *
 * 1. The scope is set with `SET LOCAL` (`execute format('set local app.… = %L', …)`), which Citus propagates to the
 *    workers when the app role has `citus.propagate_set_commands = 'local'`; `set_config(…, true)` is never
 *    propagated, and every query through row-level security on a worker then saw no rows, without an error. Both
 *    app_enter_scope() functions and app_enter_firm() (the firm-only scope of sign-in and the tools) set it so;
 *    SET LOCAL ends with the transaction exactly as set_config(…, true) did. The role setting needs a superuser or
 *    a role with CREATEROLE: set here when the migrating role may (the embedded PostgreSQL and
 *    docker/init-roles.sql set it as the roles are made; PostgreSQL keeps it as a placeholder without Citus).
 * 2. Policies still hold the subqueries of migration 1764600000000 (Citus: "Subqueries are not supported in policies on
 *    distributed tables"): the forms without one cost more than the bench allows (README, Scale-out; not done).
 * 3. Trigger functions: no `insert … select` / `update … from` over a transition table (Citus: "could not find
 *    named tuplestore"): the rows are looped over in PL/pgSQL; no UPDATE fed by a STABLE function of the row's
 *    columns (incident_extras_refresh): the values are computed first, then written; the roll-up deltas are inserted
 *    one VALUES row at a time (a volatile gen_random_uuid() in INSERT … SELECT is not evaluated where Citus wants it).
 *    The trigger on `firms` (a reference table: it would fire on every replica) is gone: a change of a firm's time
 *    zone rebuilds its roll-ups in the app (reports/report-rollups.ts: changeFirmTimeZone).
 * 4. The login directory: `login_directory (email, firm_id, user_id)`, keyed by the canonical address for a reference
 *    table, so that sign-in reads the firms of an address there and then each account by (firm_id, id) — one firm's
 *    shard per account — instead of scanning every firm's users by e-mail. Kept by login_directory_sync(firm, user)
 *    in the same transaction as the user's change (UsersService, the seeders); only the auth role reads or writes it.
 *    Tables are created first and their foreign keys added in a step of their own (Citus distributes a table between
 *    the two; migrations before this one are history and keep their inline keys).
 */
export class CitusReady1765800000000 implements MigrationInterface {
  name = 'CitusReady1765800000000';

  async up(q: QueryRunner): Promise<void> {
    // 1. the scope with SET LOCAL
    await q.query(`
      -- Sets the scope of the current transaction with SET LOCAL (propagated by Citus; ends with the transaction).
      create function app_set_scope(p_firm uuid, p_user uuid, p_role text, p_all_clients boolean, p_client_ids text) returns void
      language plpgsql volatile as $$
      begin
        execute format('set local app.firm_id = %L; set local app.user_id = %L; set local app.role = %L; set local app.all_clients = %L; set local app.client_ids = %L',
          coalesce(p_firm::text, ''), coalesce(p_user::text, ''), coalesce(p_role, ''), case when p_all_clients then 'on' else 'off' end, coalesce(p_client_ids, ''));
      end $$;
      revoke all on function app_set_scope(uuid, uuid, text, boolean, text) from public;
      grant execute on function app_set_scope(uuid, uuid, text, boolean, text) to incident_auth, incident_app;

      -- A firm's scope without a user: the firm only (sign-in, token refresh), or every client of it as a manager sees
      -- them (the seeders, the scale generator, the command-line tools).
      create function app_enter_firm(p_firm uuid, p_all_clients boolean) returns void
      language plpgsql volatile as $$
      begin
        if p_all_clients then
          perform app_set_scope(p_firm, null, 'manager', true, '');
        else
          execute format('set local app.firm_id = %L', coalesce(p_firm::text, ''));
        end if;
      end $$;
      revoke all on function app_enter_firm(uuid, boolean) from public;
      grant execute on function app_enter_firm(uuid, boolean) to incident_app;

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
    `);
    // the role setting Citus needs to propagate SET LOCAL, where the migrating role may set it
    await q.query(`
      do $$
      begin
        if (select rolsuper from pg_roles where rolname = current_user) then
          execute 'alter role incident_app set citus.propagate_set_commands = ''local''';
        end if;
      end $$;
    `);

    // 3. trigger functions
    await q.query(`
      create or replace function incident_totals_on_insert() returns trigger language plpgsql as $$
      declare
        r record;
      begin
        for r in select firm_id, client_id, count(*) as n from new_rows group by firm_id, client_id order by firm_id, client_id loop
          insert into incident_totals as t (firm_id, client_id, n) values (r.firm_id, r.client_id, r.n)
          on conflict (firm_id, client_id) do update set n = t.n + excluded.n;
        end loop;
        return null;
      end $$;
      create or replace function incident_totals_on_delete() returns trigger language plpgsql as $$
      declare
        r record;
      begin
        for r in select firm_id, client_id, count(*) as n from old_rows group by firm_id, client_id order by firm_id, client_id loop
          update incident_totals set n = n - r.n where firm_id = r.firm_id and client_id = r.client_id;
        end loop;
        return null;
      end $$;

      -- locks the incidents first, in one order, then counts each in a statement of its own (a new snapshot: what a
      -- writer of the same incident committed meanwhile is counted) and writes the values
      create or replace function incident_extras_refresh(p_firms uuid[], p_ids uuid[], p_progress boolean, p_due boolean) returns void
      language plpgsql as $$
      declare
        r record;
        v_progress jsonb;
        v_due timestamptz;
      begin
        perform 1 from incidents i, unnest(p_firms, p_ids) k(firm_id, id)
          where i.firm_id = k.firm_id and i.id = k.id order by i.firm_id, i.id for update of i;
        for r in select distinct k.firm_id, k.id from unnest(p_firms, p_ids) k(firm_id, id) order by k.firm_id, k.id loop
          if p_progress then
            v_progress := incident_progress(r.firm_id, r.id);
          end if;
          if p_due then
            v_due := incident_nearest_due(r.firm_id, r.id);
          end if;
          if p_progress and p_due then
            update incidents set progress = v_progress, nearest_due_at = v_due where firm_id = r.firm_id and id = r.id;
          elsif p_progress then
            update incidents set progress = v_progress where firm_id = r.firm_id and id = r.id;
          elsif p_due then
            update incidents set nearest_due_at = v_due where firm_id = r.firm_id and id = r.id;
          end if;
        end loop;
      end $$;

      drop trigger report_rollups_time_zone on firms;
      drop function report_rollups_on_firms();
    `);
    for (const [table, fn] of ROLLUP_TRIGGERS) {
      await q.query(`
        create or replace function report_rollups_on_${table}() returns trigger language plpgsql as $$
        declare
          r record;
        begin
          for r in select d.firm_id, d.measure, d.day, d.key, sum(d.n) as n
                     from (select old.firm_id as firm_id, f.measure, f.day, f.key, -f.n as n from ${fn}(old) f where tg_op <> 'INSERT'
                           union all
                           select new.firm_id, f.measure, f.day, f.key, f.n from ${fn}(new) f where tg_op <> 'DELETE') d
                    group by d.firm_id, d.measure, d.day, d.key
                   having sum(d.n) <> 0 loop
            insert into report_rollups (firm_id, measure, day, key, id, n, delta) values (r.firm_id, r.measure, r.day, r.key, gen_random_uuid(), r.n, true);
          end loop;
          return null;
        end $$;
      `);
    }

    // 4. the login directory: the table, then its keys
    await q.query(`
      create table login_directory (
        email text not null,
        firm_id uuid not null,
        user_id uuid not null
      );
    `);
    await q.query(`
      alter table login_directory add primary key (email, firm_id);
      alter table login_directory add constraint login_directory_user unique (firm_id, user_id);
      alter table login_directory add constraint login_directory_firm foreign key (firm_id) references firms(id) on delete cascade;
    `);
    await q.query(`
      alter table login_directory enable row level security;
      alter table login_directory force row level security;
      -- only the auth role's definer functions read and write it; the app role has no grant
      create policy auth_directory on login_directory to incident_auth using (true) with check (true);
      grant select, insert, delete on login_directory to incident_auth;

      -- Writes the directory entry of one user of the caller's firm from the users table as it is now (none for a
      -- user that no longer exists), or of every user of the firm (p_user null: the seeders' bulk loads). The caller's
      -- scope must be that firm.
      create function login_directory_sync(p_firm uuid, p_user uuid) returns void
      language plpgsql volatile security definer set search_path = public as $$
      begin
        if app_firm_id() is distinct from p_firm then
          raise exception 'login_directory_sync needs the scope of the firm' using errcode = '42501';
        end if;
        delete from login_directory where firm_id = p_firm and (p_user is null or user_id = p_user);
        insert into login_directory (email, firm_id, user_id)
        select u.email, u.firm_id, u.id from users u where u.firm_id = p_firm and (p_user is null or u.id = p_user);
      end $$;
      alter function login_directory_sync(uuid, uuid) owner to incident_auth;
      revoke all on function login_directory_sync(uuid, uuid) from public;
      grant execute on function login_directory_sync(uuid, uuid) to incident_app;

      -- sign-in, step 1: the firms of an address (reference tables only)
      create function auth_login_directory(p_email text)
        returns table (firm_id uuid, id uuid, firm_slug text, firm_name text)
        language sql stable security definer set search_path = public
        as $$ select d.firm_id, d.user_id, f.slug, f.name from login_directory d join firms f on f.id = d.firm_id
               where d.email = p_email order by f.slug $$;
      -- sign-in, step 2: one account, by its firm (one firm's rows)
      create function auth_login_account(p_firm uuid, p_user uuid, p_email text)
        returns table (password_hash text, active boolean)
        language sql stable security definer set search_path = public
        as $$ select u.password_hash, u.active from users u where u.firm_id = p_firm and u.id = p_user and u.email = p_email $$;
      -- what sign-in used before: every firm's users by e-mail
      drop function auth_login_lookup(text);
      alter function auth_login_directory(text) owner to incident_auth;
      alter function auth_login_account(uuid, uuid, text) owner to incident_auth;
      revoke all on function auth_login_directory(text), auth_login_account(uuid, uuid, text) from public;
      grant execute on function auth_login_directory(text), auth_login_account(uuid, uuid, text) to incident_app;
    `);
    // every user there is (the owner reads users without a scope, just for this statement)
    await q.query(`alter table users no force row level security`);
    await q.query(`insert into login_directory (email, firm_id, user_id) select email, firm_id, id from users`);
    await q.query(`alter table users force row level security`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function if exists auth_login_directory(text), auth_login_account(uuid, uuid, text), login_directory_sync(uuid, uuid);
      create function auth_login_lookup(p_email text)
        returns table (firm_id uuid, id uuid, password_hash text, active boolean, firm_slug text, firm_name text)
        language sql stable security definer set search_path = public
        as $$ select u.firm_id, u.id, u.password_hash, u.active, f.slug, f.name
                from users u join firms f on f.id = u.firm_id
               where u.email = p_email
               order by f.slug $$;
      alter function auth_login_lookup(text) owner to incident_auth;
      revoke all on function auth_login_lookup(text) from public;
      grant execute on function auth_login_lookup(text) to incident_app;
      drop table if exists login_directory;
    `);
    await q.query(`
      create function report_rollups_on_firms() returns trigger language plpgsql as $$
      begin
        perform report_rollups_rebuild(new.id);
        return null;
      end $$;
      create trigger report_rollups_time_zone after update of time_zone on firms
        for each row when (old.time_zone is distinct from new.time_zone) execute function report_rollups_on_firms();
    `);
    // the scope functions and trigger functions keep their new bodies (same results); the role setting stays
  }
}

/**
 * How both app_enter_scope() functions end once the user `u` is found: a consultant's clients or a client admin's own
 * looked up, the scope set with SET LOCAL, the scope returned as one JSON array.
 */
const ENTER_USER = `        if u.role = 'consultant' then
          select string_agg(a.client_id::text, ',') into ids
            from assignments a where a.firm_id = p_firm and a.consultant_id = p_user;
        elsif u.role <> 'manager' then
          ids := u.client_id::text;
        end if;
        perform app_set_scope(p_firm, p_user, u.role, u.role = 'manager', ids);
        return json_build_array(u.id, u.email, u.name, u.role, u.client_id, u.locale, u.firm_name, u.time_zone, coalesce(ids, ''));
`;

/** The tables whose rows the roll-ups count, with their counter functions (migration 1764700000000). */
const ROLLUP_TRIGGERS: [string, string][] = [
  ['incidents', 'report_rollup_incident'],
  ['obligations', 'report_rollup_obligation'],
  ['communications', 'report_rollup_communication'],
  ['tasks', 'report_rollup_task'],
];
