/**
 * The attachments domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters; interpolated are only constants of the code (the tables files hang off).
 */

/** The client and status of the record a file hangs off ($1 firm, $2 id) in `table`, held `FOR SHARE` when `forShare`. */
export const ownerStatus = (table: string, forShare: boolean) => `select client_id, status from ${table} where firm_id = $1 and id = $2${forShare ? ' for share' : ''}`;
