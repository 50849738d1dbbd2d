/**
 * The tasks domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The last position of an incident’s tasks, -1 for none ($1 firm, $2 incident). */
export const LAST_POSITION = 'select coalesce(max(position), -1) as max from tasks where firm_id = $1 and incident_id = $2';

/**
 * Open, unassigned tasks of an incident ($2) waiting for a team role go to the member the team names for it ($3 roles,
 * $4 their members, pairwise), every role in one statement; their ids.
 */
export const ASSIGN_BY_ROLES = `
  update tasks t set assignee_id = m.user_id, updated_at = now()
    from unnest($3::text[], $4::uuid[]) as m(role, user_id)
   where t.firm_id = $1 and t.incident_id = $2 and t.team_role = m.role and t.assignee_id is null and t.status in ('todo', 'doing') returning t.id`;

/**
 * The task of key $3 of several incidents ($2) set to status $4 where it is not so already (done or not applicable when
 * $5: done now by $6; else not done); each changed task as it is now, with its status before (`before`).
 */
export const SET_BY_KEY = `
  with before as (
    select id, status from tasks where firm_id = $1 and incident_id = any($2::uuid[]) and key = $3 and status <> $4 for no key update)
  update tasks t
     set status = $4, done_at = case when $5 then now() end, done_by_id = case when $5 then $6::uuid end, updated_at = now()
    from before b
   where t.firm_id = $1 and t.id = b.id
  returning t.id, t.incident_id as "incidentId", t.client_id as "clientId", t.phase, t.title, t.title_en as "titleEn",
            t.done_at as "doneAt", t.done_by_id as "doneById", b.status as before`;
