/**
 * The incidents domain's hand-written SQL beside the list specs (the rest goes through TypeORM's repository). Values
 * are always parameters.
 */

/** The first staff action on a client's report acknowledges it ($1 firm, $2 incident; once: a later one changes nothing). */
export const ACKNOWLEDGE = 'update incidents set acknowledged_at = now() where firm_id = $1 and id = $2 and acknowledged_at is null';

/** The exact total of a list filtered by clients only, from the counters (`incident_totals` as `t`) under `conditions`. */
export const incidentTotal = (conditions: string[]) => `(SELECT coalesce(sum(t.n), 0)::int FROM incident_totals t WHERE ${conditions.join(' AND ')})`;

/** Incidents `i` with (or without) a pending obligation past its due time (a condition). */
export const overdueIncident = (overdue: boolean) =>
  `${overdue ? '' : 'not '}exists (select 1 from obligations o where o.firm_id = i.firm_id and o.incident_id = i.id and o.status = 'pending' and o.due_at < now())`;

/** An incident ($1 firm, $2 id) read with `columns` (TenantDb.columns): the incident page. */
export const incidentById = (columns: string) => `select ${columns} from incidents i where i.firm_id = $1 and i.id = $2`;

/** Some incidents ($1 firm, $2 ids) read with `columns` (TenantDb.columns). */
export const incidentsByIds = (columns: string) => `select ${columns} from incidents i where i.firm_id = $1 and i.id = any($2)`;

/** Reports ($1 firm, $2 ids) acknowledged at $3 by a move out of `reported`, unless they already were. */
export const ACKNOWLEDGE_MANY = `update incidents set acknowledged_at = $3 where firm_id = $1 and id = any($2) and acknowledged_at is null`;

/** The next number of a per-firm, per-year counter table ($1 firm, $2 year): the row's lock makes numbers unique and gap-free. */
export const nextInCounter = (counter: 'incident_counters' | 'firm_incident_counters' | 'exercise_counters') => `insert into ${counter} (firm_id, year, last) values ($1, $2, $3)
       on conflict (firm_id, year) do update set last = ${counter}.last + $3 returning last`;
