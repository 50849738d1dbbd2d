/**
 * The evaluations domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters.
 */

/** The next versions of some evaluations ($1 firm, $2 ids of the earlier versions). */
export const NEXT_VERSIONS = 'select id, previous_version_id from evaluations where firm_id = $1 and previous_version_id = any($2)';

/** The next version of one evaluation ($1 firm, $2 id). */
export const NEXT_VERSION_OF = 'select id from evaluations where firm_id = $1 and previous_version_id = $2';

/** Which of some evaluations are final and shared with the client ($1 firm, $2 ids). */
export const SHARED_WITH_CLIENT = "select id from evaluations where firm_id = $1 and id = any($2) and status = 'final' and shared_with_client";

/** How many improvement actions an evaluation has ($1 firm, $2 evaluation): one with actions is not deleted. */
export const ACTIONS_OF = 'select count(*)::int as n from improvement_actions where firm_id = $1 and evaluation_id = $2';

/** The evaluation types a firm has a template for ($1 firm). */
export const TEMPLATE_TYPES = 'select type from evaluation_templates where firm_id = $1';

/** A built-in template made the firm’s own, once ($1 firm, $2 id, $3 type, $4 scale, $5 criteria as JSON). */
export const INSERT_BUILT_IN_EVALUATION_TEMPLATE = 'insert into evaluation_templates (firm_id, id, type, scale_max, criteria) values ($1, $2, $3, $4, $5) on conflict (firm_id, type) do nothing';

/** Evaluations `e` that are (or are not) the latest of their series: no next version, under the caller's scope (a condition). */
export const latestVersion = (latest: boolean) => `${latest ? 'not ' : ''}exists (select 1 from evaluations n where n.firm_id = e.firm_id and n.previous_version_id = e.id)`;
