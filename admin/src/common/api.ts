/** Helpers every resource uses to talk to the API beyond react-admin's dataProvider: record actions, field errors, PUTs of the writable fields. */
import { HttpError, useNotify, useRedirect, useUpdate, type Identifier, type RaRecord } from 'react-admin';
import { API_URL, httpClient } from '../dataProvider';

/** POST to an action of a record (`/api/{resource}/{id}/{action}`); answers the JSON body. */
export async function postAction<T = unknown>(resource: string, id: Identifier, action: string, body: object = {}): Promise<T> {
  const { json } = await httpClient(`${API_URL}/${resource}/${encodeURIComponent(String(id))}/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  return json as T;
}

/** The server's field errors as react-hook-form paths ({field: message}), from an HttpError made by the dataProvider. */
export function fieldErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof HttpError)) return null;
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors) || !Object.keys(errors).length) return null;
  return errors as Record<string, string>;
}

/** The server's errors as a list ({field, message}), e.g. the bad lines of a CSV import. */
export function serverErrors(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof HttpError)) return [];
  const list = (error.body as { serverErrors?: unknown } | undefined)?.serverErrors;
  return Array.isArray(list) ? (list as { field: string; message: string }[]) : [];
}

/**
 * A form submit that PUTs only the given fields. (The app's dataProvider completes an update with the previous
 * record, and the server refuses fields it does not accept; an empty previousData keeps the PUT to `data`.)
 * Server field errors come back under the inputs.
 */
export function usePutSave<T extends RaRecord>(resource: string, pick: (values: Record<string, unknown>) => Record<string, unknown>, after: 'show' | 'list' = 'show') {
  const [update] = useUpdate<T>();
  const notify = useNotify();
  const redirect = useRedirect();
  return async (values: Record<string, unknown>) => {
    const id = values.id as Identifier;
    try {
      await update(resource, { id, data: pick(values) as Partial<T>, previousData: {} as T }, { mutationMode: 'pessimistic', returnPromise: true });
      notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
      redirect(after, resource, id);
    } catch (e) {
      const errors = fieldErrors(e);
      if (errors) return errors;
      notify(typeof e?.message === 'string' ? e.message : 'ra.notification.http_error', { type: 'error' });
    }
    return undefined;
  };
}

/** Keeps the listed keys whose values are set. */
export function pickDefined(values: Record<string, unknown>, keys: string[], nullable: string[] = []) {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = values[k];
    if (v === undefined) continue;
    if (v === null || v === '') {
      if (nullable.includes(k)) out[k] = null;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** "a\nb\n\n" ↔ ['a', 'b'] for a text area of one item per line (recipients, affected systems, data categories). */
export const linesFormat = (v: unknown) => (Array.isArray(v) ? v.join('\n') : typeof v === 'string' ? v : '');
export const linesParse = (v: string) => v;
export const linesList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split('\n') : []).map((s) => String(s).trim()).filter(Boolean);
