/**
 * The storage domain's hand-written SQL: moving the bytes of attachments kept in PostgreSQL (attachment_contents) to
 * the evidence store (move.ts). Values are always parameters.
 */

/** Every firm's id (the owner's view across firms, a security-definer function). */
export const ALL_FIRM_IDS = 'select audit_firm_ids() as id';

/** The next attachment of firm $1 whose bytes are still in PostgreSQL, but those of $2, locked (others skip it). */
export const NEXT_TO_MOVE = `select a.id, a.sha256, a.size, c.content
               from attachments a join attachment_contents c on c.firm_id = a.firm_id and c.id = a.id
              where a.firm_id = $1 and a.storage_key is null and not (a.id = any($2::uuid[]))
              order by a.id limit 1
                for update of a skip locked`;

/** Records where attachment $2 of firm $1 is in the store ($3). */
export const SET_STORAGE_KEY = 'update attachments set storage_key = $3 where firm_id = $1 and id = $2';

/** Removes the bytes of attachment $2 of firm $1 from PostgreSQL once they are in the store: true when it did. */
export const CONTENTS_MOVED = 'select attachment_contents_moved($1, $2) as ok';
