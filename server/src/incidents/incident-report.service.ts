import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import type { AttachmentRecord, ObligationRecord } from '@incident-desk/shared';
import { AttachmentsService } from '../attachments/attachments.service';
import { Nullable, OptionalNotNull } from '../common/validation';
import { Locks } from '../tenancy/locks';
import { ObligationsService } from '../obligations/obligations.service';
import {
  INCIDENT_REPORT_LABELS, incidentReportTables, LOCALES, REPORT_VERSIONS, type IncidentReportData, type Locale, type ReportVersion,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { badInput, notFound, type FieldError } from '../common/errors';
import { renderTablesPdf } from '../reports/report-pdf';
import { TenantDb } from '../tenancy/tenant-db.service';
import { IncidentsService } from './incidents.service';

export interface IncidentReportQuery {
  lang?: string;
  version?: string;
}

export class KeepIncidentReportDto {
  @ApiPropertyOptional({ enum: LOCALES, description: "the report's language (default the caller's)" }) @OptionalNotNull() @IsIn(LOCALES) lang?: string;
  @ApiPropertyOptional({ enum: REPORT_VERSIONS, description: 'internal (default) or client' }) @OptionalNotNull() @IsIn(REPORT_VERSIONS) version?: string;
  @ApiPropertyOptional({
    description: "the summary-report obligation (prc_summary_report) to link it to; default the incident's open one, null: none",
    nullable: true,
  })
  @Nullable() @IsUUID() obligationId?: string | null;
}

export interface KeptIncidentReport {
  attachment: AttachmentRecord;
  obligation: ObligationRecord | null;
  /** false: the same report (the same facts, language and version) was kept already, and is answered */
  created: boolean;
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
    private readonly locks: Locks,
    private readonly attachments: AttachmentsService,
    private readonly obligations: ObligationsService,
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
    const { data } = await this.read(i.id, i.clientId, lang, version);
    return this.render(data);
  }

  /**
   * Keeps the report (事件处置总结报告) on the incident: the PDF made now, stored as an attachment (evidence store,
   * SHA-256, audited, on the internal timeline) and linked to the incident's summary-report obligation (the one named,
   * or its open one). Under the incident's lock: of several requests for the same report — the same facts, language
   * and version — one keeps it and the others are answered that one (`created: false`), linked once.
   */
  async keep(id: string, dto: KeepIncidentReportDto): Promise<KeptIncidentReport> {
    const scope = this.access.require('attachments', 'create');
    this.access.require('incidents', 'show');
    const found = await this.incidents.find(id);
    const i = await this.locks.incident(found.id);
    if (!i) throw notFound('incident');
    const o = dto.obligationId === null ? null : await this.obligations.summaryReportFor(i.id, dto.obligationId);
    if (o) this.access.require('obligations', 'fulfil');
    const lang = (dto.lang as Locale | undefined) ?? (scope.locale === 'en' ? 'en' : 'zh-CN');
    const version = (dto.version as ReportVersion | undefined) ?? 'internal';
    const { data, fingerprint } = await this.read(i.id, i.clientId, lang, version);
    let attachment = await this.attachments.keptReport(i.id, fingerprint);
    const created = !attachment;
    if (!attachment) {
      const { content, fileName } = await this.render(data);
      attachment = await this.attachments.keepReport(
        { id: i.id, clientId: i.clientId }, { fileName, contentType: 'application/pdf', content, report: { lang, version, fingerprint } },
        o ? { obligationId: o.id } : {},
      );
    }
    const obligation = o ? await this.obligations.linkReport(o, attachment.id) : null;
    return { attachment, obligation, created };
  }

  private async render(data: IncidentReportData): Promise<{ content: Buffer; fileName: string }> {
    const { lang, version } = data;
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
      info: { Title: `${L.title[lang]} ${data.incident.reference}`, Author: data.firm.name, Subject: data.incident.title, Creator: 'Incident Desk' },
    });
    return { content, fileName: `${data.incident.reference}-${version}-${lang}.pdf` };
  }

  /**
   * The report's facts, and their fingerprint: the SHA-256 of the facts without the moment and author of the report and
   * without the reports kept before (their attachments and timeline entries), so that it changes only when the incident does.
   */
  private async read(incidentId: string, clientId: string, lang: Locale, version: ReportVersion): Promise<{ data: IncidentReportData; fingerprint: string }> {
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
      `select ${t('occurred_at')} as "occurredAt", kind, visibility, body, author_name as author, (kind = 'attachment' and data ? 'report') as "keptReport" from timeline_entries
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
      `select file_name as "fileName", size::float8 as size, sha256, ${t('created_at')} as "createdAt", report is not null as "keptReport" from attachments
        where firm_id = $1 and entity = 'incidents' and entity_id = $2 and removed_at is null order by created_at, id`, [f, incidentId]);
    const kept = (r: object) => (r as { keptReport?: boolean }).keptReport === true;
    const strip = <T extends object>(rows: T[]) => rows.map(({ keptReport: _, ...r }: T & { keptReport?: boolean }) => r as T);
    const facts = {
      lang, version, firm: scope.firmName, client: c?.name ?? '', incident, gradings, timeline: strip(timeline.filter((r) => !kept(r))), obligations,
      communications, tasks, evaluations, actions, attachments: strip(attachments.filter((r) => !kept(r))),
    };
    const data: IncidentReportData = {
      lang, version, generatedAt: new Date().toISOString(), generatedBy: scope.name,
      firm: { name: scope.firmName, timeZone: scope.timeZone }, client: { name: c?.name ?? '' },
      incident, gradings, timeline: strip(timeline), obligations, communications, tasks, evaluations, actions, attachments: strip(attachments),
    };
    return { data, fingerprint: createHash('sha256').update(JSON.stringify(facts)).digest('hex') };
  }
}
