import type { ClientStatus, Locale, OperatorType, Role } from './enums';

/** Shapes of the API's JSON, as the server sends them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  firmId: string;
  clientId: string | null;
  locale: Locale;
  firmName: string;
  /** IANA time zone of the firm: every date and time is shown in it */
  timeZone: string;
  /** the SHA-256 of the firm's logo, null when it has none (the admin's header asks for the logo only when there is one) */
  firmLogo: string | null;
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
  /** after two-factor sign-in was set up during this sign-in (a firm that requires it): the recovery codes, shown once */
  recoveryCodes?: string[];
}

export interface ClientContact {
  name: string;
  title?: string;
  email?: string;
  phone?: string;
}

export interface ContractSla {
  /** hours to acknowledge, by grade */
  acknowledgeHours?: Record<string, number>;
  /** hours to resolve, by grade */
  resolveHours?: Record<string, number>;
}

export interface ClientRecord {
  id: string;
  firmId: string;
  name: string;
  creditCode: string;
  industry: string | null;
  operatorType: OperatorType;
  processesEuPersonalData: boolean;
  contacts: ClientContact[];
  contractSla: ContractSla;
  status: ClientStatus;
  offboardedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Listed with `filter.overdueObligations: true` only: how many of the client's obligations are past their due time
   * and still pending (the list's `overdue` filter of obligations counts the same).
   */
  overdueObligations?: number;
}

export interface UserRecord {
  id: string;
  firmId: string;
  email: string;
  name: string;
  role: Role;
  clientId: string | null;
  locale: Locale;
  active: boolean;
  /** invited and not yet accepted: no password yet, cannot sign in */
  invitationPending: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One of the caller's own sign-in sessions (`GET /api/sessions`). */
export interface SessionRecord {
  id: string;
  /** the browser or client's user agent at sign-in */
  device: string | null;
  /** the address of the sign-in or the last refresh */
  ip: string | null;
  createdAt: string;
  /** the sign-in or the last refresh of its token */
  lastUsedAt: string;
  expiresAt: string;
  /** the session of the request that lists them */
  current: boolean;
}

export interface AssignmentRecord {
  id: string;
  consultantId: string;
  clientId: string;
  /** the client's primary consultant (one per client), who owns the client's reports */
  primary: boolean;
  createdAt: string;
}

export interface AuditLogRecord {
  id: string;
  seq: number;
  actorId: string | null;
  actorRole: Role | null;
  clientId: string | null;
  entity: string;
  entityId: string | null;
  action: string;
  changes: Record<string, { before: unknown; after: unknown }>;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
  prevHash: string;
  hash: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: string } | null;
}

/** Error body of every non-2xx answer. */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
}

/**
 * GET /api/search?q=…&limit=… (the admin's command palette): incidents by reference, title or client name, clients by
 * name, communications by subject, body or client name — each within what the caller may list, newest first.
 */
export interface SearchResult {
  q: string;
  incidents: { id: string; reference: string; title: string; status: string; clientId: string; clientName: string | null }[];
  clients: { id: string; name: string; status: string }[];
  communications: { id: string; subject: string; status: string; clientId: string; clientName: string | null; incidentId: string | null }[];
}

/** Longest search text, and the most results of each kind one search returns. */
export const SEARCH_MAX_LENGTH = 100;
export const SEARCH_MAX_LIMIT = 20;

/** What a firm holds, as the operator sees it (counts only: never the records). */
export interface FirmUsage {
  users: number;
  clients: number;
  incidents: number;
  /** the bytes of the firm's attachments (evidence files), removed ones included: they are still kept */
  storageBytes: number;
}

/** A customer firm, as the operator sees it (`firms`, issue 20). */
export interface FirmRecord {
  id: string;
  name: string;
  slug: string;
  creditCode: string | null;
  timeZone: string;
  locale: Locale;
  status: 'active' | 'suspended';
  suspendedAt: string | null;
  createdAt: string;
  usage: FirmUsage;
}
