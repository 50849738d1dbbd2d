/**
 * The users domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The names of some users of the firm ($1 firm, $2 ids). */
export const USER_NAMES = 'select id, name from users where firm_id = $1 and id = any($2)';

/** A consultant's assignments go when they are no longer a consultant ($1 firm, $2 consultant). */
export const DELETE_ASSIGNMENTS_OF = 'delete from assignments where firm_id = $1 and consultant_id = $2';
