/**
 * Communications — the register of everything said to anyone about an incident, and the templates that carry what
 * the law requires a notice to say. Pure functions: the moves of the flow, who may approve, which obligations a
 * communication can fulfil. How a template is filled in from an incident's facts: communication-templates.ts.
 */
import type { Role } from './enums';
import type { LocalText } from './playbook';

export const COMMUNICATION_AUDIENCES = ['internal', 'client', 'partner', 'regulator', 'media', 'public', 'affected_individuals'] as const;
export type CommunicationAudience = (typeof COMMUNICATION_AUDIENCES)[number];

export const COMMUNICATION_CHANNELS = ['email', 'phone', 'meeting', 'letter', 'sms', 'wechat', 'portal', 'press_release', 'other'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];

export const COMMUNICATION_DIRECTIONS = ['outbound', 'inbound'] as const;
export type CommunicationDirection = (typeof COMMUNICATION_DIRECTIONS)[number];

/** Outbound: draft → in_review → approved → sent (in_review → draft sends it back). Inbound: received, for good. */
export const COMMUNICATION_STATUSES = ['draft', 'in_review', 'approved', 'sent', 'received'] as const;
export type CommunicationStatus = (typeof COMMUNICATION_STATUSES)[number];

export const COMMUNICATION_TRANSITIONS: Record<CommunicationStatus, CommunicationStatus[]> = {
  draft: ['in_review'],
  in_review: ['approved', 'draft'],
  approved: ['sent'],
  sent: [],
  received: [],
};

/** A report to a regulator: the first report, a follow-up (补报, Measures Art. 7 ¶2–3), the summary report (Art. 8). */
export const REPORT_STAGES = ['first', 'follow_up', 'summary'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Audiences whose communications cannot be approved or sent while a placeholder of their template is unfilled. */
export const PLACEHOLDER_CHECKED_AUDIENCES: readonly CommunicationAudience[] = ['regulator', 'affected_individuals'];

/** Audiences whose communications only a manager or the incident's legal team member may approve. */
export const RESTRICTED_APPROVAL_AUDIENCES: readonly CommunicationAudience[] = ['regulator', 'media'];

/** The status a new communication starts in. */
export function initialCommunicationStatus(direction: CommunicationDirection): CommunicationStatus {
  return direction === 'inbound' ? 'received' : 'draft';
}

/** The statuses a communication may move to (a copy). Inbound ones never move. */
export function allowedCommunicationTransitions(status: CommunicationStatus, direction: CommunicationDirection): CommunicationStatus[] {
  if (direction === 'inbound') return [];
  return [...(COMMUNICATION_TRANSITIONS[status] ?? [])];
}

export type CommunicationTransitionCheck = { ok: true } | { ok: false; allowed: CommunicationStatus[] };

export function checkCommunicationTransition(input: {
  from: CommunicationStatus;
  to: CommunicationStatus;
  direction: CommunicationDirection;
}): CommunicationTransitionCheck {
  const allowed = allowedCommunicationTransitions(input.from, input.direction);
  return allowed.includes(input.to) ? { ok: true } : { ok: false, allowed };
}

/**
 * May its content still change? Outbound drafts only (in review or approved it must go back to draft first, so that
 * what is sent is what was approved; a sent one is final). An inbound record can be corrected.
 */
export function isCommunicationEditable(status: CommunicationStatus): boolean {
  return status === 'draft' || status === 'received';
}

export interface ApprovalTeamMember {
  userId: string | null;
  role: string;
}

export type ApprovalCheck =
  | { ok: true }
  | { ok: false; reason: 'not_in_review' | 'not_staff' | 'own_communication' | 'needs_manager_or_legal' };

/**
 * Who may approve a communication in review:
 * - firm staff only (a manager or a consultant);
 * - never its author: neither who wrote it nor who submitted it for review;
 * - to a regulator or the media: a manager, or the member of the incident's team with the role `legal`.
 */
export function checkApproval(input: {
  approver: { id: string; role: Role };
  communication: { status: string; direction: string; audience: string; createdById: string | null; submittedById: string | null };
  /** the incident's response team (empty when the communication has no incident) */
  team: ApprovalTeamMember[];
}): ApprovalCheck {
  const { approver, communication: c, team } = input;
  if (c.direction !== 'outbound' || c.status !== 'in_review') return { ok: false, reason: 'not_in_review' };
  if (approver.role !== 'manager' && approver.role !== 'consultant') return { ok: false, reason: 'not_staff' };
  if (approver.id === c.createdById || approver.id === c.submittedById) return { ok: false, reason: 'own_communication' };
  if ((RESTRICTED_APPROVAL_AUDIENCES as readonly string[]).includes(c.audience) && approver.role !== 'manager') {
    const legal = team.some((m) => m.role === 'legal' && !!m.userId && m.userId === approver.id);
    if (!legal) return { ok: false, reason: 'needs_manager_or_legal' };
  }
  return { ok: true };
}

export const canApproveCommunication = (input: Parameters<typeof checkApproval>[0]): boolean => checkApproval(input).ok;

/**
 * The moves this user may make now: the flow's moves, without `approved` when the approval rule says no.
 * (Used by the admin to show buttons; the server checks the same.)
 */
export function communicationMovesFor(input: Parameters<typeof checkApproval>[0]): CommunicationStatus[] {
  const { communication: c } = input;
  const moves = allowedCommunicationTransitions(c.status as CommunicationStatus, c.direction as CommunicationDirection);
  if (input.approver.role !== 'manager' && input.approver.role !== 'consultant') return [];
  return moves.filter((to) => to !== 'approved' || checkApproval(input).ok);
}

/** The obligation audience a communication to `audience` can fulfil (regulator → regulator, individuals → individuals). */
export function obligationAudienceFor(audience: string): 'regulator' | 'affected_individuals' | null {
  if (audience === 'regulator') return 'regulator';
  if (audience === 'affected_individuals') return 'affected_individuals';
  return null;
}

/** A client admin acknowledges a sent, client-visible communication, once. */
export function canAcknowledge(c: { status: string; clientVisible: boolean; acknowledgedAt: string | Date | null }): boolean {
  return c.status === 'sent' && c.clientVisible && !c.acknowledgedAt;
}

// ---------------------------------------------------------------------------------------------------------------
// Templates

/** A communication as the API sends it to firm staff (client admins get a subset: no drafting or approval fields). */
export interface CommunicationRecord {
  id: string;
  clientId: string;
  incidentId: string | null;
  audience: CommunicationAudience;
  channel: CommunicationChannel;
  direction: CommunicationDirection;
  subject: string;
  body: string;
  recipients: string[];
  clientVisible: boolean;
  status: CommunicationStatus;
  templateId?: string | null;
  obligationId?: string | null;
  createdById?: string | null;
  createdByName?: string | null;
  submittedById?: string | null;
  submittedByName?: string | null;
  submittedAt?: string | null;
  approvedById?: string | null;
  approvedByName?: string | null;
  approvedAt?: string | null;
  sentById?: string | null;
  sentByName?: string | null;
  sentAt: string | null;
  receivedAt: string | null;
  acknowledgedById: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
  /** a report to a regulator: the regulator's receipt number (once sent) and which report it is */
  receiptNumber: string | null;
  reportStage: ReportStage | null;
  /** sent or received, else created */
  date: string;
  createdAt: string;
  updatedAt?: string;
}

export interface CommunicationTemplateRecord {
  id: string;
  key: string;
  name: LocalText;
  audience: CommunicationAudience;
  channel: CommunicationChannel;
  subject: LocalText;
  body: LocalText;
  builtIn: boolean;
  /** a built-in one whose text the firm changed (a newer built-in text does not replace it) */
  customized: boolean;
  /** a built-in one older than this release's built-in text (the firm's edits kept): POST …/upgrade adopts it */
  newerVersion: boolean;
  createdAt: string;
  updatedAt: string;
}
