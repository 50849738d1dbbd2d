/**
 * The time-entries domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters.
 */

/** What managers recorded of some months ($2, YYYY-MM), as they are (a read). */
export const MONTHS = `select month, state from time_entry_months where firm_id = $1 and month = any($2::text[])`;

/**
 * What managers recorded of some months ($2, YYYY-MM), read `FOR SHARE`: an entry's change holds its months as they
 * are until it commits, so a reopen or close of one of them waits for it (and a change waits for a reopen or close).
 */
export const MONTHS_FOR_SHARE = `${MONTHS} order by month for share`;

/** One month's record, if any. */
export const MONTH_ROW = `select month, state, changed_by_id, changed_at from time_entry_months where firm_id = $1 and month = $2`;

/**
 * Reopen a month ($2): the row made or turned to `reopened`, answered only when it changed (a reopen racing another
 * waits for it on the key or the row, then finds it reopened: no row, 409).
 */
export const REOPEN_MONTH = `
  insert into time_entry_months (firm_id, month, state, changed_by_id, changed_at) values ($1, $2, 'reopened', $3, now())
  on conflict (firm_id, month) do update set state = excluded.state, changed_by_id = excluded.changed_by_id, changed_at = excluded.changed_at
   where time_entry_months.state <> 'reopened'
  returning month, state, changed_by_id, changed_at`;

/** Close a reopened month ($2) again; no row when it was not reopened. */
export const CLOSE_MONTH = `
  update time_entry_months set state = 'closed', changed_by_id = $3, changed_at = now()
   where firm_id = $1 and month = $2 and state = 'reopened'
  returning month, state, changed_by_id, changed_at`;

/** The references of some incidents ($2), as the entries show them. */
export const INCIDENT_REFERENCES = `select id, reference from incidents where firm_id = $1 and id = any($2::uuid[])`;

/** The caller's timer taken away ($2: the user), as it was: the stop and the discard. */
export const TAKE_TIMER = `delete from time_timers where firm_id = $1 and user_id = $2 returning client_id, incident_id, activity, started_at`;

/** A timer started ($2 user, $3 client, $4 incident, $5 activity) unless the user has one: no row then (409). */
export const START_TIMER = `
  insert into time_timers (firm_id, user_id, client_id, incident_id, activity, started_at) values ($1, $2, $3, $4, $5, now())
  on conflict (firm_id, user_id) do nothing
  returning client_id, incident_id, activity, started_at`;
