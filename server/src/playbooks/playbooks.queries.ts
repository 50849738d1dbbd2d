/**
 * The playbooks domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The built-in playbook made the firm’s own, once ($1 firm, $2 id, $3 key, $4 name, $5 description, $6 tasks as JSON). */
export const INSERT_BUILT_IN_PLAYBOOK = `insert into playbooks (firm_id, id, key, name, description, tasks, built_in) values ($1, $2, $3, $4, $5, $6, true)
       on conflict (firm_id, key) do nothing`;

/** Whether incidents use a playbook ($1 firm, $2 playbook): one in use is not deleted. */
export const PLAYBOOK_USED = 'select exists (select 1 from incidents where firm_id = $1 and playbook_id = $2) as used';

/** The firm's playbook of a key ($1 firm, $2 key), read with `columns` (TenantDb.columns). */
export const playbookByKey = (columns: string) => `select ${columns} from playbooks p where p.firm_id = $1 and p.key = $2`;
