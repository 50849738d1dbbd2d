import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions: what a sign-in starts, checked on every request.
 *
 * Before, an access token stayed good until it expired (15 minutes) after logout, after a reused refresh token
 * revoked its family, and after a password reset: only the refresh tokens were ended. Now a sign-in starts a row in
 * `sessions`; its refresh tokens are its family (refresh_tokens.family_id = sessions.id, a foreign key); the access
 * token carries the session id (`sid`); and the statement that enters the user's scope on every request,
 * `app_enter_scope(firm, user, session)`, also finds the session live — in the same primary-key lookup that reads the
 * user — or enters nothing (401). Ending a session (logout, refresh-token reuse, password change) therefore takes
 * effect on the very next request. The table keeps what a list of one's sessions needs: device (user agent), address,
 * start, last use (written on sign-in and refresh, not on every request), end and why.
 *
 * Each refresh-token family that exists becomes a session (ended if any of its tokens was revoked: the reason of
 * those was not kept, `revoked`). The two-argument app_enter_scope(firm, user) stays, as does app_enter(), for work
 * that is no request and has no session (the demo seed, the command-line tools, tests); requests use this one.
 */
export class Sessions1765320000000 implements MigrationInterface {
  name = 'Sessions1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table sessions (
        firm_id uuid not null,
        id uuid not null,
        user_id uuid not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz not null default now(),
        expires_at timestamptz not null,
        ended_at timestamptz,
        ended_reason text,
        user_agent text,
        ip text,
        primary key (firm_id, id),
        foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade,
        constraint sessions_ended_reason check (ended_reason in ('logout', 'refresh_reuse', 'password_changed', 'revoked')),
        constraint sessions_ended check ((ended_at is null) = (ended_reason is null))
      );
      create index sessions_user on sessions (firm_id, user_id, last_used_at desc);
    `);

    // every refresh-token family becomes a session (row-level security set aside for the backfill, as the owner)
    await q.query(`alter table refresh_tokens no force row level security`);
    await q.query(`
      insert into sessions (firm_id, id, user_id, created_at, last_used_at, expires_at, ended_at, ended_reason)
      select firm_id, family_id, (array_agg(user_id))[1], min(created_at), max(created_at), max(expires_at),
             max(revoked_at), case when bool_or(revoked_at is not null) then 'revoked' end
        from refresh_tokens
       group by firm_id, family_id
    `);
    await q.query(`alter table refresh_tokens force row level security`);
    await q.query(`
      alter table refresh_tokens add constraint refresh_tokens_session
        foreign key (firm_id, family_id) references sessions(firm_id, id) on delete cascade;

      alter table sessions enable row level security;
      alter table sessions force row level security;
      create policy tenant_scope on sessions using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      grant select, insert, update on sessions to incident_app;
      -- entering a request reads the session through the definer function below, owned by the auth role
      grant select on sessions to incident_auth;
      create policy auth_lookup on sessions for select to incident_auth using (true);

      -- Enters a request: the session live (not ended, not expired) and the user's, the user active; then the scope set
      -- as app_enter_scope(firm, user) sets it, and returned as one JSON array. Null (no scope) otherwise.
      create function app_enter_scope(p_firm uuid, p_user uuid, p_session uuid) returns json
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
        if u.role = 'consultant' then
          select string_agg(a.client_id::text, ',') into ids
            from assignments a where a.firm_id = p_firm and a.consultant_id = p_user;
        elsif u.role <> 'manager' then
          ids := u.client_id::text;
        end if;
        perform set_config('app.firm_id', p_firm::text, true), set_config('app.user_id', p_user::text, true),
          set_config('app.role', u.role, true), set_config('app.all_clients', case when u.role = 'manager' then 'on' else 'off' end, true),
          set_config('app.client_ids', coalesce(ids, ''), true);
        return json_build_array(u.id, u.email, u.name, u.role, u.client_id, u.locale, u.firm_name, u.time_zone, coalesce(ids, ''));
      end $$;
      alter function app_enter_scope(uuid, uuid, uuid) owner to incident_auth;
      revoke all on function app_enter_scope(uuid, uuid, uuid) from public;
      grant execute on function app_enter_scope(uuid, uuid, uuid) to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop function if exists app_enter_scope(uuid, uuid, uuid);
      alter table refresh_tokens drop constraint if exists refresh_tokens_session;
      drop table if exists sessions;
    `);
  }
}
