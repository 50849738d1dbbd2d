/**
 * The incidents domain's hand-written SQL beside the list specs (the rest goes through TypeORM's repository). Values
 * are always parameters.
 */

/**
 * The first staff action on a client's report acknowledges it ($1 firm, $2 incident; once: a later one changes nothing,
 * and returns no row).
 */
export const ACKNOWLEDGE = 'update incidents set acknowledged_at = now() where firm_id = $1 and id = $2 and acknowledged_at is null returning acknowledged_at as "acknowledgedAt"';
