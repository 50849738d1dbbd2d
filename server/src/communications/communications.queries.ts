/**
 * The communications domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The built-in templates a firm has, with the version of the built-in text each holds ($1 firm). */
export const BUILT_IN_TEMPLATE_KEYS = `select id, key, built_in_version as "builtInVersion", customized from communication_templates where firm_id = $1 and built_in`;

/**
 * A built-in template made the firm’s own, once ($1 firm, $2 id, $3 key, $4 name, $5 audience, $6 channel, $7 subject, $8 body,
 * $9 the version of the built-in text).
 */
export const INSERT_BUILT_IN_TEMPLATE = `insert into communication_templates (firm_id, id, key, name, audience, channel, subject, body, built_in, built_in_version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, $9) on conflict (firm_id, key) do nothing`;

/**
 * "My work" (a condition on communications `c`): in review, and the approval rule (checkApproval) lets me approve it
 * (:me and :meText the caller, :role their role, :restricted the audiences only a manager or the incident's legal member
 * approves).
 */
export const AWAITING_MY_APPROVAL = `(c.direction = 'outbound' and c.status = 'in_review' and c.created_by_id is distinct from :me and c.submitted_by_id is distinct from :me
  and (:role = 'manager' or not (c.audience = any(:restricted)) or exists (select 1 from incidents i where i.firm_id = c.firm_id and i.id = c.incident_id
    and exists (select 1 from jsonb_array_elements(i.team) m where m->>'role' = 'legal' and m->>'userId' = :meText))))`;

/** The first pending obligation of an incident ($1 firm, $2 incident) among the rules a template serves ($3, in its order). */
export const FIRST_OPEN_OBLIGATION = `select id from obligations where firm_id = $1 and incident_id = $2 and rule = any($3) and status = 'pending'
        order by array_position($3::text[], rule), due_at, id limit 1`;

/** What the last grading of an incident asked ($1 firm, $2 incident). */
export const LAST_GRADING_INPUTS = `select inputs from gradings where firm_id = $1 and incident_id = $2 order by graded_at desc, id desc limit 1`;
