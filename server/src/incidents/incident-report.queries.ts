/**
 * The incident report's SQL (事件处置总结报告: incident-report.service.ts), read in the request's transaction under
 * row-level security. Times are read as ISO text in UTC; interpolated are only constants of the code. Values are always
 * parameters.
 */

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** A timestamp column as ISO text in UTC. */
const t = (col: string) => `to_char(${col} at time zone 'UTC', ${ISO})`;

/** The incident ($1 firm, $2 incident). */
export const REPORT_INCIDENT = `select reference, title, description, category, nature, grade, status, ${t('detected_at')} as "detectedAt", ${t('reported_at')} as "reportedAt",
              ${t('acknowledged_at')} as "acknowledgedAt", ${t('contained_at')} as "containedAt", ${t('recovered_at')} as "recoveredAt",
              ${t('resolved_at')} as "resolvedAt", ${t('closed_at')} as "closedAt", coalesce(affected_systems, '[]'::jsonb) as "affectedSystems",
              coalesce(data_categories, '[]'::jsonb) as "dataCategories", people_affected as "peopleAffected", records_affected::float8 as "recordsAffected",
              business_impact as "businessImpact"
         from incidents where firm_id = $1 and id = $2`;

/** The client's name ($1 firm, $2 client). */
export const REPORT_CLIENT_NAME = `select name from clients where firm_id = $1 and id = $2`;

/** Its gradings, with who graded ($1 firm, $2 incident). */
export const REPORT_GRADINGS = `select ${t('g.graded_at')} as "gradedAt", g.suggested_grade as "suggestedGrade", g.chosen_grade as "chosenGrade", g.rationale, u.name as by
         from gradings g left join users u on u.firm_id = g.firm_id and u.id = g.graded_by_id
        where g.firm_id = $1 and g.incident_id = $2 order by g.graded_at, g.id`;

/** Its timeline ($1 firm, $2 incident; $3 the client version: client-visible entries only). */
export const REPORT_TIMELINE = `select ${t('occurred_at')} as "occurredAt", kind, visibility, body, author_name as author, (kind = 'attachment' and data ? 'report') as "keptReport" from timeline_entries
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or visibility = 'client') order by occurred_at, id`;

/** Its obligations ($1 firm, $2 incident); the client version without the waiver's internal reason. */
export const reportObligations = (client: boolean) =>
  `select rule, authority, ${t('due_at')} as "dueAt", case when status = 'pending' and due_at < now() then 'overdue' else status end as status,
              ${t('fulfilled_at')} as "fulfilledAt", fulfilment_note as "fulfilmentNote", waiver_basis as "waiverBasis",
              ${client ? 'null' : 'waiver_reason'} as "waiverReason", ${t('waived_at')} as "waivedAt"
         from obligations where firm_id = $1 and incident_id = $2 order by due_at, rule`;

/** Its sent communications ($1 firm, $2 incident; $3 the client version: client-visible ones only). */
export const REPORT_COMMUNICATIONS = `select ${t('sent_at')} as "sentAt", audience, channel, subject, receipt_number as "receiptNumber", report_stage as "reportStage" from communications
        where firm_id = $1 and incident_id = $2 and status = 'sent' and ($3::boolean is false or client_visible) order by sent_at, id`;

/** Its checklist, phase by phase ($1 firm, $2 incident). */
export const REPORT_TASKS = `select phase, title, title_en as "titleEn", required, status, ${t('done_at')} as "doneAt" from tasks
        where firm_id = $1 and incident_id = $2
        order by array_position(array['triage','responding','recovering','investigating','follow_up'], phase), position, id`;

/** Its evaluations ($1 firm, $2 incident; $3 the client version: shared final ones only). */
export const REPORT_EVALUATIONS = `select type, version, to_char(date, 'YYYY-MM-DD') as date, overall_score::float8 as "overallScore", status from evaluations
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or (status = 'final' and shared_with_client)) order by date, version`;

/** Its improvement actions ($1 firm, $2 incident; $3 the client version: client-visible ones only). */
export const REPORT_ACTIONS = `select title, owner_name as "ownerName", ${t('due_at')} as "dueAt", status from improvement_actions
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or client_visible) order by due_at, id`;

/** Its files ($1 firm, $2 incident). */
export const REPORT_ATTACHMENTS = `select file_name as "fileName", size::float8 as size, sha256, ${t('created_at')} as "createdAt", report is not null as "keptReport" from attachments
        where firm_id = $1 and entity = 'incidents' and entity_id = $2 and removed_at is null order by created_at, id`;
