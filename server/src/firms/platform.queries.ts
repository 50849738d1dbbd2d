/** The platform domain's hand-written SQL (migration 1766800000000's functions); values are always parameters. */

/** A customer firm as the operator sees it ($1 firm), locked for a change of its state when FOR UPDATE is appended. */
export const CUSTOMER_FIRM = `select id, name, slug, credit_code as "creditCode", time_zone as "timeZone", locale, suspended_at as "suspendedAt",
  created_at as "createdAt" from firms where id = $1 and kind = 'customer'`;

/** Suspends ($2 true) or reactivates ($2 false) a customer firm ($1); the row back only when its state changed. */
export const SET_SUSPENDED = `update firms set suspended_at = case when $2::boolean then now() else null end
  where id = $1 and kind = 'customer' and (suspended_at is null) = $2::boolean returning suspended_at as "suspendedAt"`;

/** Whether a credit code is some firm's already ($1). */
export const CREDIT_CODE_TAKEN = `select 1 from firms where credit_code = $1`;

/** What a firm holds, counted ($1 firm): {users, clients, incidents, storageBytes}. */
export const FIRM_USAGE = `select platform_firm_usage($1) as u`;

/** The tables a firm owns (every table with a firm_id column), from the catalog. */
export const FIRM_TABLES = `select platform_firm_tables() as t`;

/** One table's rows of a firm as JSON ($1 firm, $2 table). */
export const FIRM_ROWS = `select platform_firm_rows($1, $2) as r`;

/** Deletes every row of a suspended firm, then the firm ($1): {table: rows}. */
export const ERASE_FIRM = `select platform_erase_firm($1) as counts`;

/** Which of the stored files' keys ($1 text[]) an attachment of any firm names. */
export const KEYS_IN_USE = `select platform_keys_in_use($1::text[]) as k`;
