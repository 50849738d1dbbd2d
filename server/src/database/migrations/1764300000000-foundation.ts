import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Foundation: scope helpers, firms, clients, users, assignments, refresh tokens, audit log; row-level
 * security enabled and forced on every firm-owned table; the app role's grants.
 * Citus-ready: firm-owned tables have firm_id in their primary key, unique constraints and foreign keys.
 */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Scope of the current transaction, set by app_enter() with set_config(..., true).
      -- A statement without a scope sees no rows: app_firm_id() is null and null = x is never true.
      create function app_firm_id() returns uuid language sql stable
        as $$ select nullif(current_setting('app.firm_id', true), '')::uuid $$;
      create function app_user_id() returns uuid language sql stable
        as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
      create function app_all_clients() returns boolean language sql stable
        as $$ select coalesce(current_setting('app.all_clients', true), '') = 'on' $$;
      create function app_client_ids() returns uuid[] language sql stable
        as $$ select coalesce(string_to_array(nullif(current_setting('app.client_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;
      create function app_client_visible(cid uuid) returns boolean language sql stable
        as $$ select app_all_clients() or cid = any(app_client_ids()) $$;

      create table app_meta (
        key text primary key,
        value text not null,
        updated_at timestamptz not null default now()
      );

      create table firms (
        id uuid primary key,
        name text not null,
        slug text not null unique,
        locale text not null default 'zh-CN',
        time_zone text not null default 'Asia/Shanghai',
        sla_policy jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now()
      );

      create table clients (
        firm_id uuid not null references firms(id),
        id uuid not null,
        name text not null,
        credit_code text not null,
        industry text,
        operator_type text not null check (operator_type in ('cii', 'state_organ', 'other')),
        processes_eu_personal_data boolean not null default false,
        contacts jsonb not null default '[]'::jsonb,
        contract_sla jsonb not null default '{}'::jsonb,
        status text not null default 'active' check (status in ('active', 'offboarded')),
        offboarded_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, credit_code)
      );
      create index clients_firm_name on clients (firm_id, name, id);

      create table users (
        firm_id uuid not null references firms(id),
        id uuid not null,
        email text not null,
        name text not null,
        role text not null check (role in ('manager', 'consultant', 'client_admin')),
        client_id uuid,
        locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
        active boolean not null default true,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, email),
        foreign key (firm_id, client_id) references clients(firm_id, id),
        constraint users_client_admin_has_client check ((role = 'client_admin') = (client_id is not null))
      );
      create index users_email_lower on users (lower(email));

      create table assignments (
        firm_id uuid not null,
        id uuid not null,
        consultant_id uuid not null,
        client_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, consultant_id, client_id),
        foreign key (firm_id, consultant_id) references users(firm_id, id) on delete cascade,
        foreign key (firm_id, client_id) references clients(firm_id, id) on delete cascade
      );
      create index assignments_client on assignments (firm_id, client_id);

      create table refresh_tokens (
        firm_id uuid not null,
        id uuid not null,
        user_id uuid not null,
        family_id uuid not null,
        token_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade
      );
      create index refresh_tokens_family on refresh_tokens (firm_id, family_id);

      create table audit_logs (
        firm_id uuid not null references firms(id),
        id uuid not null,
        seq bigint not null,
        actor_id uuid,
        actor_role text,
        client_id uuid,
        entity text not null,
        entity_id text,
        action text not null,
        changes jsonb not null default '{}'::jsonb,
        request_id text,
        ip text,
        created_at timestamptz not null,
        prev_hash text not null,
        hash text not null,
        primary key (firm_id, id),
        unique (firm_id, seq)
      );
      create index audit_logs_entity on audit_logs (firm_id, entity, entity_id);
      create index audit_logs_created on audit_logs (firm_id, created_at);

      -- the head of each firm's hash chain; locking its row serialises appends per firm
      create table audit_heads (
        firm_id uuid primary key references firms(id),
        last_seq bigint not null,
        last_hash text not null
      );

      create function audit_logs_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_logs is append-only: % refused', tg_op using errcode = '42501';
      end $$;
      create trigger audit_logs_no_update_delete before update or delete on audit_logs
        for each row execute function audit_logs_append_only();
      create trigger audit_logs_no_truncate before truncate on audit_logs
        for each statement execute function audit_logs_append_only();
    `);

    // Row-level security, enabled and forced (so that even the owner is subject to it).
    const firmOnly = ['users', 'refresh_tokens', 'audit_logs', 'audit_heads'];
    for (const t of firmOnly) {
      await enableRls(q, t, `firm_id = app_firm_id()`);
    }
    await enableRls(q, 'firms', `id = app_firm_id()`);
    await enableRls(q, 'clients', `firm_id = app_firm_id() and app_client_visible(id)`);
    await enableRls(q, 'assignments', `firm_id = app_firm_id() and app_client_visible(client_id)`);
    // a consultant does not see the client admins of clients they are not assigned to
    await q.query(`drop policy tenant_scope on users`);
    await q.query(`create policy tenant_scope on users
      using (firm_id = app_firm_id() and (client_id is null or app_client_visible(client_id)))
      with check (firm_id = app_firm_id() and (client_id is null or app_client_visible(client_id)))`);

    // The auth role reads users before a scope exists (sign-in, entering a request): only through the
    // definer functions below, which it owns.
    await q.query(`
      grant usage, create on schema public to incident_auth;
      grant select on users, assignments, firms to incident_auth;
      create policy auth_lookup on users for select to incident_auth using (true);
      create policy auth_lookup on assignments for select to incident_auth using (true);
      create policy auth_lookup on firms for select to incident_auth using (true);

      create function auth_login_lookup(p_email text)
        returns table (firm_id uuid, id uuid, password_hash text, active boolean)
        language sql stable security definer set search_path = public
        as $$ select u.firm_id, u.id, u.password_hash, u.active from users u where lower(u.email) = lower(p_email) $$;

      create function auth_email_in_use(p_email text, p_except uuid) returns boolean
        language sql stable security definer set search_path = public
        as $$ select exists (select 1 from users u where lower(u.email) = lower(p_email)
                             and (p_except is null or u.id <> p_except)) $$;

      -- Enters a request: checks the user is active and sets the transaction's firm and client scope.
      -- Returns no row for an unknown or deactivated user.
${appEnter('create', ENTER_SCOPE_V1)}

      -- the firms whose audit chains the verifier walks (ids only)
      create function audit_firm_ids() returns setof uuid
        language sql stable security definer set search_path = public
        as $$ select f.id from firms f order by f.id $$;

      alter function auth_login_lookup(text) owner to incident_auth;
      alter function audit_firm_ids() owner to incident_auth;
      alter function auth_email_in_use(text, uuid) owner to incident_auth;
      alter function app_enter(uuid, uuid) owner to incident_auth;
      revoke all on function auth_login_lookup(text), auth_email_in_use(text, uuid), app_enter(uuid, uuid), audit_firm_ids() from public;
      grant execute on function auth_login_lookup(text), auth_email_in_use(text, uuid), app_enter(uuid, uuid), audit_firm_ids() to incident_app;

      grant usage on schema public to incident_app;
      grant select, insert, update on firms to incident_app;
      grant select, insert, update, delete on clients, users, assignments, refresh_tokens to incident_app;
      grant select, insert on audit_logs to incident_app;
      grant select, insert, update on audit_heads to incident_app;
      grant select, insert, update on app_meta to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table if exists audit_heads, audit_logs, refresh_tokens, assignments, users, clients, firms, app_meta cascade;
      drop function if exists audit_firm_ids(), app_enter(uuid, uuid), auth_email_in_use(text, uuid), auth_login_lookup(text),
        audit_logs_append_only(), app_client_visible(uuid), app_client_ids(), app_all_clients(), app_user_id(), app_firm_id();
    `);
  }
}

async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}

/**
 * app_enter() with `setScope` between the user's lookup and its row: what its versions differ in (this migration's,
 * and 1764900000000-lighter-enter's, whose down() puts this one back).
 */
function appEnter(create: 'create' | 'create or replace', setScope: string): string {
  return `      ${create} function app_enter(p_firm uuid, p_user uuid)
        returns table (id uuid, email text, name text, role text, client_id uuid, locale text,
                       firm_name text, time_zone text)
        language plpgsql volatile security definer set search_path = public as $$
${enterBody('', setScope)}        return query select u.id, u.email, u.name, u.role, u.client_id, u.locale, u.firm_name, u.time_zone;
      end $$;`;
}

/**
 * The body every version of entering a scope shares, up to its result: the user and firm looked up (nothing for an
 * unknown or deactivated user: `return <none>`), then `setScope`. Also app_enter_scope() (migration 1765200000000).
 */
function enterBody(none: string, setScope: string): string {
  return `      declare
        u record;
        ids text;
      begin
        select x.id, x.email, x.name, x.role, x.client_id, x.locale, x.active, f.name as firm_name, f.time_zone
          into u from users x join firms f on f.id = x.firm_id
         where x.firm_id = p_firm and x.id = p_user;
        if not found or not u.active then
          return${none};
        end if;
${setScope}`;
}

/** How app_enter() set the scope as this migration made it: one statement per setting. */
const ENTER_SCOPE_V1 = `        perform set_config('app.firm_id', p_firm::text, true);
        perform set_config('app.user_id', p_user::text, true);
        perform set_config('app.role', u.role, true);
        if u.role = 'manager' then
          perform set_config('app.all_clients', 'on', true);
          perform set_config('app.client_ids', '', true);
        elsif u.role = 'consultant' then
          select string_agg(a.client_id::text, ',') into ids
            from assignments a where a.firm_id = p_firm and a.consultant_id = p_user;
          perform set_config('app.all_clients', 'off', true);
          perform set_config('app.client_ids', coalesce(ids, ''), true);
        else
          perform set_config('app.all_clients', 'off', true);
          perform set_config('app.client_ids', coalesce(u.client_id::text, ''), true);
        end if;
`;
