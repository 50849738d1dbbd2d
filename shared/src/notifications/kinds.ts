/**
 * Notifications: the events that tell people something, and what a user may choose about them.
 * Pure data and functions, used by the server (which decides and delivers) and the admin (preferences page).
 */
import type { Role } from '../enums';

/** Every event that notifies someone (issue 16's table). */
export const NOTIFICATION_KINDS = [
  // a client admin reported an incident: the client's assigned consultants, at once
  'incident_reported_by_client',
  // nobody acknowledged a client's report within the acknowledgement window: managers (and the consultants again)
  'client_report_unacknowledged',
  // an incident was created or graded relatively_major or above: managers and the incident's team
  'incident_major',
  // an obligation is getting close (half its window gone, N minutes before due): the lead and the team
  'obligation_threshold',
  // an obligation is due and not met: the lead, the team and every manager, at due and then every hour
  'obligation_overdue',
  // a communication waits for approval: those who may approve it
  'communication_in_review',
  // a communication was approved, returned to draft or sent: its author
  'communication_approved',
  'communication_returned',
  'communication_sent',
  // a client-visible update or communication for the client: the client's admins
  'client_update',
  // a task was assigned to someone: the assignee
  'task_assigned',
  // an improvement action or a training became overdue: its owner, in the daily digest
  'action_overdue',
  'training_overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (k: unknown): k is NotificationKind => typeof k === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(k);

/**
 * Regulatory events: they start or drive a legal or contractual clock. Their in-app notification cannot be turned off.
 */
export const REGULATORY_KINDS: readonly NotificationKind[] = [
  'incident_reported_by_client',
  'client_report_unacknowledged',
  'incident_major',
  'obligation_threshold',
  'obligation_overdue',
];

/** Reminders and escalations of the clocks: never muted by a user's preferences, on any channel. */
export const NEVER_MUTED_KINDS: readonly NotificationKind[] = ['client_report_unacknowledged', 'obligation_threshold', 'obligation_overdue'];

/** What a client admin may hear of: client-visible items of their own company only. */
export const CLIENT_KINDS: readonly NotificationKind[] = ['client_update'];

/** The kinds that reach people of a role (a client admin hears of client-visible items only; staff of the rest). */
export function kindsForRole(role: Role): NotificationKind[] {
  return NOTIFICATION_KINDS.filter((k) => (role === 'client_admin') === CLIENT_KINDS.includes(k));
}

/** Where a notification goes for one user, besides the robots and webhooks a firm configures for its groups. */
export interface NotificationPreference {
  inApp: boolean;
  email: boolean;
}

/** Which of a kind's channels a user may not turn off. */
export function preferenceLocks(kind: NotificationKind): NotificationPreference {
  const neverMuted = NEVER_MUTED_KINDS.includes(kind);
  return { inApp: neverMuted || REGULATORY_KINDS.includes(kind), email: neverMuted };
}

/** Everything on unless the user turned it off; a locked channel is on whatever was stored. */
export function effectivePreference(kind: NotificationKind, stored?: Partial<NotificationPreference> | null): NotificationPreference {
  const locks = preferenceLocks(kind);
  return {
    inApp: locks.inApp || stored?.inApp !== false,
    email: locks.email || stored?.email !== false,
  };
}

/**
 * What is wrong with a preference a user wants for a kind (field: `inApp` / `email`), as a list of field errors:
 * a locked channel cannot be turned off; a kind that never reaches the user's role cannot be set.
 */
export function preferenceErrors(role: Role, kind: string, wanted: Partial<NotificationPreference>): { field: 'kind' | 'inApp' | 'email'; message: string }[] {
  if (!isNotificationKind(kind)) return [{ field: 'kind', message: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }];
  if (!kindsForRole(role).includes(kind)) return [{ field: 'kind', message: `never reaches a ${role}` }];
  const locks = preferenceLocks(kind);
  const out: { field: 'inApp' | 'email'; message: string }[] = [];
  if (locks.inApp && wanted.inApp === false) {
    out.push({ field: 'inApp', message: NEVER_MUTED_KINDS.includes(kind) ? 'reminders and escalations of the clocks are never muted' : 'cannot be turned off for a regulatory event' });
  }
  if (locks.email && wanted.email === false) out.push({ field: 'email', message: 'reminders and escalations of the clocks are never muted' });
  return out;
}
