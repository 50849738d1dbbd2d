/**
 * Who hears of what: a pure function from an event and its facts to the users it notifies. Nobody outside the
 * event's firm (the caller passes the firm's people only) and nobody who may not see the record: a consultant only of
 * the clients assigned to them, a client admin only of their own company's client-visible items.
 */
import type { Role } from '../enums';
import { checkApproval, type ApprovalTeamMember } from '../communications';
import { CLIENT_KINDS, type NotificationKind } from './kinds';

/** A user of the event's firm, as the recipient rule needs to know them. */
export interface NotifiablePerson {
  id: string;
  role: Role;
  active: boolean;
  /** a client admin's company */
  clientId: string | null;
  /** a consultant's assigned clients (unused for other roles) */
  assignedClientIds: readonly string[];
}

/** What the event is about, beyond its kind and client: whichever of these the kind needs. */
export interface NotificationFacts {
  kind: NotificationKind;
  /** the client the record belongs to */
  clientId: string;
  /** who caused the event (not told of their own doing); none for the clocks */
  actorId?: string | null;
  /** the incident's lead and response team */
  leadId?: string | null;
  team?: ApprovalTeamMember[];
  /** a communication (in review: its approvers; approved, returned, sent: its author) */
  communication?: { status: string; direction: string; audience: string; createdById: string | null; submittedById: string | null };
  /** a task's assignee */
  assigneeId?: string | null;
  /** an improvement action's or a training's owner */
  ownerId?: string | null;
}

/** Whether a person may hear of an event of this kind about this client at all. */
export function mayHearOf(p: NotifiablePerson, kind: NotificationKind, clientId: string): boolean {
  if (!p.active) return false;
  const clientKind = CLIENT_KINDS.includes(kind);
  if (p.role === 'client_admin') return clientKind && p.clientId === clientId;
  if (clientKind) return false;
  if (p.role === 'manager') return true;
  return p.role === 'consultant' && p.assignedClientIds.includes(clientId);
}

/** The users an event notifies (ids, sorted), from the firm's people. */
export function notificationRecipients(f: NotificationFacts, people: readonly NotifiablePerson[]): string[] {
  const visible = people.filter((p) => mayHearOf(p, f.kind, f.clientId));
  const byId = new Map(visible.map((p) => [p.id, p]));
  const managers = () => visible.filter((p) => p.role === 'manager').map((p) => p.id);
  const consultants = () => visible.filter((p) => p.role === 'consultant').map((p) => p.id);
  const team = () => [f.leadId ?? null, ...(f.team ?? []).map((m) => m.userId)].filter((id): id is string => !!id && byId.has(id));
  /** the people responsible, or else the client's consultants, or else the managers: a clock never speaks to nobody */
  const firstOf = (...groups: (() => string[])[]) => {
    for (const g of groups) {
      const ids = g();
      if (ids.length) return ids;
    }
    return [];
  };
  const one = (id: string | null | undefined) => (id && byId.has(id) ? [id] : []);

  let ids: string[];
  switch (f.kind) {
    case 'incident_reported_by_client':
      ids = firstOf(consultants, managers);
      break;
    case 'client_report_unacknowledged':
      ids = [...managers(), ...consultants()];
      break;
    case 'incident_major':
      ids = [...managers(), ...team()];
      break;
    case 'obligation_threshold':
      ids = firstOf(team, consultants, managers);
      break;
    case 'obligation_overdue':
      ids = [...team(), ...managers()];
      if (!ids.length) ids = consultants();
      break;
    case 'communication_in_review': {
      const c = f.communication;
      ids = c
        ? visible
            .filter((p) => p.role === 'manager' || p.role === 'consultant')
            .filter((p) => checkApproval({ approver: { id: p.id, role: p.role }, communication: c, team: f.team ?? [] }).ok)
            .map((p) => p.id)
        : [];
      break;
    }
    case 'communication_approved':
    case 'communication_returned':
    case 'communication_sent':
      ids = one(f.communication?.createdById ?? f.communication?.submittedById);
      break;
    case 'client_update':
      ids = visible.filter((p) => p.role === 'client_admin').map((p) => p.id);
      break;
    case 'task_assigned':
      ids = one(f.assigneeId);
      break;
    case 'action_overdue':
    case 'training_overdue':
      ids = f.ownerId && byId.has(f.ownerId) ? [f.ownerId] : consultants();
      break;
    default:
      ids = [];
  }
  return [...new Set(ids)].filter((id) => id !== f.actorId).sort();
}
