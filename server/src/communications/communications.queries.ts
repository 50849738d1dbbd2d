/**
 * The communications domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The keys of the built-in templates a firm has ($1 firm). */
export const BUILT_IN_TEMPLATE_KEYS = 'select key from communication_templates where firm_id = $1 and built_in';

/** A built-in template made the firm’s own, once ($1 firm, $2 id, $3 key, $4 name, $5 audience, $6 channel, $7 subject, $8 body). */
export const INSERT_BUILT_IN_TEMPLATE = `insert into communication_templates (firm_id, id, key, name, audience, channel, subject, body, built_in)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true) on conflict (firm_id, key) do nothing`;
