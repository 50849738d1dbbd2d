import { CLIENT_VISIBLE_ATTACHMENT_ENTITIES } from '@incident-desk/shared';

/**
 * The attachments domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters; interpolated are only constants of the code (the tables files hang off, their conditions).
 */

/**
 * A client admin's files (attachment as `a`): on the entities of CLIENT_VISIBLE_ATTACHMENT_ENTITIES whose record they
 * see, by each entity's table and condition over its record as `p` (a condition).
 */
export const portalVisible = (entities: Record<string, { table: string; portal: string }>) => `(${CLIENT_VISIBLE_ATTACHMENT_ENTITIES.map((e) =>
  entities[e].portal === 'true'
    ? `a.entity = '${e}'`
    : `(a.entity = '${e}' and exists (select 1 from ${entities[e].table} p where p.firm_id = a.firm_id and p.id = a.entity_id and ${entities[e].portal}))`,
).join(' or ')})`;

/** The client and status of the record a file hangs off ($1 firm, $2 id) in `table`, held `FOR SHARE` when `forShare`. */
export const ownerStatus = (table: string, forShare: boolean) => `select client_id, status from ${table} where firm_id = $1 and id = $2${forShare ? ' for share' : ''}`;
