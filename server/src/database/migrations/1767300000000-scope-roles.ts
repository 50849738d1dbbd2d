import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client scope of row-level security without a subquery (issue 21: Citus refuses policies with one on distributed
 * tables), at no cost to a firm's whole scope; a list of clients is checked per row read (README, Scale-out: a
 * consultant's lists cost PostgreSQL 19–24 % more, measured on the 1 M data set).
 *
 * Migration 1764600000000 wrote the client check of fifteen policies as `client_id <> (select marker) or client_id =
 * any((select app_client_ids()))`: two init plans, read once per statement. Without the subquery the check is an OR
 * read on every row (README, Scale-out, measured: +49 % for a manager's list of all clients, a consultant's list 45
 * times slower when the ids are parsed per row). So the scope now chooses the policy, by role:
 *
 * - `incident_app_all`, a role without login that the app role may SET ROLE to (a member WITH INHERIT FALSE, so that
 *   its policies do not apply to the app role itself): the scope of every client of a firm (a manager's; a job's or
 *   tool's whole firm). Its policies (`tenant_scope_all`) are `firm_id = app_firm_id() and
 *   firm_id = app_all_clients_firm()`: with the query's `firm_id = $1` one equivalence
 *   class, checked once per statement as a one-time filter (as the roll-ups since 1766600000000) — no client check on
 *   any row.
 * - `incident_app` (the connection's own role): a list of clients (a consultant's, a client admin's) or none (the firm
 *   only). Its policies (`tenant_scope`) check the row's client in the scope's list:
 *   `strpos(current_setting('app.client_ids'), client_id::text) <> 0` (app_client_listed, inlined), no subquery. The
 *   list holds canonical UUIDs separated by commas, so a match is a whole id. A manager's scope entered without the
 *   role sees no client's rows there (its list is empty): the switch can only narrow.
 * - The owner and the auth role (seeders, tools, definer functions) keep both, as they had the one policy to public.
 *
 * app_enter_scope() (both forms) and app_enter_firm() set the role with SET LOCAL ROLE after the scope (app_scope_role:
 * the app role's sessions only; a superuser's or the owner's sessions keep theirs), so it ends with the transaction as
 * the scope does. PostgreSQL refuses SET ROLE inside a security-definer function, so the definer functions that check
 * the user are renamed app_scope_check() and app_enter_scope() is a wrapper in the caller's rights around them.
 * app_enter_firm(firm, false) (the firm only) now also ends a client scope entered before in the transaction (no
 * client, not all clients), and with it the role.
 * `incident_app_all` holds every privilege `incident_app` holds (copied here; test/api/catalog.test.ts fails when a
 * later grant to the app role is not also made to it). The role and the app role's membership in it are made where the
 * roles are made (server/src/database/embedded.ts, docker/init-roles.sh), or here when the migrating role is a superuser.
 *
 * `clients` and `time_entries` are split the same way (their client check had no subquery but was read per row), and
 * app_client_visible() (the notifications' policies, on a user's own rows) checks the list with strpos too.
 *
 * Left with a subquery (their list forms only): improvement_actions, attachments and attachment_contents (a client
 * admin sees them through a shared evaluation or communication) and firm_incidents (a consultant sees one through its
 * children). Self-contained: every policy written out here.
 */

/**
 * The policies split in two: the list form's check beyond the firm, and its WITH CHECK's when it differs. The fifteen
 * of 1764600000000 with an init plan, and `clients` and `time_entries`, whose client check (the marker's, and
 * app_client_ids() parsed) was read per row.
 */
const LIST_FORMS: [table: string, check: string, writeCheck?: string][] = [
  ['clients', `app_client_listed(id)`],
  ['users', `(client_id is null or app_client_listed(client_id))`],
  ['assignments', `app_client_listed(client_id)`],
  ['incidents', `app_client_listed(client_id)`],
  ['gradings', `app_client_listed(client_id)`],
  ['tasks', `app_client_listed(client_id)`],
  ['obligations', `app_client_listed(client_id)`],
  ['trainings', `app_client_listed(client_id)`],
  ['incident_totals', `app_client_listed(client_id)`],
  ['timeline_entries', `app_client_listed(client_id) and (visibility = 'client' or app_role() <> 'client_admin')`],
  ['communications', `app_client_listed(client_id) and (app_role() <> 'client_admin' or (client_visible and status in ('sent', 'received')))`],
  ['evaluations', `app_client_listed(client_id) and (app_role() <> 'client_admin' or (status = 'final' and shared_with_client))`],
  ['improvement_actions', `app_client_listed(client_id) and (app_role() <> 'client_admin' or client_visible or exists (select 1 from evaluations e
      where e.firm_id = improvement_actions.firm_id and e.id = improvement_actions.evaluation_id and e.status = 'final' and e.shared_with_client))`],
  ['attachments', `app_client_listed(client_id) and (app_role() <> 'client_admin' or (removed_at is null and (entity = 'trainings'
      or (entity = 'communications' and exists (select 1 from communications p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id))
      or (entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id)))))`],
  ['attachment_contents', `exists (select 1 from attachments a where a.firm_id = attachment_contents.firm_id and a.id = attachment_contents.id)`],
  ['firm_incidents', `app_role() <> 'client_admin' and (lead_id = app_user_id() or exists (select 1 from incidents c
      where c.firm_id = firm_incidents.firm_id and c.parent_id = firm_incidents.id))`, `app_role() <> 'client_admin'`],
  ['time_entries', `app_client_listed(client_id)`, `app_role() <> 'client_admin' and app_client_listed(client_id)`],
];

/**
 * The whole firm's form: the firm, once per statement (a one-time filter through the equivalence class). No check of
 * the role in it: app_scope_check() never makes a scope of every client for a client admin, and `app_role() <>
 * 'client_admin'` here stays in the scan's filter, read on every row (measured in the catalog test's plan).
 */
const WHOLE_FIRM = `firm_id = app_firm_id() and firm_id = app_all_clients_firm()`;

/** The policies as migration 1764600000000 and its successors left them (for down()). */
const MARKER = `(client_id <> (select app_all_clients_marker()) or client_id = any((select app_client_ids())::uuid[]))`;
const OLD_FORMS: Record<string, string> = {
  clients: `app_client_visible(id)`,
  users: `(client_id is null or ${MARKER})`,
  timeline_entries: `${MARKER} and (visibility = 'client' or app_role() <> 'client_admin')`,
  communications: `${MARKER} and (app_role() <> 'client_admin' or (client_visible and status in ('sent', 'received')))`,
  evaluations: `${MARKER} and (app_role() <> 'client_admin' or (status = 'final' and shared_with_client))`,
  improvement_actions: `${MARKER} and (app_role() <> 'client_admin' or client_visible or exists (select 1 from evaluations e
      where e.firm_id = improvement_actions.firm_id and e.id = improvement_actions.evaluation_id and e.status = 'final' and e.shared_with_client))`,
  attachments: `${MARKER} and (app_role() <> 'client_admin' or (removed_at is null and (entity = 'trainings'
      or (entity = 'communications' and exists (select 1 from communications p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id))
      or (entity = 'evaluations' and exists (select 1 from evaluations p where p.firm_id = attachments.firm_id and p.id = attachments.entity_id)))))`,
  attachment_contents: `exists (select 1 from attachments a where a.firm_id = attachment_contents.firm_id and a.id = attachment_contents.id)`,
  firm_incidents: `app_role() <> 'client_admin' and (app_all_clients() or lead_id = app_user_id() or exists (select 1 from incidents c
      where c.firm_id = firm_incidents.firm_id and c.parent_id = firm_incidents.id))`,
  time_entries: `(client_id <> app_all_clients_marker() or client_id = any(app_client_ids()))`,
};
const OLD_WRITE_FORMS: Record<string, string> = {
  firm_incidents: `app_role() <> 'client_admin'`,
  time_entries: `app_role() <> 'client_admin' and (client_id <> app_all_clients_marker() or client_id = any(app_client_ids()))`,
};

export class ScopeRoles1767300000000 implements MigrationInterface {
  name = 'ScopeRoles1767300000000';

  async up(q: QueryRunner): Promise<void> {
    // the role, and the app role's membership in it (which needs a superuser or CREATEROLE: made with the roles)
    await q.query(`
      do $$
      declare su boolean := (select rolsuper from pg_roles where rolname = current_user);
      begin
        if not exists (select from pg_roles where rolname = 'incident_app_all') then
          if not su then
            raise exception 'role incident_app_all is missing: create role incident_app_all nologin; grant incident_app_all to incident_app with inherit false, set true; (docker/init-roles.sh)';
          end if;
          create role incident_app_all nologin nosuperuser nocreatedb nocreaterole nobypassrls;
        end if;
        -- a member that may SET ROLE to it without inheriting it: row-level security applies a policy to the roles that
        -- have its role's privileges, so with INHERIT the whole firm's policies would apply to the app role too
        if not exists (select from pg_auth_members m where m.roleid = 'incident_app_all'::regrole and m.member = 'incident_app'::regrole
                         and m.set_option)
           or exists (select from pg_auth_members m where m.roleid = 'incident_app_all'::regrole and m.member = 'incident_app'::regrole
                        and m.inherit_option) then
          if not su then
            raise exception 'incident_app must be a member of incident_app_all with SET and without INHERIT: grant incident_app_all to incident_app with inherit false, set true; (docker/init-roles.sh)';
          end if;
          revoke incident_app_all from incident_app cascade;
          grant incident_app_all to incident_app with inherit false, set true;
        end if;
      end $$;
    `);

    // the scope functions: the definer ones that check the user renamed, wrappers that set the role after them
    await q.query(`
      alter function app_enter_scope(uuid, uuid) rename to app_scope_check;
      alter function app_enter_scope(uuid, uuid, uuid) rename to app_scope_check;

      -- The role of the scope entered: incident_app_all for every client of a firm, the session's own otherwise. Only
      -- the app role's sessions switch (the owner's and the auth role's policies cover both scopes).
      create function app_scope_role() returns void language plpgsql volatile as $$
      begin
        if session_user = 'incident_app' then
          if app_all_clients() then
            if current_user <> 'incident_app_all' then execute 'set local role incident_app_all'; end if;
          elsif current_user <> session_user then
            execute 'set local role none';
          end if;
        end if;
      end $$;

      create function app_enter_scope(p_firm uuid, p_user uuid) returns json language plpgsql volatile as $$
      declare s json := app_scope_check(p_firm, p_user);
      begin
        perform app_scope_role();
        return s;
      end $$;

      create function app_enter_scope(p_firm uuid, p_user uuid, p_session uuid) returns json language plpgsql volatile as $$
      declare s json := app_scope_check(p_firm, p_user, p_session);
      begin
        perform app_scope_role();
        return s;
      end $$;

      -- the firm only: no client (a whole scope entered before in the transaction ends here, with its role)
      create or replace function app_enter_firm(p_firm uuid, p_all_clients boolean) returns void language plpgsql volatile as $$
      begin
        if p_all_clients then
          perform app_set_scope(p_firm, null, 'manager', true, '');
        else
          execute format('set local app.firm_id = %L; set local app.all_clients = ''off''; set local app.client_ids = ''''', coalesce(p_firm::text, ''));
        end if;
        perform app_scope_role();
      end $$;

      revoke all on function app_scope_role(), app_enter_scope(uuid, uuid), app_enter_scope(uuid, uuid, uuid) from public;
      grant execute on function app_scope_role(), app_enter_scope(uuid, uuid), app_enter_scope(uuid, uuid, uuid) to incident_app;

      -- whether a client is in the scope's list (a consultant's clients, a client admin's own): inlined where it is used
      create function app_client_listed(cid uuid) returns boolean language sql stable
        as $$ select strpos(current_setting('app.client_ids', true), cid::text) <> 0 $$;
      -- the notifications' check of a client (either scope, on the user's own rows): the list without parsing it per row
      create or replace function app_client_visible(cid uuid) returns boolean language sql stable
        as $$ select cid <> app_all_clients_marker() or app_client_listed(cid) $$;
    `);

    // the policies: the list form to the app role, the whole firm's to incident_app_all; the owner and auth role both
    for (const [table, check, writeCheck = check] of LIST_FORMS) {
      await q.query(`
        alter policy tenant_scope on ${table} to incident_app, incident_owner, incident_auth
          using (firm_id = app_firm_id() and ${check}) with check (firm_id = app_firm_id() and ${writeCheck});
        create policy tenant_scope_all on ${table} to incident_app_all, incident_owner, incident_auth
          using (${WHOLE_FIRM}) with check (${WHOLE_FIRM});
      `);
    }

    // incident_app_all may do what incident_app may, no more: every grant copied (the catalog test keeps it so)
    await q.query(`
      do $$
      declare r record;
      begin
        grant usage on schema public to incident_app_all;
        for r in select c.oid::regclass as obj, c.relkind, a.privilege_type as p
                   from pg_class c, aclexplode(c.relacl) a where a.grantee = 'incident_app'::regrole loop
          execute format('grant %s on %s %s to incident_app_all', r.p, case when r.relkind = 'S' then 'sequence' else 'table' end, r.obj);
        end loop;
        for r in select t.attrelid::regclass as obj, t.attname, a.privilege_type as p
                   from pg_attribute t, aclexplode(t.attacl) a where a.grantee = 'incident_app'::regrole loop
          execute format('grant %s (%I) on table %s to incident_app_all', r.p, r.attname, r.obj);
        end loop;
        for r in select p.oid::regprocedure as obj from pg_proc p, aclexplode(p.proacl) a
                  where a.grantee = 'incident_app'::regrole and a.privilege_type = 'EXECUTE' loop
          execute format('grant execute on function %s to incident_app_all', r.obj);
        end loop;
      end $$;
    `);
  }

  /** The role, the app role's membership in it and the job queue's grants to it (job-queue.ts) stay: made outside. */
  async down(q: QueryRunner): Promise<void> {
    for (const [table] of LIST_FORMS) {
      const check = OLD_FORMS[table] ?? MARKER;
      await q.query(`
        drop policy tenant_scope_all on ${table};
        alter policy tenant_scope on ${table} to public
          using (firm_id = app_firm_id() and ${check}) with check (firm_id = app_firm_id() and ${OLD_WRITE_FORMS[table] ?? check});
      `);
    }
    await q.query(`
      create or replace function app_enter_firm(p_firm uuid, p_all_clients boolean) returns void language plpgsql volatile as $$
      begin
        if p_all_clients then
          perform app_set_scope(p_firm, null, 'manager', true, '');
        else
          execute format('set local app.firm_id = %L', coalesce(p_firm::text, ''));
        end if;
      end $$;
      drop function app_enter_scope(uuid, uuid);
      drop function app_enter_scope(uuid, uuid, uuid);
      drop function app_scope_role();
      create or replace function app_client_visible(cid uuid) returns boolean language sql stable
        as $$ select cid <> app_all_clients_marker() or cid = any(app_client_ids()) $$;
      drop function app_client_listed(uuid);
      alter function app_scope_check(uuid, uuid) rename to app_enter_scope;
      alter function app_scope_check(uuid, uuid, uuid) rename to app_enter_scope;
      do $$
      declare r record;
      begin
        for r in select c.oid::regclass as obj from pg_class c, aclexplode(c.relacl) a where a.grantee = 'incident_app_all'::regrole loop
          execute format('revoke all on %s from incident_app_all', r.obj);
        end loop;
        for r in select p.oid::regprocedure as obj from pg_proc p, aclexplode(p.proacl) a where a.grantee = 'incident_app_all'::regrole loop
          execute format('revoke all on function %s from incident_app_all', r.obj);
        end loop;
        revoke usage on schema public from incident_app_all;
      end $$;
    `);
  }
}
