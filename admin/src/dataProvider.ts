import { fetchUtils, HttpError, type DataProvider, type Identifier } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import type { ApiError, AuditVerifyResult } from '@incident-desk/shared';
import { getAccessToken, getFirmTimeZone, refreshSession } from './session';
import { isLocalDateTime, zonedLocalToIso } from './common/time';

export const API_URL = '/api';

type FetchOptions = fetchUtils.Options;

const withAuth = (options: FetchOptions = {}): FetchOptions => {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const token = getAccessToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...options, headers };
};

/** `contacts[0].email` → `contacts.0.email`, the path react-hook-form expects. */
const toFormPath = (field: string) => field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');

/**
 * The server answers `{statusCode, code, message, errors: [{field, message}]}`; react-admin shows
 * `body.errors` as `{field: message}` under the matching inputs. Convert one into the other.
 */
const toReactAdminError = (error: unknown): unknown => {
  if (!(error instanceof HttpError)) return error;
  const body = error.body as (ApiError & Record<string, unknown>) | undefined;
  if (!body || !Array.isArray(body.errors)) return error;
  const errors: Record<string, string> = {};
  for (const e of body.errors) {
    if (e && typeof e.field === 'string' && e.field) {
      const path = toFormPath(e.field);
      errors[path] = errors[path] ? `${errors[path]}; ${e.message}` : String(e.message ?? '');
    }
  }
  const message = error.message || body.message || 'ra.notification.http_error';
  return new HttpError(message, error.status, { ...body, errors, serverErrors: body.errors });
};

/** fetchJson with the bearer token; on a 401 it refreshes the session once and retries. */
export const httpClient = async (url: string, options: FetchOptions = {}) => {
  try {
    return await fetchUtils.fetchJson(url, withAuth(options));
  } catch (error) {
    const isAuthRoute = /\/auth\/(login|refresh|logout)\b/.test(url);
    if (error instanceof HttpError && error.status === 401 && !isAuthRoute && (await refreshSession())) {
      try {
        return await fetchUtils.fetchJson(url, withAuth(options));
      } catch (retryError) {
        throw toReactAdminError(retryError);
      }
    }
    throw toReactAdminError(error);
  }
};

const isBlank = (v: unknown) => v === null || v === undefined || v === '';

const cleanContacts = (contacts: unknown) =>
  Array.isArray(contacts)
    ? contacts
        .filter(c => c && typeof c === 'object')
        .map(c => {
          const out: Record<string, unknown> = {};
          for (const key of ['name', 'title', 'email', 'phone']) {
            const v = (c as Record<string, unknown>)[key];
            if (!isBlank(v)) out[key] = v;
          }
          return out;
        })
    : [];

const cleanHours = (hours: unknown) => {
  const out: Record<string, number> = {};
  if (hours && typeof hours === 'object') {
    for (const [grade, v] of Object.entries(hours as Record<string, unknown>)) {
      if (!isBlank(v) && !Number.isNaN(Number(v))) out[grade] = Number(v);
    }
  }
  return out;
};

/**
 * What the forms leave that the server reads otherwise: blank contact fields and SLA hours, an empty industry, an
 * empty secret (the one set stays). The record is sent as it was read (the server ignores the fields it sets when
 * they are unchanged), with the form's changes.
 */
export const sanitize = (resource: string, verb: 'create' | 'update', data: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  if (resource === 'clients') {
    if ('contacts' in out) out.contacts = cleanContacts(out.contacts);
    if ('contractSla' in out) {
      const sla = (out.contractSla ?? {}) as Record<string, unknown>;
      out.contractSla = { acknowledgeHours: cleanHours(sla.acknowledgeHours), resolveHours: cleanHours(sla.resolveHours) };
    }
    if (out.industry === '') out.industry = null;
    if (typeof out.creditCode === 'string') out.creditCode = out.creditCode.trim().toUpperCase();
    if ('processesEuPersonalData' in out) out.processesEuPersonalData = !!out.processesEuPersonalData;
  }
  if (resource === 'notification-channels') {
    // the secret is write-only: left empty, the one set stays; an empty list of events or clients means all
    if (isBlank(out.secret)) delete out.secret;
    for (const key of ['events', 'clientIds']) if (Array.isArray(out[key]) && !(out[key] as unknown[]).length) out[key] = null;
  }
  if (resource === 'firms' && typeof out.creditCode === 'string') out.creditCode = out.creditCode.trim().toUpperCase();
  if (resource === 'users') {
    if (out.role !== 'client_admin') out.clientId = null;
    if (verb === 'create') {
      if (isBlank(out.clientId)) delete out.clientId;
      if (isBlank(out.locale)) delete out.locale;
    }
  }
  return out;
};

/** Wall-clock `_gte` / `_lte` filters (DateTimeInput) are read in the firm's time zone and sent as ISO instants. */
const normalizeFilter = (filter: Record<string, unknown> = {}) => {
  const out: Record<string, unknown> = {};
  const timeZone = getFirmTimeZone();
  for (const [key, value] of Object.entries(filter)) {
    if (isBlank(value)) continue;
    if ((key.endsWith('_gte') || key.endsWith('_lte')) && isLocalDateTime(value)) {
      out[key] = zonedLocalToIso(value, timeZone, key.endsWith('_lte'));
    } else {
      out[key] = value;
    }
  }
  return out;
};

export interface IncidentDeskDataProvider extends DataProvider {
  verifyAuditChain: () => Promise<AuditVerifyResult>;
  /** e-mails the user a one-time reset link (a manager never types someone's password) */
  resetPassword: (id: Identifier) => Promise<void>;
  /** an operator suspends or reactivates a firm (answers the firm as it is then) */
  firmState: (id: Identifier, verb: 'suspend' | 'reactivate') => Promise<Record<string, unknown>>;
}

const base = simpleRestProvider(API_URL, httpClient);

export const dataProvider: IncidentDeskDataProvider = {
  ...base,
  getList: (resource, params) => base.getList(resource, { ...params, filter: normalizeFilter(params.filter) }),
  getManyReference: (resource, params) =>
    base.getManyReference(resource, { ...params, filter: normalizeFilter(params.filter) }),
  create: async (resource, params) => {
    // a breach at the firm itself is opened as an incident of scope 'firm' (its parent is answered)
    if (resource === 'firm-incidents') {
      const { json } = await httpClient(`${API_URL}/incidents`, { method: 'POST', body: JSON.stringify(params.data) });
      return { data: json };
    }
    return base.create(resource, { ...params, data: sanitize(resource, 'create', params.data as Record<string, unknown>) });
  },
  update: (resource, params) =>
    base.update(resource, {
      ...params,
      // the PUT carries the record as it was read, with the form's changes (as ra-data-simple-rest sends it)
      data: sanitize(resource, 'update', { ...(params.previousData ?? {}), ...(params.data as Record<string, unknown>) }),
    }),
  updateMany: (resource, params) =>
    base.updateMany(resource, { ...params, data: sanitize(resource, 'update', params.data as Record<string, unknown>) }),
  verifyAuditChain: async () => {
    const { json } = await httpClient(`${API_URL}/audit-logs/verify`, { method: 'POST', body: '{}' });
    return json as AuditVerifyResult;
  },
  resetPassword: async (id) => {
    await httpClient(`${API_URL}/users/${encodeURIComponent(String(id))}/reset-password`, { method: 'POST', body: '{}' });
  },
  firmState: async (id, verb) => {
    const { json } = await httpClient(`${API_URL}/firms/${encodeURIComponent(String(id))}/${verb}`, { method: 'POST', body: '{}' });
    return json as Record<string, unknown>;
  },
};
