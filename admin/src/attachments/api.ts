import { HttpError, type Identifier } from 'react-admin';
import type { AttachmentEntity, AttachmentRecord } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { downloadWithToken } from '../common/download';

/** POST /api/attachments (multipart): entity, entityId, file. Field errors come back as an HttpError (body.serverErrors). */
export async function uploadAttachment(entity: AttachmentEntity, entityId: Identifier, file: File): Promise<AttachmentRecord> {
  const body = new FormData();
  body.append('entity', entity);
  body.append('entityId', String(entityId));
  body.append('file', file, file.name);
  const { json } = await httpClient(`${API_URL}/attachments`, { method: 'POST', body });
  return json as AttachmentRecord;
}

/** Fetches the bytes with the session's token (refreshed once on a 401) and saves them under their name. */
export async function downloadAttachment(record: Pick<AttachmentRecord, 'id' | 'fileName'>): Promise<void> {
  await downloadWithToken(`${API_URL}/attachments/${encodeURIComponent(String(record.id))}/content`, record.fileName);
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
