import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roll-ups for the firm-wide service report (a firm of a million incidents: every figure of a 12-month report for
 * all clients from a few thousand counters instead of the base rows), and query shapes / indexes for a client's report.
 *
 * `report_rollups` holds counters per firm, local day (the calendar date in the firm's time zone: a report's period
 * is whole local days, so sums of days answer any period exactly), measure and key:
 * - incidents by detection day: `opened`, `grade` / `category` / `nature` (key '' when not set), `dismissed`,
 *   `ack` / `contain` / `resolve` (key: the histogram bucket of the duration in hours, see report_hours_bucket),
 *   `led` (key: lead's user id); by the day of max(detected, closed): `ended` and `led_ended` (closed or dismissed,
 *   i.e. closed_at set) — open at the end of a period = opened before its end − ended before its end;
 *   by closing day: `closed` (status closed);
 * - obligations by due day: `obl` (key rule:status; not_applicable left out);
 * - communications by sent / received day: `comm` (key audience:direction:v|h, v = client-visible) and `sent_by`
 *   (key: sender, status sent);
 * - tasks by completion day: `tasks_done` (key: who completed it).
 *
 * One SQL function per table (report_rollup_incident, _obligation, _communication, _task) gives the counters of a
 * row. AFTER row triggers insert the net difference of OLD (−1) and NEW (+1) as delta rows (`delta` true): writers
 * never update a shared counter row, so concurrent writers of a firm do not wait for each other. The report compacts
 * its firm's deltas (report_rollups_compact: one statement, deleting every row of the touched counters and inserting
 * their sums) and sums. report_rollups_rebuild(firm) recomputes a firm's counters from the base rows with the same
 * functions (the scale generator after its bulk load, a change of the firm's time zone).
 *
 * Row-level security: the firm-wide counters would tell a consultant or a client admin about other clients, so only
 * a scope that sees every client of the firm (managers) may read (and so compact) them; any scope of the firm may
 * insert (the triggers run as the writing user).
 */
export class ReportRollups1764700000000 implements MigrationInterface {
  name = 'ReportRollups1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table report_rollups (
        firm_id uuid not null references firms(id),
        measure text collate "C" not null,
        day date not null,
        key text collate "C" not null,
        id uuid not null,
        n bigint not null,
        delta boolean not null,
        primary key (firm_id, measure, day, key, id)
      );
      -- the deltas a report compacts
      create index report_rollups_deltas on report_rollups (firm_id) where delta;
      alter table report_rollups enable row level security;
      alter table report_rollups force row level security;
      -- (select …): evaluated once per statement, and estimated as such (a bare app_all_clients() is guessed true for 0.5 %)
      create policy tenant_read on report_rollups for select using (firm_id = app_firm_id() and (select app_all_clients()));
      create policy tenant_compact on report_rollups for delete using (firm_id = app_firm_id() and (select app_all_clients()));
      create policy tenant_write on report_rollups for insert with check (firm_id = app_firm_id());
      grant select, insert, delete on report_rollups to incident_app;

      -- The histogram bucket of a duration in hours: 0 below 1e-4 h (0.36 s) either way; else ±(1 + floor(log_r(|h| / 1e-4)))
      -- with r = 1.04, so bucket k > 0 holds [1e-4·r^(k−1), 1e-4·r^k) (shared/src/reports.ts reads it back).
      create function report_hours_bucket(h float8) returns int language sql immutable parallel safe as $$
        select case when h is null then null
                    when abs(h) < 1e-4 then 0
                    when h > 0 then 1 + floor(ln(h / 1e-4) / ln(1.04))::int
                    else -(1 + floor(ln(-h / 1e-4) / ln(1.04))::int) end
      $$;

      create function report_rollup_incident(i incidents) returns table (day date, measure text, key text, n int)
      language sql stable as $$
        select v.day, v.measure, v.key, 1
          from (select (select f.time_zone from firms f where f.id = i.firm_id) as tz) z,
               lateral (select (i.detected_at at time zone z.tz)::date as dd, (i.closed_at at time zone z.tz)::date as cd,
                               (greatest(i.detected_at, i.closed_at) at time zone z.tz)::date as ed) d,
               lateral (values
                 (d.dd, 'opened', ''),
                 (d.dd, 'grade', coalesce(i.grade, '')),
                 (d.dd, 'category', coalesce(i.category, '')),
                 (d.dd, 'nature', coalesce(i.nature, '')),
                 (case when i.status = 'dismissed' then d.dd end, 'dismissed', ''),
                 (case when i.status = 'closed' then d.cd end, 'closed', ''),
                 (case when i.closed_at is not null then d.ed end, 'ended', ''),
                 (case when i.acknowledged_at is not null then d.dd end, 'ack',
                   report_hours_bucket(extract(epoch from i.acknowledged_at - i.reported_at)::float8 / 3600)::text),
                 (case when i.contained_at is not null then d.dd end, 'contain',
                   report_hours_bucket(extract(epoch from i.contained_at - i.detected_at)::float8 / 3600)::text),
                 (case when i.resolved_at is not null then d.dd end, 'resolve',
                   report_hours_bucket(extract(epoch from i.resolved_at - i.detected_at)::float8 / 3600)::text),
                 (case when i.lead_id is not null then d.dd end, 'led', i.lead_id::text),
                 (case when i.lead_id is not null and i.closed_at is not null then d.ed end, 'led_ended', i.lead_id::text)
               ) v(day, measure, key)
         where i.id is not null and v.day is not null
      $$;

      create function report_rollup_obligation(o obligations) returns table (day date, measure text, key text, n int)
      language sql stable as $$
        select (o.due_at at time zone (select f.time_zone from firms f where f.id = o.firm_id))::date, 'obl', o.rule || ':' || o.status, 1
         where o.id is not null and o.status <> 'not_applicable'
      $$;

      create function report_rollup_communication(c communications) returns table (day date, measure text, key text, n int)
      language sql stable as $$
        select v.day, v.measure, v.key, 1
          from (select (coalesce(c.sent_at, c.received_at) at time zone (select f.time_zone from firms f where f.id = c.firm_id))::date as day) d,
               lateral (values
                 (d.day, 'comm', c.audience || ':' || c.direction || ':' || case when c.client_visible then 'v' else 'h' end),
                 (case when c.status = 'sent' and c.sent_by_id is not null then d.day end, 'sent_by', c.sent_by_id::text)
               ) v(day, measure, key)
         where c.id is not null and c.status in ('sent', 'received') and v.day is not null
      $$;

      create function report_rollup_task(t tasks) returns table (day date, measure text, key text, n int)
      language sql stable as $$
        select (t.done_at at time zone (select f.time_zone from firms f where f.id = t.firm_id))::date, 'tasks_done', t.done_by_id::text, 1
         where t.id is not null and t.status = 'done' and t.done_at is not null and t.done_by_id is not null
      $$;
    `);

    // one trigger function per table: the net change of the row's counters as delta rows
    for (const [table, fn, columns] of TRIGGERS) {
      await q.query(`
        create function report_rollups_on_${table}() returns trigger language plpgsql as $$
        begin
          insert into report_rollups (firm_id, measure, day, key, id, n, delta)
          select d.firm_id, d.measure, d.day, d.key, gen_random_uuid(), sum(d.n), true
            from (select old.firm_id as firm_id, f.measure, f.day, f.key, -f.n as n from ${fn}(old) f where tg_op <> 'INSERT'
                  union all
                  select new.firm_id, f.measure, f.day, f.key, f.n from ${fn}(new) f where tg_op <> 'DELETE') d
           group by d.firm_id, d.measure, d.day, d.key
          having sum(d.n) <> 0;
          return null;
        end $$;
        create trigger report_rollups after insert or delete or update of ${columns} on ${table}
          for each row execute function report_rollups_on_${table}();
      `);
    }

    await q.query(`
      -- Recomputes a firm's counters from its rows; needs a scope that sees all of the firm's clients.
      create function report_rollups_rebuild(p_firm uuid) returns void language plpgsql as $$
      begin
        if app_firm_id() is distinct from p_firm or not app_all_clients() then
          raise exception 'report_rollups_rebuild needs the scope of every client of the firm' using errcode = '42501';
        end if;
        delete from report_rollups where firm_id = p_firm;
        insert into report_rollups (firm_id, measure, day, key, id, n, delta)
        select p_firm, s.measure, s.day, s.key, gen_random_uuid(), s.n, false
          from (select f.measure, f.day, f.key, sum(f.n) as n from incidents x, lateral report_rollup_incident(x) f where x.firm_id = p_firm group by 1, 2, 3
                union all
                select f.measure, f.day, f.key, sum(f.n) from obligations x, lateral report_rollup_obligation(x) f where x.firm_id = p_firm group by 1, 2, 3
                union all
                select f.measure, f.day, f.key, sum(f.n) from communications x, lateral report_rollup_communication(x) f
                 where x.firm_id = p_firm and x.status in ('sent', 'received') group by 1, 2, 3
                union all
                select f.measure, f.day, f.key, sum(f.n) from tasks x, lateral report_rollup_task(x) f
                 where x.firm_id = p_firm and x.status = 'done' group by 1, 2, 3) s
         where s.n <> 0;
      end $$;

      -- Folds a firm's delta rows into one row per counter (rows a concurrent writer adds meanwhile stay deltas).
      create function report_rollups_compact(p_firm uuid) returns void language sql as $$
        with touched as (select distinct r.measure, r.day, r.key from report_rollups r where r.firm_id = p_firm and r.delta),
             gone as (delete from report_rollups r using touched t
                       where r.firm_id = p_firm and r.measure = t.measure and r.day = t.day and r.key = t.key
                       returning r.measure, r.day, r.key, r.n)
        insert into report_rollups (firm_id, measure, day, key, id, n, delta)
        select p_firm, g.measure, g.day, g.key, gen_random_uuid(), sum(g.n), false from gone g
         group by g.measure, g.day, g.key having sum(g.n) <> 0
      $$;

      -- the days change with the firm's time zone
      create function report_rollups_on_firms() returns trigger language plpgsql as $$
      begin
        perform report_rollups_rebuild(new.id);
        return null;
      end $$;
      create trigger report_rollups_time_zone after update of time_zone on firms
        for each row when (old.time_zone is distinct from new.time_zone) execute function report_rollups_on_firms();
    `);

    // A client's report reads only index entries: the report's indexes by client and time (migration
    // 1764550000000-reports) carry the columns its queries read (index-only scans instead of a heap visit per row;
    // a client's 12 months went from 290 to about 100 ms on the scale data set)
    await q.query(`
      drop index incidents_report_detected;
      create index incidents_report_detected on incidents (firm_id, client_id, detected_at)
        include (status, grade, category, nature, lead_id, reported_at, acknowledged_at, contained_at, resolved_at, closed_at);
      drop index incidents_report_closed;
      create index incidents_report_closed on incidents (firm_id, client_id, closed_at) include (status) where closed_at is not null;
      drop index obligations_report_due;
      create index obligations_report_due on obligations (firm_id, client_id, due_at) include (status, rule);
      drop index communications_report_occurred;
      create index communications_report_occurred on communications (firm_id, client_id, (coalesce(sent_at, received_at)))
        include (status, audience, direction, client_visible, sent_by_id, sent_at, received_at) where status in ('sent', 'received');
      drop index tasks_report_done;
      create index tasks_report_done on tasks (firm_id, client_id, done_at) include (status, done_by_id) where done_at is not null;
    `);

    // Existing data: every firm's counters. Firms is read without a scope here (the owner, just for this statement).
    await q.query(`alter table firms no force row level security`);
    const firms: { id: string }[] = await q.query(`select id from firms order by id`);
    await q.query(`alter table firms force row level security`);
    for (const f of firms) {
      await q.query(`select set_config('app.firm_id', $1, true), set_config('app.all_clients', 'on', true), set_config('app.client_ids', '', true)`, [f.id]);
      await q.query(`select report_rollups_rebuild($1)`, [f.id]);
    }
    await q.query(`select set_config('app.firm_id', '', true), set_config('app.all_clients', '', true)`);
    await q.query(`analyze report_rollups`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop index incidents_report_detected, incidents_report_closed, obligations_report_due, communications_report_occurred, tasks_report_done;
      create index incidents_report_detected on incidents (firm_id, client_id, detected_at);
      create index incidents_report_closed on incidents (firm_id, client_id, closed_at) where closed_at is not null;
      create index obligations_report_due on obligations (firm_id, client_id, due_at);
      create index communications_report_occurred on communications (firm_id, client_id, (coalesce(sent_at, received_at)))
        where status in ('sent', 'received');
      create index tasks_report_done on tasks (firm_id, client_id, done_at) where done_at is not null;
    `);
    for (const [table] of TRIGGERS) await q.query(`drop trigger if exists report_rollups on ${table}; drop function if exists report_rollups_on_${table}()`);
    await q.query(`
      drop trigger if exists report_rollups_time_zone on firms;
      drop function if exists report_rollups_on_firms(), report_rollups_compact(uuid), report_rollups_rebuild(uuid),
        report_rollup_incident(incidents), report_rollup_obligation(obligations), report_rollup_communication(communications),
        report_rollup_task(tasks), report_hours_bucket(float8);
      drop table if exists report_rollups;
    `);
  }
}

/** table, its counter function, the columns whose change can change its counters */
const TRIGGERS: [string, string, string][] = [
  ['incidents', 'report_rollup_incident', 'firm_id, status, grade, category, nature, lead_id, detected_at, reported_at, acknowledged_at, contained_at, resolved_at, closed_at'],
  ['obligations', 'report_rollup_obligation', 'firm_id, rule, status, due_at'],
  ['communications', 'report_rollup_communication', 'firm_id, status, audience, direction, client_visible, sent_at, received_at, sent_by_id'],
  ['tasks', 'report_rollup_task', 'firm_id, status, done_at, done_by_id'],
];
