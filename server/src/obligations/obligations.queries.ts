/**
 * The obligations domain's hand-written SQL (the rest goes through TypeORM's repository and the list helper). Values
 * are always parameters.
 */

/**
 * An obligation (alias `o`) past its due time and still pending: "overdue", as the lists, the filters and the reports
 * count it (the stored status stays `pending` until it is met or waived).
 */
export const overdueObligation = (o: string) => `${o}.status = 'pending' and ${o}.due_at < now()`;

/** "My work" (obligations `o`): the clocks of the incidents I (:me, :meText) lead or am on the team of (a condition). */
export const MINE = `exists (select 1 from incidents i where i.firm_id = o.firm_id and i.id = o.incident_id
        and (i.lead_id = :me or exists (select 1 from jsonb_array_elements(i.team) m where m->>'userId' = :meText)))`;

/** An incident's team ($1 firm, $2 incident). */
export const INCIDENT_TEAM = `select team from incidents where firm_id = $1 and id = $2`;

/** The firm's own calendar days ($1 firm), by date. */
export const FIRM_DAYS = `select to_char(date, 'YYYY-MM-DD') as date, kind, name, source from working_days where firm_id = $1 order by date`;

/** What the clients' obligations depend on ($1 firm, $2 clients). */
export const CLIENTS_FACTS = `select id, operator_type as "operatorType", contract_sla as "contractSla" from clients where firm_id = $1 and id = any($2)`;

/** The firm's SLA policy ($1 firm). */
export const FIRM_POLICY = `select sla_policy as "slaPolicy" from firms where id = $1`;

/** Some incidents' obligations ($1 firm, $2 incidents) read with `columns` (TenantDb.columns). */
export const obligationsOfIncidents = (columns: string) => `select ${columns} from obligations o where o.firm_id = $1 and o.incident_id = any($2)`;

/** Changed clocks: new due and start times, source, authority, audience and calendar warning (jsonb given as text). */
export const UPDATE_CLOCKS = `
  update obligations o
     set due_at = u.due_at, starts_at = u.starts_at, source = u.source, authority = u.authority, audience = u.audience, warning = u.warning,
         updated_at = CURRENT_TIMESTAMP
    from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::jsonb[], $7::text[], $8::jsonb[])
         as u(id, due_at, starts_at, source, authority, audience, warning)
   where o.firm_id = $1 and o.id = u.id`;

/** Clocks whose rule no longer applies to their incident. */
export const NOT_APPLICABLE = `
  update obligations set status = 'not_applicable', updated_at = CURRENT_TIMESTAMP where firm_id = $1 and id = any($2::uuid[])`;

/** Clocks that apply again: pending, or met (late) when they were met before. */
export const REAPPLY = `
  update obligations set status = case when fulfilled_at is null then 'pending' when fulfilled_at <= due_at then 'met' else 'met_late' end,
         updated_at = CURRENT_TIMESTAMP
   where firm_id = $1 and id = any($2::uuid[])`;

/** Clocks the incident's own progress meets (acknowledged, resolved): when, met or late, and by which of its times. */
export const MET_BY_PROGRESS = `
  update obligations o set fulfilled_at = m.at, status = m.status, fulfilment_note = m.field, updated_at = CURRENT_TIMESTAMP
    from unnest($2::uuid[], $3::timestamptz[], $4::text[], $5::text[]) as m(id, at, status, field)
   where o.firm_id = $1 and o.id = m.id`;
