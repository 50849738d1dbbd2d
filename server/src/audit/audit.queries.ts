/**
 * The audit domain's hand-written SQL: appending to a firm's hash chain. Values are always parameters.
 */

/** Takes the firm's next sequence number ($1 firm, $2 the genesis hash for a firm's first row): the chain head's row lock serialises appends. */
export const NEXT_SEQ = `insert into audit_heads (firm_id, last_seq, last_hash) values ($1, 1, $2)
     on conflict (firm_id) do update set last_seq = audit_heads.last_seq + 1
     returning last_seq, last_hash, keyed_from, pg_current_xact_id()::text as xid`;

/** Appends a row ($1…$15) and moves the firm's chain head to its hash. */
export const APPEND_ROW = `with a as (
       insert into audit_logs (firm_id, id, seq, actor_id, actor_role, client_id, entity, entity_id, action, changes,
                               request_id, ip, created_at, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15))
     update audit_heads set last_hash = $15 where firm_id = $1`;

/** Moves a firm's head ($1 firm, $2 genesis hash) by $3 rows under its row lock (appendAuditMany): the last number and hash before them. */
export const NEXT_SEQS = `insert into audit_heads (firm_id, last_seq, last_hash) values ($1, $3, $2)
     on conflict (firm_id) do update set last_seq = audit_heads.last_seq + $3
     returning last_seq, last_hash, keyed_from, pg_current_xact_id()::text as xid`;

/** Writes several chained rows of one firm ($1, the columns as arrays $2–$15) and sets the head's hash to the last one's ($16). */
export const APPEND_ROWS = `with a as (
       insert into audit_logs (firm_id, id, seq, actor_id, actor_role, client_id, entity, entity_id, action, changes,
                               request_id, ip, created_at, prev_hash, hash)
       select $1, * from unnest($2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[],
                                $10::jsonb[], $11::text[], $12::text[], $13::timestamptz[], $14::text[], $15::text[]))
     update audit_heads set last_hash = $16 where firm_id = $1`;

/** The database's name (the anchor file of the audit chains is kept per database). */
export const CURRENT_DATABASE = 'select current_database() as db';

/** The status of each of the transactions ($1, ids as text) that appended to a chain: committed, aborted, in progress. */
export const TRANSACTION_STATUSES = 'select x as xid, pg_xact_status(x::xid8) as status from unnest($1::text[]) x';

/** The committed chain heads of these firms ($1; null: every firm), as the anchors record them. */
export const CHAIN_HEADS = 'select firm_id, last_seq, last_hash, keyed_from from audit_chain_heads($1::uuid[])';

/** A firm's chain head ($1): the last number and hash, and from which row the chain is keyed (verifyAuditChain). */
export const CHAIN_HEAD = 'select last_seq, last_hash, keyed_from from audit_heads where firm_id = $1';

/** A batch of a firm's ($1) audit rows in order, from seq $2, at most $3 (verifyAuditChain). */
export const CHAIN_ROWS = `select firm_id, id, seq, actor_id, actor_role, client_id, entity, entity_id, action, changes, request_id, ip,
              created_at, prev_hash, hash
         from audit_logs where firm_id = $1 and seq >= $2 order by seq limit $3`;
