/**
 * The improvement actions domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper).
 * Values are always parameters.
 */

/**
 * What a client admin may see of the actions `k`: their company's actions marked client-visible or following up a
 * shared final evaluation (`evaluation_shared`, kept by the database from the evaluation: migration 1767400000000;
 * row-level security reads it too). A condition.
 */
export const CLIENT_VISIBLE = `(k.client_visible or k.evaluation_shared)`;
