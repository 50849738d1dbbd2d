import type { Identifier } from 'react-admin';
import { isDrill, type TrainingRecord } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';

/** Fields the server accepts on update; create adds clientId. (It answers 400 to anything else.) */
export const UPDATABLE = [
  'type', 'title', 'legalBasis', 'date', 'durationMinutes', 'deliveryMode', 'trainer', 'objectives', 'scenario', 'status', 'participants',
  'passMark', 'recurrenceMonths', 'detectMinutes', 'escalateMinutes', 'reportMinutes',
] as const;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const num = (v: unknown): number | null => (blank(v) || Number.isNaN(Number(v)) ? null : Number(v));

/** The form's values as the API's body: only writable fields, blanks as null, numbers as numbers, drill times for drills only. */
export function trainingBody(values: Record<string, unknown>, verb: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of UPDATABLE) if (k in values) out[k] = values[k];
  if (verb === 'create') out.clientId = values.clientId;
  for (const k of ['legalBasis', 'trainer', 'objectives', 'scenario', 'deliveryMode'] as const) if (k in out && blank(out[k])) out[k] = null;
  for (const k of ['durationMinutes', 'passMark', 'recurrenceMonths', 'detectMinutes', 'escalateMinutes', 'reportMinutes'] as const) {
    if (k in out) out[k] = num(out[k]);
  }
  if (!isDrill(String(out.type ?? values.type ?? ''))) {
    out.detectMinutes = null;
    out.escalateMinutes = null;
    out.reportMinutes = null;
  }
  if (Array.isArray(out.participants)) {
    out.participants = (out.participants as Record<string, unknown>[])
      .filter((p) => p && typeof p === 'object')
      .map((p) => ({
        name: typeof p.name === 'string' ? p.name : '',
        department: blank(p.department) ? null : p.department,
        attended: !!p.attended,
        score: num(p.score),
        passed: typeof p.passed === 'boolean' ? p.passed : null,
        acknowledged: !!p.acknowledged,
      }));
  } else if ('participants' in out) out.participants = [];
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

/** POST /api/trainings/{id}/participants/import (multipart `file`). */
export async function importParticipants(id: Identifier, file: File, mode: 'replace' | 'append'): Promise<TrainingRecord> {
  const body = new FormData();
  body.append('file', file, file.name);
  const { json } = await httpClient(`${API_URL}/trainings/${encodeURIComponent(String(id))}/participants/import?mode=${mode}`, { method: 'POST', body });
  return json as TrainingRecord;
}
