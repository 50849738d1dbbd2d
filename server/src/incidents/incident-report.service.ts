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
import { FirmsService } from '../firms/firms.service';
import { badInput, notFound, type FieldError } from '../common/errors';
import { renderTablesPdf } from '../reports/report-pdf';
import { TenantDb } from '../tenancy/tenant-db.service';
import { IncidentsService } from './incidents.service';
import {
  REPORT_ACTIONS, REPORT_ATTACHMENTS, REPORT_CLIENT_NAME, REPORT_COMMUNICATIONS, REPORT_EVALUATIONS, REPORT_GRADINGS, REPORT_INCIDENT,
  REPORT_TASKS, REPORT_TIMELINE, reportObligations,
} from './incident-report.queries';

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
      logo: await this.firms.logo(),
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
    const [incident] = await this.db.rows<IncidentReportData['incident']>(
      REPORT_INCIDENT, [f, incidentId]);
    const [c] = await this.db.rows<{ name: string }>(REPORT_CLIENT_NAME, [f, clientId]);
    const gradings = await this.db.rows<IncidentReportData['gradings'][number]>(
      REPORT_GRADINGS, [f, incidentId]);
    const timeline = await this.db.rows<IncidentReportData['timeline'][number]>(
      REPORT_TIMELINE, [f, incidentId, client]);
    const obligations = await this.db.rows<IncidentReportData['obligations'][number]>(
      reportObligations(client), [f, incidentId]);
    const communications = await this.db.rows<IncidentReportData['communications'][number]>(
      REPORT_COMMUNICATIONS, [f, incidentId, client]);
    const tasks = await this.db.rows<IncidentReportData['tasks'][number]>(
      REPORT_TASKS, [f, incidentId]);
    const evaluations = await this.db.rows<IncidentReportData['evaluations'][number]>(
      REPORT_EVALUATIONS, [f, incidentId, client]);
    const actions = await this.db.rows<IncidentReportData['actions'][number]>(
      REPORT_ACTIONS, [f, incidentId, client]);
    const attachments = client ? [] : await this.db.rows<IncidentReportData['attachments'][number]>(
      REPORT_ATTACHMENTS, [f, incidentId]);
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
