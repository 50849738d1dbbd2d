import { Injectable } from '@nestjs/common';
import {
  INCIDENT_REPORT_LABELS, incidentReportTables, LOCALES, REPORT_VERSIONS, type IncidentReportData, type Locale, type ReportVersion,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { badInput, type FieldError } from '../common/errors';
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
      info: { Title: `${L.title[lang]} ${data.incident.reference}`, Author: data.firm.name, Subject: data.incident.title, Creator: 'Incident Desk' },
    });
    return { content, fileName: `${data.incident.reference}-${version}-${lang}.pdf` };
  }

  private async read(incidentId: string, clientId: string, lang: Locale, version: ReportVersion): Promise<IncidentReportData> {
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
    return {
      lang, version, generatedAt: new Date().toISOString(), generatedBy: scope.name,
      firm: { name: scope.firmName, timeZone: scope.timeZone }, client: { name: c?.name ?? '' },
      incident, gradings, timeline, obligations, communications, tasks, evaluations, actions, attachments,
    };
  }
}
