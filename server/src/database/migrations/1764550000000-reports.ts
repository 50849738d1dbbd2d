import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored service reports (firm-owned): a generated PDF kept with its period, the clients it covers, its language and
 * version (internal / client), who generated it and when, and the figures it shows (`data`).
 *
 * A report may cover several clients, so it has no single client_id: `client_ids` is a JSON array of the clients'
 * ids (lower-case UUID text), empty for a firm-wide report. Row-level security lets a user see a report only when
 * every client it covers is in their scope: managers all of the firm's; consultants those covering only assigned
 * clients (never a firm-wide one); client admins only client-version reports of their own company alone.
 * Reports are never changed: generated, read, deleted.
 *
 * Also adds the indexes the service report's aggregates use (by client and time on incidents, obligations,
 * communications and tasks), so that a client's report reads only that client's rows of the period.
 */
export class Reports1764550000000 implements MigrationInterface {
  name = 'Reports1764550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table reports (
        firm_id uuid not null references firms(id),
        id uuid not null,
        period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        from_date date not null,
        to_date date not null,
        client_ids jsonb not null default '[]'::jsonb check (jsonb_typeof(client_ids) = 'array'),
        lang text not null check (lang in ('zh-CN', 'en')),
        version text not null check (version in ('internal', 'client')),
        file_name text not null check (length(file_name) between 1 and 200),
        size int not null check (size > 0),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea not null,
        data jsonb not null,
        generated_by_id uuid,
        generated_by_name text,
        generated_at timestamptz not null,
        primary key (firm_id, id),
        foreign key (firm_id, generated_by_id) references users(firm_id, id) on delete set null (generated_by_id),
        check (to_date >= from_date)
      );
      create index reports_firm_period on reports (firm_id, period desc, generated_at desc, id desc);
      create index reports_firm_generated on reports (firm_id, generated_at desc, id desc);
      -- PDFs are compressed already
      alter table reports alter column content set storage external;

      create function reports_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'stored reports never change: % refused', tg_op using errcode = '42501';
      end $$;
      create trigger reports_no_update before update on reports for each row execute function reports_immutable();

      -- the service report's aggregates: a client's incidents by detection, by closing and still open
      create index incidents_report_detected on incidents (firm_id, client_id, detected_at);
      create index incidents_report_closed on incidents (firm_id, client_id, closed_at) where closed_at is not null;
      create index incidents_report_open on incidents (firm_id, client_id, detected_at) where closed_at is null;
      create index obligations_report_due on obligations (firm_id, client_id, due_at);
      create index communications_report_occurred on communications (firm_id, client_id, (coalesce(sent_at, received_at)))
        where status in ('sent', 'received');
      create index tasks_report_done on tasks (firm_id, client_id, done_at) where done_at is not null;
    `);
    await enableRls(
      q,
      'reports',
      `firm_id = app_firm_id()
        and (app_all_clients() or (jsonb_array_length(client_ids) > 0 and client_ids <@ to_jsonb(app_client_ids())))
        and (app_role() <> 'client_admin' or version = 'client')`,
    );
    await q.query(`grant select, insert, delete on reports to incident_app;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table if exists reports cascade;
      drop function if exists reports_immutable();
      drop index if exists incidents_report_detected, incidents_report_closed, incidents_report_open, obligations_report_due,
        communications_report_occurred, tasks_report_done;
    `);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}
