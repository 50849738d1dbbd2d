import { overdueObligation } from '../obligations/obligations.queries';

/**
 * The clients domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values are
 * always parameters.
 */

/** The operator type of some clients ($1 firm, $2 ids): the reporting clock a drill is measured against. */
export const CLIENT_OPERATOR_TYPES = 'select id, operator_type from clients where firm_id = $1 and id = any($2)';

/** Some clients' names ($2: ids). */
export const CLIENT_NAMES = 'select id, name from clients where firm_id = $1 and id = any($2)';

/** Clients `c` with (or without) a pending obligation past its due time (a condition). */
export const overdueObligationsOf = (overdue: boolean) =>
  `${overdue ? '' : 'not '}exists (select 1 from obligations o where o.firm_id = c.firm_id and o.client_id = c.id and ${overdueObligation('o')})`;

/** How many pending obligations past their due time each of some clients has ($1 firm, $2 client ids). */
export const OVERDUE_OBLIGATION_COUNTS = `select o.client_id, count(*)::int as n from obligations o
  where o.firm_id = $1 and o.client_id = any($2) and ${overdueObligation('o')} group by o.client_id`;

/** The firm's default contract SLA for new clients (firm settings; $1 firm). */
export const DEFAULT_CLIENT_SLA = `select f.sla_policy -> 'defaultClientSla' as sla from firms f where f.id = $1`;
