import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the incident list and page show beside each incident — its task counts per phase and the nearest due date of
 * its pending obligations — kept on the incident (`incidents.progress`, `incidents.nearest_due_at`) by the database,
 * instead of computed from the tasks and obligations on every read. An incident follows the built-in playbook's 57
 * tasks: a list page of 25 read about 1,400 task rows to count them, 0.8–1 ms of the 1.5 ms PostgreSQL spent on the
 * page (measured on the scale data set, incidents created through the API); now it reads the two columns.
 *
 * Statement-level triggers on tasks and obligations (transition tables: a playbook's 57 tasks inserted in one statement
 * refresh their incident once) call incident_extras_refresh() for the incidents a statement touched; an update that
 * changes none of the columns counted (an assignee, a note) refreshes nothing. The refresh first locks the incidents, in
 * one order, then counts in a statement of its own: in READ COMMITTED each statement of a volatile function takes a new
 * snapshot, so a writer that waited for another writer of the same incident counts that writer's committed tasks too
 * (without the lock first, the second writer would count from its older snapshot and overwrite the first's counts).
 * The triggers run as the writing user; whoever may write an incident's tasks or obligations may write the incident
 * (the same row-level security policy). The entity maps the columns read-only: TypeORM never writes them.
 *
 * `progress` is `{phase: [done or not applicable, total, required still open]}` (null without tasks).
 */
export class IncidentExtras1765100000000 implements MigrationInterface {
  name = 'IncidentExtras1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table incidents add column progress jsonb, add column nearest_due_at timestamptz;

      create function incident_progress(p_firm uuid, p_incident uuid) returns jsonb language sql stable as $$
        select p.progress from (${PROGRESS_OF('(select * from tasks where firm_id = p_firm and incident_id = p_incident)')}) p
      $$;
      create function incident_nearest_due(p_firm uuid, p_incident uuid) returns timestamptz language sql stable as $$
        select min(o.due_at) from obligations o where o.firm_id = p_firm and o.incident_id = p_incident and o.status = 'pending'
      $$;

      create function incident_extras_refresh(p_firms uuid[], p_ids uuid[], p_progress boolean, p_due boolean) returns void
      language plpgsql as $$
      begin
        perform 1 from incidents i, unnest(p_firms, p_ids) k(firm_id, id)
          where i.firm_id = k.firm_id and i.id = k.id order by i.firm_id, i.id for update of i;
        update incidents i
           set progress = case when p_progress then incident_progress(i.firm_id, i.id) else i.progress end,
               nearest_due_at = case when p_due then incident_nearest_due(i.firm_id, i.id) else i.nearest_due_at end
          from unnest(p_firms, p_ids) k(firm_id, id)
         where i.firm_id = k.firm_id and i.id = k.id;
      end $$;
    `);
    for (const [table, columns, progress] of WATCHED) {
      const changed = columns.split(', ').map((c) => `n.${c} is distinct from o.${c}`).join(' or ');
      await q.query(`
        create function incident_extras_on_${table}() returns trigger language plpgsql as $$
        declare
          firms uuid[];
          ids uuid[];
        begin
          if tg_op = 'INSERT' then
            select array_agg(k.firm_id), array_agg(k.incident_id) into firms, ids from (select distinct firm_id, incident_id from new_rows) k;
          elsif tg_op = 'DELETE' then
            select array_agg(k.firm_id), array_agg(k.incident_id) into firms, ids from (select distinct firm_id, incident_id from old_rows) k;
          else
            select array_agg(k.firm_id), array_agg(k.incident_id) into firms, ids
              from (select n.firm_id, n.incident_id from new_rows n join old_rows o on o.firm_id = n.firm_id and o.id = n.id where ${changed}
                    union
                    select o.firm_id, o.incident_id from new_rows n join old_rows o on o.firm_id = n.firm_id and o.id = n.id where ${changed}) k;
          end if;
          if ids is not null then
            perform incident_extras_refresh(firms, ids, ${progress}, ${!progress});
          end if;
          return null;
        end $$;
        create trigger incident_extras_insert after insert on ${table}
          referencing new table as new_rows for each statement execute function incident_extras_on_${table}();
        create trigger incident_extras_update after update on ${table}
          referencing old table as old_rows new table as new_rows for each statement execute function incident_extras_on_${table}();
        create trigger incident_extras_delete after delete on ${table}
          referencing old table as old_rows for each statement execute function incident_extras_on_${table}();
      `);
    }
    // the incidents there are, without a scope (the owner, just for this statement)
    await q.query(`alter table incidents no force row level security`);
    await q.query(`alter table tasks no force row level security`);
    await q.query(`alter table obligations no force row level security`);
    // set-based (a million incidents: a function call per incident took minutes), one new version of each incident
    await q.query(`
      update incidents i set progress = x.progress, nearest_due_at = x.due_at
        from (select coalesce(p.firm_id, d.firm_id) as firm_id, coalesce(p.incident_id, d.incident_id) as incident_id, p.progress, d.due_at
                from (${PROGRESS_OF('tasks')}) p
                full join (select firm_id, incident_id, min(due_at) as due_at from obligations where status = 'pending' group by firm_id, incident_id) d
                  on d.firm_id = p.firm_id and d.incident_id = p.incident_id) x
       where i.firm_id = x.firm_id and i.id = x.incident_id`);
    await q.query(`alter table obligations force row level security`);
    await q.query(`alter table tasks force row level security`);
    await q.query(`alter table incidents force row level security`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of WATCHED) {
      await q.query(`
        drop trigger if exists incident_extras_insert on ${table};
        drop trigger if exists incident_extras_update on ${table};
        drop trigger if exists incident_extras_delete on ${table};
        drop function if exists incident_extras_on_${table}();
      `);
    }
    await q.query(`
      drop function if exists incident_extras_refresh(uuid[], uuid[], boolean, boolean), incident_progress(uuid, uuid), incident_nearest_due(uuid, uuid);
      alter table incidents drop column if exists progress, drop column if exists nearest_due_at;
    `);
  }
}

/** The tables whose rows the extras count, the columns that matter to them, and whether they count progress (else the due date). */
const WATCHED: [string, string, boolean][] = [
  ['tasks', 'incident_id, phase, status, required', true],
  ['obligations', 'incident_id, status, due_at', false],
];

/**
 * The task counts per phase of the tasks in `source` (a relation with firm_id, incident_id, phase, status, required),
 * one row per incident: (firm_id, incident_id, progress). The scale generator counts the tasks it inserts with it.
 */
const PROGRESS_OF = (source: string) => `
  select x.firm_id, x.incident_id, jsonb_object_agg(x.phase, jsonb_build_array(x.done, x.total, x.required_open)) as progress
    from (select t.firm_id, t.incident_id, t.phase, count(*) filter (where t.status in ('done', 'not_applicable')) as done, count(*) as total,
                 count(*) filter (where t.required and t.status not in ('done', 'not_applicable')) as required_open
            from ${source} t group by t.firm_id, t.incident_id, t.phase) x
   group by x.firm_id, x.incident_id`;
