import { HttpError, type Identifier } from 'react-admin';
import type { AttachmentEntity, AttachmentRecord } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { getAccessToken, refreshSession } from '../session';

/** POST /api/attachments (multipart): entity, entityId, file. Field errors come back as an HttpError (body.serverErrors). */
export async function uploadAttachment(entity: AttachmentEntity, entityId: Identifier, file: File): Promise<AttachmentRecord> {
  const body = new FormData();
  body.append('entity', entity);
  body.append('entityId', String(entityId));
  body.append('file', file, file.name);
  const { json } = await httpClient(`${API_URL}/attachments`, { method: 'POST', body });
  return json as AttachmentRecord;
}

/** The file name of a Content-Disposition header (RFC 5987 `filename*` first). */
export function dispositionFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

/** Fetches the bytes with the session's token (refreshed once on a 401) and saves them under their name. */
export async function downloadAttachment(record: Pick<AttachmentRecord, 'id' | 'fileName'>): Promise<void> {
  const url = `${API_URL}/attachments/${encodeURIComponent(String(record.id))}/content`;
  const get = () => fetch(url, { headers: { Authorization: `Bearer ${getAccessToken() ?? ''}` } });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) throw new HttpError(res.statusText || 'ra.notification.http_error', res.status);
  await saveResponse(res, record.fileName);
}

/** Saves a response's bytes as a download under the name its Content-Disposition gives (else `fallback`). */
export async function saveResponse(res: Response, fallback: string): Promise<void> {
  const blob = await res.blob();
  const name = dispositionFileName(res.headers.get('Content-Disposition'), fallback);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** The first server message of a failed request, for a notification. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof HttpError) {
    const list = (error.body as { serverErrors?: { message?: string }[] } | undefined)?.serverErrors;
    if (Array.isArray(list) && list.length) return list.map((e) => e.message).filter(Boolean).join('; ');
    if (error.message) return error.message;
  }
  return fallback;
}
