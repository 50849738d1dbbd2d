/**
 * The tasks domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The last position of an incident’s tasks, -1 for none ($1 firm, $2 incident). */
export const LAST_POSITION = 'select coalesce(max(position), -1) as max from tasks where firm_id = $1 and incident_id = $2';

/** Open, unassigned tasks of an incident ($2) waiting for a team role ($3) go to its member ($4); their ids. */
export const ASSIGN_BY_ROLE = `
  update tasks set assignee_id = $4, updated_at = now()
   where firm_id = $1 and incident_id = $2 and team_role = $3 and assignee_id is null and status in ('todo', 'doing') returning id`;
