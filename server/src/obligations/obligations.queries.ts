/**
 * The obligations domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters.
 */

/** "My work" (obligations `o`): the clocks of the incidents I (:me, :meText) lead or am on the team of (a condition). */
export const MINE = `exists (select 1 from incidents i where i.firm_id = o.firm_id and i.id = o.incident_id
        and (i.lead_id = :me or exists (select 1 from jsonb_array_elements(i.team) m where m->>'userId' = :meText)))`;

/** An incident's team ($1 firm, $2 incident). */
export const INCIDENT_TEAM = `select team from incidents where firm_id = $1 and id = $2`;

/** The firm's own calendar days ($1 firm), by date. */
export const FIRM_DAYS = `select to_char(date, 'YYYY-MM-DD') as date, kind, name, source from working_days where firm_id = $1 order by date`;

/** What a client's obligations depend on ($1 firm, $2 client). */
export const CLIENT_FACTS = `select operator_type as "operatorType", contract_sla as "contractSla" from clients where firm_id = $1 and id = $2`;

/** The firm's SLA policy ($1 firm). */
export const FIRM_POLICY = `select sla_policy as "slaPolicy" from firms where id = $1`;

/** An incident's obligations ($1 firm, $2 incident) read with `columns` (TenantDb.columns). */
export const obligationsOf = (columns: string) => `select ${columns} from obligations o where o.firm_id = $1 and o.incident_id = $2`;

/** Marks an obligation ($1 firm, $2 id) met or met late ($4) at $3 by the incident's own time (note $5). */
export const AUTO_FULFIL = `update obligations set fulfilled_at = $3, status = $4, fulfilment_note = $5, updated_at = CURRENT_TIMESTAMP where firm_id = $1 and id = $2`;
