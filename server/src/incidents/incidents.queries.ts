import { overdueObligation } from '../obligations/obligations.queries';

/**
 * The incidents domain's hand-written SQL beside the list specs (the rest goes through TypeORM's repository). Values
 * are always parameters.
 */

/**
 * The first staff action on clients' reports acknowledges them ($1 firm, $2 incident ids; once: a report acknowledged
 * already changes nothing and returns no row): those this statement acknowledged, and when (TimelineService.actedMany).
 * The rows are locked in the order of their ids, as Locks.incidents takes them, so that two such statements on
 * overlapping sets wait for each other rather than deadlock.
 */
export const ACKNOWLEDGE = `
  update incidents i set acknowledged_at = now()
    from (select x.id from incidents x where x.firm_id = $1 and x.id = any($2::uuid[]) and x.acknowledged_at is null order by x.id for no key update) w
   where i.firm_id = $1 and i.id = w.id and i.acknowledged_at is null
  returning i.id, i.acknowledged_at as "acknowledgedAt"`;

/** The exact total of a list filtered by clients only, from the counters (`incident_totals` as `t`) under `conditions`. */
export const incidentTotal = (conditions: string[]) => `(SELECT coalesce(sum(t.n), 0)::int FROM incident_totals t WHERE ${conditions.join(' AND ')})`;

/** Incidents `i` with (or without) a pending obligation past its due time (a condition). */
export const overdueIncident = (overdue: boolean) =>
  `${overdue ? '' : 'not '}exists (select 1 from obligations o where o.firm_id = i.firm_id and o.incident_id = i.id and ${overdueObligation('o')})`;

/** An incident ($1 firm, $2 id) read with `columns` (TenantDb.columns): the incident page. */
export const incidentById = (columns: string) => `select ${columns} from incidents i where i.firm_id = $1 and i.id = $2`;

/** Some incidents ($1 firm, $2 ids) read with `columns` (TenantDb.columns). */
export const incidentsByIds = (columns: string) => `select ${columns} from incidents i where i.firm_id = $1 and i.id = any($2)`;

/** The next number of a per-firm, per-year counter table ($1 firm, $2 year): the row's lock makes numbers unique and gap-free. */
export const nextInCounter = (counter: 'incident_counters' | 'firm_incident_counters' | 'exercise_counters') => `insert into ${counter} (firm_id, year, last) values ($1, $2, $3)
       on conflict (firm_id, year) do update set last = ${counter}.last + $3 returning last`;
