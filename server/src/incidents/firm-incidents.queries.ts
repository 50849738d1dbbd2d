/**
 * SQL of the firm incidents' own response (their tasks and timeline). Values are always parameters.
 */

/** The playbook tasks of these children ($2) taken together: per key, how many are done (or not applicable) of how many. */
export const TASKS_OF_CHILDREN = `
  select t.key, t.phase, min(t.title) as title, min(t.title_en) as "titleEn", bool_or(t.required) as required,
         (count(*) filter (where t.status in ('done', 'not_applicable')))::int as done, count(*)::int as total
    from tasks t
   where t.firm_id = $1 and t.incident_id = any($2::uuid[]) and t.key is not null
   group by t.key, t.phase
   order by min(t.position), t.key`;

/** How many of these children ($2) have a task of key $3. */
export const CHILDREN_WITH_TASK = `
  select count(distinct t.incident_id)::int as n from tasks t where t.firm_id = $1 and t.incident_id = any($2::uuid[]) and t.key = $3`;

/** A firm incident's own timeline, newest first (the latest 500). */
export const EVENTS_OF = `
  select e.id, e.kind, e.body, e.data, e.author_id as "authorId", e.author_name as "authorName", e.occurred_at as "occurredAt"
    from firm_incident_events e
   where e.firm_id = $1 and e.firm_incident_id = $2
   order by e.occurred_at desc, e.id desc
   limit 500`;
