/**
 * SQL shared by new code (the scale generator), kept outside migrations/: a landed migration is history and exports
 * nothing. This is the same text migration 1765100000000 wrote into its trigger functions.
 */

/**
 * The task counts per phase of the tasks in `source` (a relation with firm_id, incident_id, phase, status, required),
 * one row per incident: (firm_id, incident_id, progress). The scale generator counts the tasks it inserts with it.
 */
export const PROGRESS_OF = (source: string) => `
  select x.firm_id, x.incident_id, jsonb_object_agg(x.phase, jsonb_build_array(x.done, x.total, x.required_open)) as progress
    from (select t.firm_id, t.incident_id, t.phase, count(*) filter (where t.status in ('done', 'not_applicable')) as done, count(*) as total,
                 count(*) filter (where t.required and t.status not in ('done', 'not_applicable')) as required_open
            from ${source} t group by t.firm_id, t.incident_id, t.phase) x
   group by x.firm_id, x.incident_id`;
