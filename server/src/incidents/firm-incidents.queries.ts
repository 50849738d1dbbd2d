/**
 * The firm incidents' hand-written SQL (firm-incidents.service.ts): the parent, its children across clients and what
 * its page shows of them. Values are always parameters; interpolated are only placeholders ($n) and column lists.
 */

/**
 * The consultant's condition on firm incidents as `alias` (row-level security says the same): leads it (`user`, a
 * placeholder) or has a child of one of their clients (`clients`, a placeholder: the children's clients are kept on
 * the parent by the database, migration 1767400000000).
 */
export const consultantSees = (alias: string, user: string, clients: string) =>
  `${alias}.lead_id = ${user} or ${alias}.child_client_ids && ${clients}::uuid[]`;

/** A firm incident read with `columns` (TenantDb.columns) under `conditions`. */
export const firmIncidentWhere = (columns: string, conditions: string[]) => `select ${columns} from firm_incidents f where ${conditions.map((w) => `(${w})`).join(' and ')}`;

/** The children under `conditions`, with their clients' names. */
export const childrenWhere = (conditions: string[]) =>
  `select i.id, i.client_id as "clientId", i.parent_id as "parentId", i.reference, i.status, i.parent_removed_at as "parentRemovedAt",
              i.nearest_due_at as "nearestDueAt", c.name as "clientName"
         from incidents i join clients c on c.firm_id = i.firm_id and c.id = i.client_id
        where ${conditions.join(' and ')} order by c.name, i.id`;

/** The obligations of some children ($1 firm, $2 incidents). */
export const CHILDREN_CLOCKS = `select o.id, o.incident_id as "incidentId", o.client_id as "clientId", o.rule, o.audience, o.due_at as "dueAt",
              o.fulfilled_at as "fulfilledAt", o.status as stored
         from obligations o where o.firm_id = $1 and o.incident_id = any($2)`;

/** The communications of some children ($1 firm, $2 incidents), per client. */
export const CHILDREN_COMMUNICATIONS = `select c.id, c.incident_id as "incidentId", c.client_id as "clientId", c.subject, c.audience, c.status, c.sent_at as "sentAt"
         from communications c where c.firm_id = $1 and c.incident_id = any($2) order by c.client_id, c.created_at, c.id`;

/** The children of a parent ($1 firm, $2 parent) still on it, in a status ($3). */
export const CHILDREN_IN = `select id from incidents where firm_id = $1 and parent_id = $2 and parent_removed_at is null and status = $3`;

/** Which of some incidents ($1 firm, $2 ids) have a required task of a phase ($3) still open. */
export const REQUIRED_OPEN = `select distinct incident_id as "incidentId" from tasks
        where firm_id = $1 and incident_id = any($2) and phase = $3 and required and status not in ('done', 'not_applicable')`;

/** Which of some clients ($3) a parent ($1 firm, $2 parent) already affects. */
export const AFFECTED_OF = `select client_id as "clientId" from incidents where firm_id = $1 and parent_id = $2 and parent_removed_at is null and client_id = any($3)`;

/** Counts $3 more children on the parent ($1 firm, $2 parent). */
export const ADD_CHILDREN = `update firm_incidents set child_count = child_count + $3, updated_at = now() where firm_id = $1 and id = $2`;

/** The child of a client ($3) still on the parent ($1 firm, $2 parent). */
export const CHILD_OF_CLIENT = `select id from incidents where firm_id = $1 and parent_id = $2 and client_id = $3 and parent_removed_at is null`;

/** A child ($1 firm, $2 id) leaves its parent (never deleted). */
export const REMOVE_FROM_PARENT = `update incidents set parent_removed_at = now() where firm_id = $1 and id = $2`;

/** The children that still take updates and notices ($1 firm, $2 parent). */
export const ACTIVE_CHILDREN = `select id from incidents where firm_id = $1 and parent_id = $2 and parent_removed_at is null and status not in ('closed', 'dismissed')`;

/** The playbook tasks of these children ($2) taken together: per key, how many are done (or not applicable) of how many. */
export const TASKS_OF_CHILDREN = `
  select t.key, t.phase, min(t.title) as title, min(t.title_en) as "titleEn", bool_or(t.required) as required,
         (count(*) filter (where t.status in ('done', 'not_applicable')))::int as done, count(*)::int as total
    from tasks t
   where t.firm_id = $1 and t.incident_id = any($2::uuid[]) and t.key is not null
   group by t.key, t.phase
   order by min(t.position), t.key`;

/** How many of these children ($2) have a task of key $3. */
export const CHILDREN_WITH_TASK = `
  select count(distinct t.incident_id)::int as n from tasks t where t.firm_id = $1 and t.incident_id = any($2::uuid[]) and t.key = $3`;

/** A firm incident's own timeline, newest first (the latest 500). */
export const EVENTS_OF = `
  select e.id, e.kind, e.body, e.data, e.author_id as "authorId", e.author_name as "authorName", e.occurred_at as "occurredAt"
    from firm_incident_events e
   where e.firm_id = $1 and e.firm_incident_id = $2
   order by e.occurred_at desc, e.id desc
   limit 500`;
