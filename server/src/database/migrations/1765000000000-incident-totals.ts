import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The number of incidents of each client, kept by the database (`incident_totals`), so that a list of incidents that is
 * filtered by nothing but its clients answers its total (Content-Range) from one counter row per client instead of
 * counting the incidents. Counting was the largest part of the list page of a large client (6,358 incidents: 0.8 of
 * the 1.8 ms PostgreSQL spent on the page), and a manager's list across all clients stopped counting at 10,001 and
 * asked the planner for an estimate in a second statement; both now read the counters: exact at any size.
 *
 * Statement-level triggers with transition tables add the rows a statement inserted and subtract those it deleted,
 * one upsert per client per statement (a bulk load of 50,000 incidents makes at most one row change per client); a row
 * trigger moves an incident whose client or firm changes (the product never does, the database allows it). The
 * triggers run as the writing user, as row-level security expects: the counter rows have the client scope of the
 * incidents, and whoever may write an incident of a client may see and write that client's counter.
 */
export class IncidentTotals1765000000000 implements MigrationInterface {
  name = 'IncidentTotals1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table incident_totals (
        firm_id uuid not null references firms(id),
        client_id uuid not null,
        n bigint not null,
        primary key (firm_id, client_id),
        foreign key (firm_id, client_id) references clients(firm_id, id) on delete cascade
      );
      grant select, insert, update on incident_totals to incident_app;

      create function incident_totals_on_insert() returns trigger language plpgsql as $$
      begin
        insert into incident_totals as t (firm_id, client_id, n)
        select firm_id, client_id, count(*) from new_rows group by firm_id, client_id order by firm_id, client_id
        on conflict (firm_id, client_id) do update set n = t.n + excluded.n;
        return null;
      end $$;
      create function incident_totals_on_delete() returns trigger language plpgsql as $$
      begin
        update incident_totals t set n = t.n - d.n
          from (select firm_id, client_id, count(*) as n from old_rows group by firm_id, client_id) d
         where t.firm_id = d.firm_id and t.client_id = d.client_id;
        return null;
      end $$;
      create function incident_totals_on_move() returns trigger language plpgsql as $$
      begin
        update incident_totals set n = n - 1 where firm_id = old.firm_id and client_id = old.client_id;
        insert into incident_totals as t (firm_id, client_id, n) values (new.firm_id, new.client_id, 1)
        on conflict (firm_id, client_id) do update set n = t.n + 1;
        return null;
      end $$;
      create trigger incident_totals_insert after insert on incidents
        referencing new table as new_rows for each statement execute function incident_totals_on_insert();
      create trigger incident_totals_delete after delete on incidents
        referencing old table as old_rows for each statement execute function incident_totals_on_delete();
      create trigger incident_totals_move after update of firm_id, client_id on incidents for each row
        when (old.firm_id is distinct from new.firm_id or old.client_id is distinct from new.client_id)
        execute function incident_totals_on_move();
    `);
    await enableRls(q, 'incident_totals', `firm_id = app_firm_id() and ${INLINE}`);
    // the incidents there are: read and counted without a scope (the owner, just for this statement)
    await q.query(`alter table incidents no force row level security`);
    await q.query(`alter table incident_totals no force row level security`);
    await q.query(`insert into incident_totals (firm_id, client_id, n) select firm_id, client_id, count(*) from incidents group by firm_id, client_id`);
    await q.query(`alter table incident_totals force row level security`);
    await q.query(`alter table incidents force row level security`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop trigger if exists incident_totals_insert on incidents;
      drop trigger if exists incident_totals_delete on incidents;
      drop trigger if exists incident_totals_move on incidents;
      drop function if exists incident_totals_on_insert(), incident_totals_on_delete(), incident_totals_on_move();
      drop table if exists incident_totals;
    `);
  }
}

/** Written out here (as it was when this migration landed): a landed migration imports nothing of another. */
async function enableRls(q: QueryRunner, table: string, predicate: string) {
  await q.query(`alter table ${table} enable row level security`);
  await q.query(`alter table ${table} force row level security`);
  await q.query(`create policy tenant_scope on ${table} using (${predicate}) with check (${predicate})`);
}

const INLINE = '(client_id <> (SELECT app_all_clients_marker()) OR client_id = ANY ((SELECT app_client_ids())::uuid[]))';
