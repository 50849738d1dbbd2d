import type { Locale, ReportRecord, ReportVersion, ServiceReport } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { downloadWithToken } from '../common/download';

/** The parameters of GET /api/reports/service(.csv|.pdf). */
export interface ServiceReportParams {
  from: string;
  to: string;
  /** none: every client the user may see */
  clientIds: string[];
  lang: Locale;
  /** staff only; client admins always get the client version */
  version?: ReportVersion;
}

export function serviceReportSearch(p: ServiceReportParams): string {
  const q = new URLSearchParams({ from: p.from, to: p.to, lang: p.lang });
  if (p.clientIds.length) q.set('clientIds', p.clientIds.join(','));
  if (p.version) q.set('version', p.version);
  return q.toString();
}

export async function fetchServiceReport(p: ServiceReportParams): Promise<ServiceReport> {
  const { json } = await httpClient(`${API_URL}/reports/service?${serviceReportSearch(p)}`);
  return json as ServiceReport;
}

export const downloadServiceReport = (p: ServiceReportParams, ext: 'pdf' | 'csv') =>
  downloadWithToken(`${API_URL}/reports/service.${ext}?${serviceReportSearch(p)}`, `service-report.${ext}`);

export const downloadStoredReport = (r: Pick<ReportRecord, 'id' | 'fileName'>) =>
  downloadWithToken(`${API_URL}/reports/${encodeURIComponent(r.id)}/content`, r.fileName);
