/**
 * The tasks domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The last position of an incident’s tasks, -1 for none ($1 firm, $2 incident). */
export const LAST_POSITION = 'select coalesce(max(position), -1) as max from tasks where firm_id = $1 and incident_id = $2';
