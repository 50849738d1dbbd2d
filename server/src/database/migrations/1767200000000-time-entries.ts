import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time spent per client (issue 18).
 *
 * - `time_entries`: minutes of a member of staff's work for a client on a day, on one of its incidents or not, with an
 *   activity (a playbook phase, advisory, training, evaluation, other), a note and whether it is billable. Client-owned:
 *   its policy is the client scope, written without a subquery (issue 21) as the scope functions say it, checked per
 *   row (a firm's entries are few next to its incidents' rows; README, Scale-out); client admins read their own
 *   client's rows (the client version of the service report sums them) and write none.
 * - `time_entry_months`: what a manager recorded of a month that has ended (a month is closed once it has ended, in
 *   the firm's time zone): `reopened`, or `closed` again. Changing an entry reads its months' rows `FOR SHARE`, a
 *   reopen or close takes the row `FOR UPDATE` (an upsert), so the two take turns.
 * - `time_timers`: the running timer of each member of staff (one: the key is the user), started on an incident; only
 *   its owner reads or writes it.
 *
 * Each table is created, then its foreign keys added in statements of their own (Citus distributes a table before its
 * foreign keys). Self-contained: its SQL written out here.
 */
export class TimeEntries1767200000000 implements MigrationInterface {
  name = 'TimeEntries1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table time_entries (
        firm_id uuid not null,
        id uuid not null,
        client_id uuid not null,
        incident_id uuid,
        user_id uuid not null,
        date date not null,
        minutes integer not null check (minutes between 1 and 1440),
        activity text not null,
        note text,
        billable boolean not null default true,
        created_by_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (firm_id, id)
      );
      create table time_entry_months (
        firm_id uuid not null,
        month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        state text not null check (state in ('reopened', 'closed')),
        changed_by_id uuid,
        changed_at timestamptz not null default now(),
        primary key (firm_id, month)
      );
      create table time_timers (
        firm_id uuid not null,
        user_id uuid not null,
        client_id uuid not null,
        incident_id uuid not null,
        activity text not null,
        started_at timestamptz not null default now(),
        primary key (firm_id, user_id)
      );
    `);
    await q.query(`alter table time_entries add constraint time_entries_client foreign key (firm_id, client_id) references clients(firm_id, id)`);
    await q.query(`alter table time_entries add constraint time_entries_incident foreign key (firm_id, incident_id) references incidents(firm_id, id)`);
    await q.query(`alter table time_entries add constraint time_entries_user foreign key (firm_id, user_id) references users(firm_id, id)`);
    await q.query(`alter table time_entry_months add constraint time_entry_months_firm foreign key (firm_id) references firms(id)`);
    await q.query(`alter table time_timers add constraint time_timers_user foreign key (firm_id, user_id) references users(firm_id, id)`);
    await q.query(`alter table time_timers add constraint time_timers_incident foreign key (firm_id, incident_id) references incidents(firm_id, id)`);
    await q.query(`
      create index time_entries_firm_date on time_entries (firm_id, date desc, id desc);
      create index time_entries_client_date on time_entries (firm_id, client_id, date desc, id desc);
      create index time_entries_incident on time_entries (firm_id, incident_id) where incident_id is not null;
      create index time_entries_user_date on time_entries (firm_id, user_id, date desc);

      alter table time_entries enable row level security;
      alter table time_entries force row level security;
      create policy tenant_scope on time_entries
        using (firm_id = app_firm_id() and (client_id <> app_all_clients_marker() or client_id = any(app_client_ids())))
        with check (firm_id = app_firm_id() and app_role() <> 'client_admin' and (client_id <> app_all_clients_marker() or client_id = any(app_client_ids())));
      alter table time_entry_months enable row level security;
      alter table time_entry_months force row level security;
      create policy tenant_scope on time_entry_months
        using (firm_id = app_firm_id() and app_role() <> 'client_admin')
        with check (firm_id = app_firm_id() and app_role() = 'manager');
      alter table time_timers enable row level security;
      alter table time_timers force row level security;
      create policy own_timer on time_timers
        using (firm_id = app_firm_id() and user_id = app_user_id())
        with check (firm_id = app_firm_id() and user_id = app_user_id() and app_role() <> 'client_admin');

      -- the operator's export and erasure of a firm (migration 1766800000000-operators) reach its rows through these
      create policy platform_task on time_entries to current_user using (firm_id = platform_firm()) with check (firm_id = platform_firm());
      create policy platform_task on time_entry_months to current_user using (firm_id = platform_firm()) with check (firm_id = platform_firm());
      create policy platform_task on time_timers to current_user using (firm_id = platform_firm()) with check (firm_id = platform_firm());

      grant select, insert, update, delete on time_entries to incident_app;
      grant select, insert, update on time_entry_months to incident_app;
      grant select, insert, delete on time_timers to incident_app;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists time_timers; drop table if exists time_entry_months; drop table if exists time_entries;`);
  }
}
