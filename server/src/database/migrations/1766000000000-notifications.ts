import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications (issue 16): the outbox of in-app notifications and deliveries, the firm's group channels, users'
 * preferences, and the clocks the minute scan watches.
 *
 * - `notifications`: a user's in-app notifications. Written for other users in the transaction of the change that
 *   causes them (any role may insert in its firm); read and marked read by their user only, and only while the user
 *   may still see the client (row-level security: a consultant unassigned from a client no longer sees its items).
 *   `created_at` is when it shows: a reminder's is its threshold, which may be up to the scan's look-ahead ahead.
 * - `notification_deliveries`: one message to one recipient (e-mail) or group channel (robot, webhook), with its
 *   rendered content, state (pending, sent, failed, dead, cancelled), attempts and last error. Delivered by pg-boss jobs
 *   whose handler decides by this row's state (idempotent). Readable by managers only (they hold addresses).
 * - `notification_channels`: a firm's WeCom / DingTalk / Feishu robots and signed webhooks (managers write them; every
 *   request of the firm reads them to fan an event out). `events`, `client_ids`: JSON lists, null for all.
 * - `notification_preferences`: per user and kind, in-app and e-mail (written by the user only; read by the firm's
 *   requests, which decide who is told).
 * - `notification_clocks`: what the scan watches, one row per pending obligation and per client-reported incident not
 *   yet acknowledged, with the moment it is next looked at (`next_at`, indexed). Kept by triggers on obligations and
 *   incidents, whatever writes them (a new or changed clock is looked at by the next scan, which sets its real next
 *   moment from the shared rules); a met or waived obligation, an acknowledged report, leaves the table.
 * - `notification_reminders`: each reminder the scan (and the daily digest) sent, once per subject, key (threshold or
 *   escalation step) and due time: the unique key makes a reminder exactly-once across app servers.
 * - `notification_clocks_due(until, limit, firms)`: the clocks due by `until` across firms (or of the given firms),
 *   ids only, in time order, through the index. A security-definer function owned by the auth role (as
 *   auth_login_lookup is), so that the scan finds every firm's due clocks in one index range scan instead of entering
 *   each firm's scope every minute; it returns no content, and each clock is then handled in its firm's scope.
 * - `notification_firms()`: each firm's id, time zone and alerting settings (for the daily digest at the firm's hour).
 *
 * Obligations pending and client reports unacknowledged when this runs get their clocks (row-level security set aside
 * for the backfill, as the owner).
 */
export class Notifications1766000000000 implements MigrationInterface {
  name = 'Notifications1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table notifications (
        firm_id uuid not null,
        id uuid not null,
        user_id uuid not null,
        kind text not null,
        title text not null,
        body text not null,
        entity text not null,
        entity_id uuid,
        incident_id uuid,
        client_id uuid,
        created_at timestamptz not null default now(),
        read_at timestamptz,
        primary key (firm_id, id),
        foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade,
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade
      );
      create index notifications_user on notifications (firm_id, user_id, created_at desc, id desc);
      create index notifications_unread on notifications (firm_id, user_id, created_at desc, id desc) where read_at is null;

      create table notification_channels (
        firm_id uuid not null,
        id uuid not null,
        name text not null,
        kind text not null check (kind in ('wecom', 'dingtalk', 'feishu', 'webhook')),
        url text not null,
        secret text,
        events jsonb,
        client_ids jsonb,
        active boolean not null,
        created_by_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id)
      );

      create table notification_deliveries (
        firm_id uuid not null,
        id uuid not null,
        kind text not null,
        transport text not null check (transport in ('email', 'wecom', 'dingtalk', 'feishu', 'webhook')),
        notification_id uuid,
        user_id uuid,
        channel_id uuid,
        target text not null,
        entity text not null,
        entity_id uuid,
        incident_id uuid,
        client_id uuid,
        subject_id uuid,
        payload jsonb not null,
        status text not null check (status in ('pending', 'sent', 'failed', 'dead', 'cancelled')),
        attempts integer not null default 0,
        last_error text,
        not_before timestamptz not null,
        sent_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id),
        foreign key (firm_id, notification_id) references notifications(firm_id, id) on delete cascade,
        foreign key (firm_id, user_id) references users(firm_id, id) on delete set null (user_id),
        foreign key (firm_id, channel_id) references notification_channels(firm_id, id) on delete set null (channel_id)
      );
      create index notification_deliveries_firm on notification_deliveries (firm_id, created_at desc, id desc);
      create index notification_deliveries_notification on notification_deliveries (firm_id, notification_id);
      create index notification_deliveries_channel on notification_deliveries (firm_id, channel_id);

      create table notification_preferences (
        firm_id uuid not null,
        user_id uuid not null,
        kind text not null,
        in_app boolean not null,
        email boolean not null,
        updated_at timestamptz not null default now(),
        primary key (firm_id, user_id, kind),
        foreign key (firm_id, user_id) references users(firm_id, id) on delete cascade
      );

      create table notification_clocks (
        firm_id uuid not null,
        id uuid not null,
        kind text not null check (kind in ('obligation', 'client_report')),
        incident_id uuid not null,
        client_id uuid not null,
        obligation_id uuid,
        next_at timestamptz not null,
        primary key (firm_id, id),
        foreign key (firm_id, incident_id) references incidents(firm_id, id) on delete cascade,
        foreign key (firm_id, obligation_id) references obligations(firm_id, id) on delete cascade
      );
      create index notification_clocks_next on notification_clocks (next_at);

      create table notification_reminders (
        firm_id uuid not null,
        id uuid not null,
        subject_id uuid not null,
        key text not null,
        due_at timestamptz not null,
        fire_at timestamptz not null,
        created_at timestamptz not null default now(),
        primary key (firm_id, id),
        unique (firm_id, subject_id, key, due_at)
      );
    `);

    await q.query(`
      alter table notifications enable row level security;
      alter table notifications force row level security;
      create policy tenant_insert on notifications for insert with check (firm_id = app_firm_id());
      create policy own_read on notifications for select
        using (firm_id = app_firm_id() and user_id = app_user_id() and (client_id is null or app_client_visible(client_id)));
      create policy own_update on notifications for update
        using (firm_id = app_firm_id() and user_id = app_user_id() and (client_id is null or app_client_visible(client_id)))
        with check (firm_id = app_firm_id() and user_id = app_user_id());

      alter table notification_channels enable row level security;
      alter table notification_channels force row level security;
      create policy tenant_read on notification_channels for select using (firm_id = app_firm_id());
      create policy manager_write on notification_channels for all
        using (firm_id = app_firm_id() and app_role() = 'manager') with check (firm_id = app_firm_id() and app_role() = 'manager');

      alter table notification_deliveries enable row level security;
      alter table notification_deliveries force row level security;
      create policy tenant_insert on notification_deliveries for insert with check (firm_id = app_firm_id());
      create policy manager_read on notification_deliveries for select using (firm_id = app_firm_id() and app_role() = 'manager');
      create policy manager_update on notification_deliveries for update
        using (firm_id = app_firm_id() and app_role() = 'manager') with check (firm_id = app_firm_id());

      alter table notification_preferences enable row level security;
      alter table notification_preferences force row level security;
      create policy tenant_read on notification_preferences for select using (firm_id = app_firm_id());
      create policy own_write on notification_preferences for all
        using (firm_id = app_firm_id() and user_id = app_user_id()) with check (firm_id = app_firm_id() and user_id = app_user_id());

      alter table notification_clocks enable row level security;
      alter table notification_clocks force row level security;
      create policy tenant_scope on notification_clocks using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());

      alter table notification_reminders enable row level security;
      alter table notification_reminders force row level security;
      create policy tenant_scope on notification_reminders using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());

      grant select, insert, update on notifications to incident_app;
      grant select, insert, update, delete on notification_channels to incident_app;
      grant select, insert, update on notification_deliveries to incident_app;
      grant select, insert, update, delete on notification_preferences, notification_clocks to incident_app;
      grant select, insert on notification_reminders to incident_app;
    `);

    // the clocks, kept by the rows they watch (the functions run as the writer: the app role in requests)
    await q.query(`
      create function notification_clock_obligation() returns trigger language plpgsql as $$
      begin
        if new.status = 'pending' then
          insert into notification_clocks (firm_id, id, kind, incident_id, client_id, obligation_id, next_at)
          values (new.firm_id, new.id, 'obligation', new.incident_id, new.client_id, new.id, now())
          on conflict (firm_id, id) do update set next_at = now(), incident_id = excluded.incident_id, client_id = excluded.client_id;
        else
          delete from notification_clocks where firm_id = new.firm_id and id = new.id;
        end if;
        return null;
      end $$;
      create trigger notification_clock_insert after insert on obligations
        for each row when (new.status = 'pending') execute function notification_clock_obligation();
      create trigger notification_clock_update after update on obligations
        for each row when (old.status is distinct from new.status or old.due_at is distinct from new.due_at or old.starts_at is distinct from new.starts_at)
        execute function notification_clock_obligation();

      create function notification_clock_report() returns trigger language plpgsql as $$
      begin
        if new.status = 'reported' and new.acknowledged_at is null then
          insert into notification_clocks (firm_id, id, kind, incident_id, client_id, obligation_id, next_at)
          values (new.firm_id, new.id, 'client_report', new.id, new.client_id, null, now())
          on conflict (firm_id, id) do nothing;
        else
          delete from notification_clocks where firm_id = new.firm_id and id = new.id;
        end if;
        return null;
      end $$;
      create trigger notification_clock_insert after insert on incidents
        for each row when (new.status = 'reported' and new.acknowledged_at is null) execute function notification_clock_report();
      create trigger notification_clock_update after update on incidents
        for each row when (old.status = 'reported' and old.acknowledged_at is null and (new.status <> 'reported' or new.acknowledged_at is not null))
        execute function notification_clock_report();
    `);

    await q.query(`
      grant select on notification_clocks to incident_auth;
      create policy clock_scan on notification_clocks for select to incident_auth using (true);

      create function notification_clocks_due(p_until timestamptz, p_limit integer, p_firms uuid[])
        returns table (firm_id uuid, id uuid)
        language sql stable security definer set search_path = public
        as $$ select c.firm_id, c.id from notification_clocks c
               where c.next_at <= p_until and (p_firms is null or c.firm_id = any(p_firms))
               order by c.next_at limit p_limit $$;
      create function notification_firms()
        returns table (id uuid, time_zone text, alerting jsonb)
        language sql stable security definer set search_path = public
        as $$ select f.id, f.time_zone, f.sla_policy -> 'alerting' from firms f order by f.id $$;
      alter function notification_clocks_due(timestamptz, integer, uuid[]) owner to incident_auth;
      alter function notification_firms() owner to incident_auth;
      revoke all on function notification_clocks_due(timestamptz, integer, uuid[]), notification_firms() from public;
      grant execute on function notification_clocks_due(timestamptz, integer, uuid[]), notification_firms() to incident_app;
    `);

    // the clocks of what is pending now
    for (const t of ['obligations', 'incidents', 'notification_clocks']) await q.query(`alter table ${t} no force row level security`);
    await q.query(`
      insert into notification_clocks (firm_id, id, kind, incident_id, client_id, obligation_id, next_at)
      select firm_id, id, 'obligation', incident_id, client_id, id, now() from obligations where status = 'pending';
      insert into notification_clocks (firm_id, id, kind, incident_id, client_id, obligation_id, next_at)
      select firm_id, id, 'client_report', id, client_id, null, now() from incidents where status = 'reported' and acknowledged_at is null;
    `);
    for (const t of ['obligations', 'incidents', 'notification_clocks']) await q.query(`alter table ${t} force row level security`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop trigger if exists notification_clock_insert on obligations;
      drop trigger if exists notification_clock_update on obligations;
      drop trigger if exists notification_clock_insert on incidents;
      drop trigger if exists notification_clock_update on incidents;
      drop function if exists notification_clock_obligation(), notification_clock_report(),
        notification_clocks_due(timestamptz, integer, uuid[]), notification_firms();
      drop table if exists notification_reminders, notification_clocks, notification_preferences, notification_deliveries,
        notification_channels, notifications cascade;
    `);
  }
}
