/**
 * The users domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The names of some users of the firm ($1 firm, $2 ids). */
export const USER_NAMES = 'select id, name from users where firm_id = $1 and id = any($2)';

/** A consultant's assignments go when they are no longer a consultant ($1 firm, $2 consultant). */
export const DELETE_ASSIGNMENTS_OF = 'delete from assignments where firm_id = $1 and consultant_id = $2';

/**
 * The owner of a client's report ($1 firm, $2 client): its first-assigned active consultant, else the firm's first
 * active manager.
 */
export const REPORT_OWNER = `
  select id from (
    (select u.id, 0 as rank, a.created_at as at, a.id as tie from assignments a join users u on u.firm_id = a.firm_id and u.id = a.consultant_id
      where a.firm_id = $1 and a.client_id = $2 and u.active and u.role = 'consultant')
    union all
    (select u.id, 1, u.created_at, u.id from users u where u.firm_id = $1 and u.active and u.role = 'manager')
  ) o order by rank, at, tie limit 1`;
