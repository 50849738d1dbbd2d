/**
 * The assignments domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters. Each runs with the client locked (AssignmentsService: its consultants change one at a time).
 */

/** The client's primary assignment now, if any ($1 firm, $2 client). */
export const PRIMARY_OF = `select id from assignments where firm_id = $1 and client_id = $2 and is_primary`;

/** The client's ($2) primary assignment, unless it is $3, is no longer (first: the unique index checks each row); its id. */
export const CLEAR_PRIMARY = `update assignments set is_primary = false where firm_id = $1 and client_id = $2 and is_primary and id <> $3 returning id`;

/** Sets an assignment's ($2) primary flag ($3) if it differs; its id when it changed. */
export const SET_PRIMARY = `update assignments set is_primary = $3 where firm_id = $1 and id = $2 and is_primary <> $3 returning id`;

/** The client's ($2) earliest assignment becomes its primary one when it has none; its id. */
export const PROMOTE_EARLIEST = `
  update assignments set is_primary = true
   where firm_id = $1 and id = (select x.id from assignments x where x.firm_id = $1 and x.client_id = $2 order by x.created_at, x.id limit 1)
     and not exists (select 1 from assignments p where p.firm_id = $1 and p.client_id = $2 and p.is_primary)
  returning id`;
