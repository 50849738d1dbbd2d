/**
 * The users domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The names of some users of the firm ($1 firm, $2 ids). */
export const USER_NAMES = 'select id, name from users where firm_id = $1 and id = any($2)';

/**
 * A consultant's assignments go when they are no longer a consultant ($1 firm, $2 consultant); a client whose primary
 * consultant they were gets its earliest other assignment as the primary one.
 */
export const DELETE_ASSIGNMENTS_OF = `
  with gone as (delete from assignments where firm_id = $1 and consultant_id = $2 returning client_id, is_primary)
  update assignments a set is_primary = true
    from (select distinct on (x.client_id) x.id from assignments x
           where x.firm_id = $1 and x.consultant_id <> $2 and x.client_id in (select client_id from gone where is_primary)
           order by x.client_id, x.created_at, x.id) n
   where a.firm_id = $1 and a.id = n.id`;

/**
 * The owner of a client's report ($1 firm, $2 client): its primary consultant (assignments.is_primary) if active, else
 * the firm's first active manager.
 */
export const REPORT_OWNER = `
  select id from (
    (select u.id, 0 as rank, a.created_at as at, a.id as tie from assignments a join users u on u.firm_id = a.firm_id and u.id = a.consultant_id
      where a.firm_id = $1 and a.client_id = $2 and a.is_primary and u.active and u.role = 'consultant')
    union all
    (select u.id, 1, u.created_at, u.id from users u where u.firm_id = $1 and u.active and u.role = 'manager')
  ) o order by rank, at, tie limit 1`;
