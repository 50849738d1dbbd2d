import type { TimeEntryRecord, TimeMonthRecord, TimerRecord } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { downloadWithToken } from '../common/download';

/** Fields the server accepts on update; create adds clientId and userId. (It answers 400 to anything else.) */
const UPDATABLE = ['incidentId', 'date', 'minutes', 'activity', 'note', 'billable'] as const;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The form's values as the API's body: writable fields only, blanks as null, minutes as a number. */
export function timeEntryBody(values: Record<string, unknown>, verb: 'create' | 'update'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of UPDATABLE) if (k in values) out[k] = values[k];
  if (verb === 'create') {
    out.clientId = values.clientId;
    if (!blank(values.userId)) out.userId = values.userId;
  }
  if ('incidentId' in out && blank(out.incidentId)) out.incidentId = null;
  if ('note' in out && blank(out.note)) out.note = null;
  if ('minutes' in out && !blank(out.minutes)) out.minutes = Number(out.minutes);
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

const json = async <T>(url: string, init?: RequestInit): Promise<T> => (await httpClient(`${API_URL}${url}`, init)).json as T;

export const getTimer = () => json<{ timer: TimerRecord | null }>('/time-entries/timer');
export const startTimer = (incidentId: string) => json<{ timer: TimerRecord }>('/time-entries/timer', { method: 'POST', body: JSON.stringify({ incidentId }) });
export const stopTimer = () => json<TimeEntryRecord>('/time-entries/timer/stop', { method: 'POST', body: JSON.stringify({}) });
export const discardTimer = () => json<{ timer: TimerRecord }>('/time-entries/timer', { method: 'DELETE' });

export const getMonth = (month: string) => json<TimeMonthRecord>(`/time-entries/months/${encodeURIComponent(month)}`);
export const setMonth = (month: string, to: 'reopen' | 'close') =>
  json<TimeMonthRecord>(`/time-entries/months/${encodeURIComponent(month)}/${to}`, { method: 'POST', body: JSON.stringify({}) });

/** The server's CSV of the entries the list's filters select (the house's CSV: formulas neutralised). */
export const downloadTimeEntries = (filter: Record<string, unknown>) =>
  downloadWithToken(`${API_URL}/time-entries/export.csv?${new URLSearchParams({ filter: JSON.stringify(filter) })}`, 'time-entries.csv');
