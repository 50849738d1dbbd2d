import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drills run as exercises (issue 18): `POST /api/trainings/{id}/exercise` opens an exercise incident (`exercise`, its
 * drill in `training_id`, numbered `EX-2026-0001` in `exercise_counters` so that real incidents stay gap-free) that runs
 * the real playbook, grading, clocks and communication drafts. The drill keeps the exercise it runs
 * (`trainings.exercise_incident_id`); when the exercise closes its minutes are filled from the exercise's times.
 *
 * An exercise is left out of every figure of the service report but the drill section: the report's queries skip it,
 * and so do the roll-ups (their counter functions from migration 1764700000000, rewritten here with that one condition
 * added: an exercise incident, and the clocks, tasks and communications of one, count nothing). Self-contained.
 */
export class Exercises1766400200000 implements MigrationInterface {
  name = 'Exercises1766400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table incidents add column exercise boolean not null default false, add column training_id uuid;
      alter table trainings add column exercise_incident_id uuid;
      create table exercise_counters (
        firm_id uuid not null references firms(id),
        year int not null,
        last int not null,
        primary key (firm_id, year)
      );
      alter table exercise_counters enable row level security;
      alter table exercise_counters force row level security;
      create policy tenant_scope on exercise_counters using (firm_id = app_firm_id()) with check (firm_id = app_firm_id());
      grant select, insert, update on exercise_counters to incident_app;
    `);
    await q.query(`alter table incidents add constraint incidents_training foreign key (firm_id, training_id) references trainings(firm_id, id)`);
    await q.query(`create index incidents_training on incidents (firm_id, training_id) where training_id is not null`);
    await q.query(rollupFunctions(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(rollupFunctions(false));
    await q.query(`
      drop index if exists incidents_training;
      alter table incidents drop constraint if exists incidents_training;
      drop table if exists exercise_counters;
      alter table trainings drop column if exists exercise_incident_id;
      alter table incidents drop column if exists exercise, drop column if exists training_id;
    `);
  }
}

/** The roll-ups' counter functions (as migration 1764700000000 made them), with or without leaving exercises out. */
function rollupFunctions(skipExercises: boolean): string {
  const ofExercise = (alias: string) => (skipExercises
    ? ` and not exists (select 1 from incidents x where x.firm_id = ${alias}.firm_id and x.id = ${alias}.incident_id and x.exercise)`
    : '');
  return `
    create or replace function report_rollup_incident(i incidents) returns table (day date, measure text, key text, n int)
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
       where i.id is not null and v.day is not null${skipExercises ? ' and not i.exercise' : ''}
    $$;

    create or replace function report_rollup_obligation(o obligations) returns table (day date, measure text, key text, n int)
    language sql stable as $$
      select (o.due_at at time zone (select f.time_zone from firms f where f.id = o.firm_id))::date, 'obl', o.rule || ':' || o.status, 1
       where o.id is not null and o.status <> 'not_applicable'${ofExercise('o')}
    $$;

    create or replace function report_rollup_communication(c communications) returns table (day date, measure text, key text, n int)
    language sql stable as $$
      select v.day, v.measure, v.key, 1
        from (select (coalesce(c.sent_at, c.received_at) at time zone (select f.time_zone from firms f where f.id = c.firm_id))::date as day) d,
             lateral (values
               (d.day, 'comm', c.audience || ':' || c.direction || ':' || case when c.client_visible then 'v' else 'h' end),
               (case when c.status = 'sent' and c.sent_by_id is not null then d.day end, 'sent_by', c.sent_by_id::text)
             ) v(day, measure, key)
       where c.id is not null and c.status in ('sent', 'received') and v.day is not null${ofExercise('c')}
    $$;

    create or replace function report_rollup_task(t tasks) returns table (day date, measure text, key text, n int)
    language sql stable as $$
      select (t.done_at at time zone (select f.time_zone from firms f where f.id = t.firm_id))::date, 'tasks_done', t.done_by_id::text, 1
       where t.id is not null and t.status = 'done' and t.done_at is not null and t.done_by_id is not null${ofExercise('t')}
    $$;
  `;
}
