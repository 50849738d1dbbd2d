/**
 * The working-days domain's hand-written SQL: the firm's own calendar days (a date column read as 'YYYY-MM-DD' text).
 * Values are always parameters.
 */

/** The firm's own days ($1 firm), by date. */
export const OWN_DAYS = `select firm_id as "firmId", to_char(date, 'YYYY-MM-DD') as date, kind, name, source, created_by_id as "createdById", created_at as "createdAt"
         from working_days where firm_id = $1 order by date`;

/** A day of the firm's ($1 firm, $2 date, $3 kind, $4 name, $5 source, $6 by); nothing when the firm has one for the date. */
export const INSERT_DAY = `insert into working_days (firm_id, date, kind, name, source, created_by_id) values ($1, $2, $3, $4, $5, $6)
       on conflict (firm_id, date) do nothing returning to_char(date, 'YYYY-MM-DD') as date`;

/** Removes the firm's day ($1 firm, $2 date). */
export const DELETE_DAY = `delete from working_days where firm_id = $1 and date = $2 returning to_char(date, 'YYYY-MM-DD') as date`;
