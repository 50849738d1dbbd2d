import type { Locale, Role } from '@incident-desk/shared';

/** Who is asking, and what they may see: set once per request by app_enter_scope() and kept in the CLS. */
export interface RequestScope {
  firmId: string;
  userId: string;
  role: Role;
  email: string;
  name: string;
  locale: Locale;
  /** the client of a client admin */
  clientId: string | null;
  firmName: string;
  timeZone: string;
  /** 'all' for managers; the assigned clients for consultants; the own client for client admins */
  clientIds: 'all' | string[];
}

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  userAgent?: string | null;
  /** the session of the request's access token: entering the scope finds it live (TenantDb.runAs) */
  sessionId?: string;
}

export function canSeeClient(scope: RequestScope, clientId: string): boolean {
  return scope.clientIds === 'all' || scope.clientIds.includes(clientId);
}
