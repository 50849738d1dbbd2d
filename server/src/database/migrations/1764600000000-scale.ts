import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Speed at the scale of a large firm (a million incidents; see `npm run seed:scale` and bench/RESULTS.md).
 *
 * 1. The client scope of row-level security, written so that the planner can estimate it and each row costs little.
 *    Before, a manager's `app_all_clients() or client_id = any(app_client_ids())` had no column in its first arm, so
 *    the planner guessed it true for 0.5 % of rows: it expected 5,000 of a firm's million incidents, sorted a client's
 *    6,000 incidents to show 25 instead of reading the client's index in order (1 s instead of 1 ms), and its
 *    estimates could not stand in for counts. And for a consultant every row parsed the list of clients again
 *    (counting 10,000 of a consultant's incidents took 380 ms, parsing their 80 client ids 10,000 times).
 *    Now the first arm compares the column with a marker, the nil UUID for managers (always different: ids are random
 *    version-4 UUIDs) and null for everyone else (never true), and the consultant's list is an array:
 *    - in app_client_visible(), inlined where it is used, the planner folds the settings while estimating, so a
 *      manager's rows estimate as all of the firm's and a consultant's as their clients';
 *    - in the policies of the tables that hold a client_id, the marker and the list are read once per statement
 *      (`(select …)`, init plans): a row costs one comparison; the estimate is then "almost every row", and the
 *      explicit client filter every service adds for consultants gives the real selectivity. The policies are
 *      rewritten from their own definitions, otherwise unchanged.
 *    The same rows are visible as before, except a client id that is null or the nil UUID, which no client-owned row
 *    has (users, whose client_id is null for staff, test `client_id is null` first).
 * 2. Indexes for the lists' default orders and the common filters, checked with EXPLAIN ANALYZE on the scale data set.
 */
export class Scale1764600000000 implements MigrationInterface {
  name = 'Scale1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function app_all_clients_marker() returns uuid language sql stable
        as $$ select case when app_all_clients() then '00000000-0000-0000-0000-000000000000'::uuid end $$;
      create or replace function app_client_visible(cid uuid) returns boolean language sql stable
        as $$ select cid <> app_all_clients_marker() or cid = any(app_client_ids()) $$;

      -- obligations in due order, firm-wide (the list's default sort) and the ones still open
      create index obligations_firm_due on obligations (firm_id, due_at, id);
      create index obligations_client_pending on obligations (firm_id, client_id, due_at) where status = 'pending';
      -- the communications register's default order (newest sent, received or written first)
      create index communications_firm_date on communications (firm_id, (coalesce(sent_at, received_at, created_at)) desc, id desc);
      create index communications_client_date on communications (firm_id, client_id, (coalesce(sent_at, received_at, created_at)) desc, id desc);
      -- open incidents, newest first (filter open=true; few of a large firm's incidents are open); with the client id,
      -- counting them needs no visit to the table (row-level security reads client_id)
      create index incidents_open_created on incidents (firm_id, created_at desc, id desc) include (client_id)
        where status in ('reported', 'triage', 'responding', 'recovering', 'investigating', 'follow_up');
    `);
    await rewritePolicies(q, CALL, INLINE);
  }

  async down(q: QueryRunner): Promise<void> {
    await rewritePolicies(q, DEPARSED, CALL);
    await q.query(`
      drop index if exists obligations_firm_due, obligations_client_pending, communications_firm_date, communications_client_date, incidents_open_created;
      create or replace function app_client_visible(cid uuid) returns boolean language sql stable
        as $$ select app_all_clients() or cid = any(app_client_ids()) $$;
      drop function if exists app_all_clients_marker();
    `);
  }
}

/** How the policies of client-owned tables named the client scope, and how they name it now. */
const CALL = 'app_client_visible(client_id)';
const INLINE = '(client_id <> (SELECT app_all_clients_marker()) OR client_id = ANY ((SELECT app_client_ids())::uuid[]))';

/** INLINE as PostgreSQL prints it back in pg_policies. */
const DEPARSED = '((client_id <> ( SELECT app_all_clients_marker() AS app_all_clients_marker)) OR (client_id = ANY (( SELECT app_client_ids() AS app_client_ids)::uuid[])))';

/** Replaces `from` by `to` in every policy that contains it, keeping the rest of each policy as it is. */
async function rewritePolicies(q: QueryRunner, from: string, to: string) {
  const policies: { tablename: string; policyname: string; qual: string | null; with_check: string | null }[] = await q.query(
    `select tablename, policyname, qual, with_check from pg_policies where schemaname = 'public' and (strpos(qual, $1) > 0 or strpos(with_check, $1) > 0)`,
    [from],
  );
  for (const p of policies) {
    const using = p.qual === null ? '' : ` using (${p.qual.split(from).join(to)})`;
    const check = p.with_check === null ? '' : ` with check (${p.with_check.split(from).join(to)})`;
    await q.query(`alter policy ${p.policyname} on ${p.tablename}${using}${check}`);
  }
}
