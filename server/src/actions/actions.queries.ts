/**
 * The improvement actions domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper).
 * Values are always parameters.
 */

/** What a client admin may see of the actions `k`: their company's actions marked client-visible or following up a shared final evaluation (a condition). */
export const CLIENT_VISIBLE = `(k.client_visible or exists (select 1 from evaluations e where e.firm_id = k.firm_id and e.id = k.evaluation_id
  and e.status = 'final' and e.shared_with_client))`;
