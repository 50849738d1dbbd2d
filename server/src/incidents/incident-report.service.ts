import { Injectable } from '@nestjs/common';
import {
  INCIDENT_REPORT_LABELS, incidentReportTables, LOCALES, REPORT_VERSIONS, type IncidentReportData, type Locale, type ReportVersion,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { FirmsService } from '../firms/firms.service';
import { badInput, type FieldError } from '../common/errors';
import { renderTablesPdf } from '../reports/report-pdf';
import { TenantDb } from '../tenancy/tenant-db.service';
import { IncidentsService } from './incidents.service';

export interface IncidentReportQuery {
  lang?: string;
  version?: string;
}

/**
 * The incident report as a PDF (shared/src/incident-report.ts; the service report's PDF machinery). Read under the
 * caller's scope: row-level security already hides internal timeline entries from client admins, and the client
 * version leaves out every internal entry; a client admin always gets the client version.
 */
@Injectable()
export class IncidentReportService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly incidents: IncidentsService,
    private readonly firms: FirmsService,
  ) {}

  async pdf(id: string, q: IncidentReportQuery): Promise<{ content: Buffer; fileName: string }> {
    const scope = this.access.require('incidents', 'show');
    const errors: FieldError[] = [];
    if (q.lang !== undefined && !(LOCALES as readonly string[]).includes(q.lang)) errors.push({ field: 'lang', message: `must be one of ${LOCALES.join(', ')}` });
    if (q.version !== undefined && !(REPORT_VERSIONS as readonly string[]).includes(q.version)) errors.push({ field: 'version', message: `must be one of ${REPORT_VERSIONS.join(', ')}` });
    if (errors.length) throw badInput(errors);
    const i = await this.incidents.find(id);
    const lang = (q.lang as Locale | undefined) ?? (scope.locale === 'en' ? 'en' : 'zh-CN');
    const version: ReportVersion = scope.role === 'client_admin' ? 'client' : ((q.version as ReportVersion | undefined) ?? 'internal');
    const data = await this.read(i.id, i.clientId, lang, version);
    const tables = incidentReportTables(data);
    const L = INCIDENT_REPORT_LABELS;
    const content = await renderTablesPdf({
      lang,
      title: L.title[lang],
      subtitle: `${data.incident.reference} · ${L[version === 'client' ? 'version_client' : 'version_internal'][lang]}`,
      meta: [
        [L.client[lang], data.client.name], [L.firm[lang], data.firm.name],
        [L.generatedAt[lang], new Date(data.generatedAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'], [L.generatedBy[lang], data.generatedBy],
      ],
      tables,
      notes: [L.basis[lang]],
      footer: `${data.firm.name} · ${L.title[lang]} · ${data.incident.reference}`,
      logo: await this.firms.logo(),
      info: { Title: `${L.title[lang]} ${data.incident.reference}`, Author: data.firm.name, Subject: data.incident.title, Creator: 'Incident Desk' },
    });
    return { content, fileName: `${data.incident.reference}-${version}-${lang}.pdf` };
  }

  private async read(incidentId: string, clientId: string, lang: Locale, version: ReportVersion): Promise<IncidentReportData> {
    const scope = this.db.scope;
    const f = scope.firmId;
    const client = version === 'client';
    const iso = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
    const t = (col: string) => `to_char(${col} at time zone 'UTC', ${iso})`;
    const [incident] = await this.db.rows<IncidentReportData['incident']>(
      `select reference, title, description, category, nature, grade, status, ${t('detected_at')} as "detectedAt", ${t('reported_at')} as "reportedAt",
              ${t('acknowledged_at')} as "acknowledgedAt", ${t('contained_at')} as "containedAt", ${t('recovered_at')} as "recoveredAt",
              ${t('resolved_at')} as "resolvedAt", ${t('closed_at')} as "closedAt", coalesce(affected_systems, '[]'::jsonb) as "affectedSystems",
              coalesce(data_categories, '[]'::jsonb) as "dataCategories", people_affected as "peopleAffected", records_affected::float8 as "recordsAffected",
              business_impact as "businessImpact"
         from incidents where firm_id = $1 and id = $2`, [f, incidentId]);
    const [c] = await this.db.rows<{ name: string }>(`select name from clients where firm_id = $1 and id = $2`, [f, clientId]);
    const gradings = await this.db.rows<IncidentReportData['gradings'][number]>(
      `select ${t('g.graded_at')} as "gradedAt", g.suggested_grade as "suggestedGrade", g.chosen_grade as "chosenGrade", g.rationale, u.name as by
         from gradings g left join users u on u.firm_id = g.firm_id and u.id = g.graded_by_id
        where g.firm_id = $1 and g.incident_id = $2 order by g.graded_at, g.id`, [f, incidentId]);
    const timeline = await this.db.rows<IncidentReportData['timeline'][number]>(
      `select ${t('occurred_at')} as "occurredAt", kind, visibility, body, author_name as author from timeline_entries
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or visibility = 'client') order by occurred_at, id`, [f, incidentId, client]);
    const obligations = await this.db.rows<IncidentReportData['obligations'][number]>(
      `select rule, authority, ${t('due_at')} as "dueAt", case when status = 'pending' and due_at < now() then 'overdue' else status end as status,
              ${t('fulfilled_at')} as "fulfilledAt", fulfilment_note as "fulfilmentNote", waiver_basis as "waiverBasis",
              ${client ? 'null' : 'waiver_reason'} as "waiverReason", ${t('waived_at')} as "waivedAt"
         from obligations where firm_id = $1 and incident_id = $2 order by due_at, rule`, [f, incidentId]);
    const communications = await this.db.rows<IncidentReportData['communications'][number]>(
      `select ${t('sent_at')} as "sentAt", audience, channel, subject, receipt_number as "receiptNumber", report_stage as "reportStage" from communications
        where firm_id = $1 and incident_id = $2 and status = 'sent' and ($3::boolean is false or client_visible) order by sent_at, id`, [f, incidentId, client]);
    const tasks = await this.db.rows<IncidentReportData['tasks'][number]>(
      `select phase, title, title_en as "titleEn", required, status, ${t('done_at')} as "doneAt" from tasks
        where firm_id = $1 and incident_id = $2
        order by array_position(array['triage','responding','recovering','investigating','follow_up'], phase), position, id`, [f, incidentId]);
    const evaluations = await this.db.rows<IncidentReportData['evaluations'][number]>(
      `select type, version, to_char(date, 'YYYY-MM-DD') as date, overall_score::float8 as "overallScore", status from evaluations
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or (status = 'final' and shared_with_client)) order by date, version`, [f, incidentId, client]);
    const actions = await this.db.rows<IncidentReportData['actions'][number]>(
      `select title, owner_name as "ownerName", ${t('due_at')} as "dueAt", status from improvement_actions
        where firm_id = $1 and incident_id = $2 and ($3::boolean is false or client_visible) order by due_at, id`, [f, incidentId, client]);
    const attachments = client ? [] : await this.db.rows<IncidentReportData['attachments'][number]>(
      `select file_name as "fileName", size::float8 as size, sha256, ${t('created_at')} as "createdAt" from attachments
        where firm_id = $1 and entity = 'incidents' and entity_id = $2 and removed_at is null order by created_at, id`, [f, incidentId]);
    return {
      lang, version, generatedAt: new Date().toISOString(), generatedBy: scope.name,
      firm: { name: scope.firmName, timeZone: scope.timeZone }, client: { name: c?.name ?? '' },
      incident, gradings, timeline, obligations, communications, tasks, evaluations, actions, attachments,
    };
  }
}
