/**
 * The trainings domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** A later (not cancelled) training of the same client and type renews this one (`t`): it no longer falls due. */
export const RENEWED = `exists (select 1 from trainings r where r.firm_id = t.firm_id and r.client_id = t.client_id and r.type = t.type
  and r.status <> 'cancelled' and r.date > t.date)`;

/** Which of some trainings ($1 firm, $2 ids) are renewed. */
export const RENEWED_OF = `select t.id from trainings t where t.firm_id = $1 and t.id = any($2) and ${RENEWED}`;
