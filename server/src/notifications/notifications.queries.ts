/**
 * The notifications domain's SQL, in one place. Every statement runs in a firm-scoped transaction (a request's, or a
 * job's: JobScope) under row-level security, and names its firm; statements with parameters are prepared once per
 * connection (TenantDb.rows). The reads of other domains' rows (incidents, communications, tasks, obligations,
 * users and assignments) are the facts an event's recipients and words are made of.
 */

/** The firm: its name, language and time zone, and its policy JSON (the alerting settings). */
export const FIRM = `select f.name, f.locale, f.time_zone as "timeZone", f.sla_policy as "slaPolicy" from firms f where f.id = $1`;

/**
 * The people who may hear of events about the given clients: the firm's active staff and the clients' active admins,
 * with each consultant's assignments among those clients.
 */
export const PEOPLE = `
  select u.id, u.role, u.active, u.client_id as "clientId", u.email, u.name, u.locale,
         coalesce((select array_agg(a.client_id) from assignments a
                    where a.firm_id = u.firm_id and a.consultant_id = u.id and a.client_id = any($2::uuid[])), '{}') as "assignedClientIds"
    from users u
   where u.firm_id = $1 and u.active and (u.client_id is null or u.client_id = any($2::uuid[]))`;

/** Stored preferences of these users for these kinds. */
export const PREFERENCES_OF = `
  select p.user_id as "userId", p.kind, p.in_app as "inApp", p.email
    from notification_preferences p where p.firm_id = $1 and p.user_id = any($2::uuid[]) and p.kind = any($3::text[])`;

/** The firm's active group channels. */
export const ACTIVE_CHANNELS = `
  select c.id, c.name, c.kind, c.events, c.client_ids as "clientIds" from notification_channels c where c.firm_id = $1 and c.active order by c.id`;

export const INCIDENTS = `
  select i.id, i.client_id as "clientId", i.reference, i.title, i.grade, i.status, i.lead_id as "leadId", i.team,
         i.reported_at as "reportedAt", i.acknowledged_at as "acknowledgedAt", i.exercise, c.name as "clientName", c.contract_sla as "contractSla"
    from incidents i join clients c on c.firm_id = i.firm_id and c.id = i.client_id
   where i.firm_id = $1 and i.id = any($2::uuid[])`;

export const COMMUNICATION = `
  select k.id, k.incident_id as "incidentId", k.client_id as "clientId", k.subject, k.audience, k.direction, k.status,
         k.created_by_id as "createdById", k.submitted_by_id as "submittedById", k.client_visible as "clientVisible"
    from communications k where k.firm_id = $1 and k.id = $2`;

/** Tasks by their ids ($2) with their assignees, in checklist order (NotificationsService.emitMany). */
export const TASKS = `
  select t.id, t.incident_id as "incidentId", t.client_id as "clientId", t.title, t.title_en as "titleEn", t.assignee_id as "assigneeId"
    from tasks t where t.firm_id = $1 and t.id = any($2::uuid[]) order by t.incident_id, t.position, t.id`;

export const OBLIGATIONS = `
  select o.id, o.incident_id as "incidentId", o.client_id as "clientId", o.rule, o.status, o.starts_at as "startsAt", o.due_at as "dueAt"
    from obligations o where o.firm_id = $1 and o.id = any($2::uuid[])`;

/** In-app notifications, one statement for any number (arrays per column). */
export const INSERT_NOTIFICATIONS = `
  insert into notifications (firm_id, id, user_id, kind, title, body, entity, entity_id, incident_id, client_id, created_at)
  select $1, u.id, u.user_id, u.kind, u.title, u.body, u.entity, u.entity_id, u.incident_id, u.client_id, coalesce(u.at, now())
    from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[], $10::uuid[], $11::timestamptz[])
         as u(id, user_id, kind, title, body, entity, entity_id, incident_id, client_id, at)`;

export const INSERT_DELIVERIES = `
  insert into notification_deliveries (firm_id, id, kind, transport, notification_id, user_id, channel_id, target, entity, entity_id,
    incident_id, client_id, subject_id, payload, status, attempts, not_before)
  select $1, d.*, 'pending', 0, coalesce($15::timestamptz, now())
    from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::uuid[], $11::uuid[],
                $12::uuid[], $13::uuid[], $14::jsonb[]) as d`;

// ---- the caller's own notifications

export const NOTIFICATION_COLUMNS = `n.id, n.kind, n.title, n.body, n.entity, n.entity_id as "entityId", n.incident_id as "incidentId",
  n.created_at as "createdAt", n.read_at as "readAt"`;

/** Marks one of the caller's notifications read (if it was not); the notification as it is now. */
export const READ_ONE = `
  with marked as (
    update notifications n set read_at = coalesce(n.read_at, now())
     where n.firm_id = $1 and n.user_id = $2 and n.id = $3 and n.created_at <= now()
    returning ${NOTIFICATION_COLUMNS})
  select * from marked`;

/** Marks every unread notification of the caller read; how many. */
export const READ_ALL = `
  with marked as (update notifications n set read_at = now() where n.firm_id = $1 and n.user_id = $2 and n.read_at is null and n.created_at <= now() returning 1)
  select count(*)::int as n from marked`;

// ---- preferences

export const UPSERT_PREFERENCE = `
  insert into notification_preferences (firm_id, user_id, kind, in_app, email) values ($1, $2, $3, $4, $5)
  on conflict (firm_id, user_id, kind) do update set in_app = excluded.in_app, email = excluded.email, updated_at = now()
  where notification_preferences.in_app is distinct from excluded.in_app or notification_preferences.email is distinct from excluded.email`;

// ---- deliveries (jobs)

export const DELIVERY_FOR_UPDATE = `
  select d.id, d.kind, d.transport, d.channel_id as "channelId", d.target, d.subject_id as "subjectId", d.payload, d.status, d.attempts
    from notification_deliveries d where d.firm_id = $1 and d.id = $2 for update`;

export const CHANNEL_FOR_DELIVERY = `select c.id, c.name, c.kind, c.url, c.secret, c.active from notification_channels c where c.firm_id = $1 and c.id = $2`;

/** Whether the clock a reminder belongs to still runs (a met or waived obligation, an acknowledged report: no clock). */
export const CLOCK_RUNS = `select exists (select 1 from notification_clocks c where c.firm_id = $1 and c.id = $2) as runs`;

export const DELIVERY_OUTCOME = `
  update notification_deliveries set status = $3, attempts = attempts + $4, last_error = $5,
         sent_at = case when $3 = 'sent' then now() else sent_at end, updated_at = now()
   where firm_id = $1 and id = $2`;

export const DELIVERY_GIVE_UP = `
  update notification_deliveries set status = 'dead', last_error = coalesce(last_error, $3), updated_at = now()
   where firm_id = $1 and id = $2 and status in ('pending', 'failed')`;

// ---- the clocks (the minute scan)

/** The clocks due by $1 across firms (or of the firms in $3), ids only, through the index (security definer). */
export const CLOCKS_DUE = `select firm_id as "firmId", id from notification_clocks_due($1, $2, $3)`;

/** The firm's clocks of this batch still due, locked; another server's scan skips them. */
export const LOCK_CLOCKS = `
  select c.id, c.kind, c.incident_id as "incidentId", c.client_id as "clientId", c.obligation_id as "obligationId"
    from notification_clocks c where c.firm_id = $1 and c.id = any($2::uuid[]) and c.next_at <= $3
   order by c.id for update skip locked`;

export const CLOCK_NEXT = `update notification_clocks set next_at = $3 where firm_id = $1 and id = $2`;
export const CLOCK_DONE = `delete from notification_clocks where firm_id = $1 and id = $2`;
export const CLOCKS_POSTPONE = `update notification_clocks set next_at = $3 where firm_id = $1 and id = any($2::uuid[])`;

/** Records a reminder; a row only for the first to record it (the unique key makes it once across servers). */
export const RECORD_REMINDER = `
  insert into notification_reminders (firm_id, id, subject_id, key, due_at, fire_at) values ($1, $2, $3, $4, $5, $6)
  on conflict (firm_id, subject_id, key, due_at) do nothing returning id`;

/** The manager whose scope a job works in (the seeders' way into a firm: TenantDb.enterAs). */
export const FIRM_MANAGER = `select u.id from users u where u.firm_id = $1 and u.role = 'manager' and u.active order by u.created_at, u.id limit 1`;

// ---- the daily digest

export const FIRMS = `select id, time_zone as "timeZone", alerting from notification_firms()`;

/** Improvement actions overdue (open or in progress, past due) not yet told of, with their owners. */
export const OVERDUE_ACTIONS = `
  select a.id, a.client_id as "clientId", a.title, a.owner_id as "ownerId", a.due_at as "dueAt", a.incident_id as "incidentId"
    from improvement_actions a
   where a.firm_id = $1 and a.status in ('open', 'in_progress') and a.due_at < $2
     and not exists (select 1 from notification_reminders r where r.firm_id = a.firm_id and r.subject_id = a.id and r.key = 'overdue' and r.due_at = a.due_at)
   order by a.due_at limit 1000`;

/** Completed trainings past their next due date and not yet renewed, not yet told of. */
export const OVERDUE_TRAININGS = `
  select t.id, t.client_id as "clientId", t.title, t.created_by_id as "ownerId", t.next_due_at::text as "dueDate"
    from trainings t
   where t.firm_id = $1 and t.status = 'completed' and t.next_due_at < $2::date
     and not exists (select 1 from trainings r where r.firm_id = t.firm_id and r.client_id = t.client_id and r.type = t.type
                      and r.status <> 'cancelled' and r.date > t.date)
     and not exists (select 1 from notification_reminders n where n.firm_id = t.firm_id and n.subject_id = t.id and n.key = 'overdue'
                      and n.due_at = (t.next_due_at::timestamp at time zone 'UTC'))
   order by t.next_due_at limit 1000`;

// ---- the firm's alerting settings

export const FIRM_POLICY_FOR_UPDATE = `select f.sla_policy as "slaPolicy" from firms f where f.id = $1 for update`;
export const SET_ALERTING = `update firms set sla_policy = jsonb_set(coalesce(sla_policy, '{}'::jsonb), '{alerting}', $2::jsonb) where id = $1`;
/** Every running clock of the firm looked at again by the next scan (new thresholds or windows). */
export const CLOCKS_AGAIN = `update notification_clocks set next_at = now() where firm_id = $1`;

/** One of the caller's notifications ($1 firm, $2 user, $3 id), as the list shows it. */
export const MY_NOTIFICATION = `select ${NOTIFICATION_COLUMNS} from notifications n where n.firm_id = $1 and n.user_id = $2 and n.id = $3 and n.created_at <= now()`;
