import { HttpError } from 'react-admin';
import type { ApiError, Locale, ReportRecord, ReportVersion, ServiceReport } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { getAccessToken, refreshSession } from '../session';
import { dispositionFileName } from '../attachments/api';

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

/**
 * GETs a file with the session's token (refreshed once on a 401) and saves it under the name the server gives
 * (Content-Disposition). Answers the name and the type; throws an HttpError with the server's message otherwise.
 */
export async function downloadWithToken(url: string, fallbackName: string): Promise<{ name: string; type: string }> {
  const get = () => fetch(url, { headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` } });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) {
    let body: ApiError | undefined;
    try {
      body = (await res.json()) as ApiError;
    } catch {
      body = undefined;
    }
    throw new HttpError(body?.message || res.statusText || 'ra.notification.http_error', res.status, body);
  }
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('Content-Disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { name, type: blob.type };
}

export const downloadServiceReport = (p: ServiceReportParams, ext: 'pdf' | 'csv') =>
  downloadWithToken(`${API_URL}/reports/service.${ext}?${serviceReportSearch(p)}`, `service-report.${ext}`);

export const downloadStoredReport = (r: Pick<ReportRecord, 'id' | 'fileName'>) =>
  downloadWithToken(`${API_URL}/reports/${encodeURIComponent(r.id)}/content`, r.fileName);
