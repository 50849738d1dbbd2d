import type { Role } from './enums';

/**
 * Who may do what, by role. The server's access checks and the admin's authProvider.canAccess both read
 * this table, so a menu entry and the endpoint behind it cannot disagree.
 * Row-level scope (which firm, which clients) is applied on top of it by the server and the database.
 */
export type Action =
  | 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'verify' | 'reset_password'
  | 'transition' | 'grade' | 'report' | 'comment' | 'fulfil' | 'acknowledge' | 'waive';
export type Resource =
  | 'clients' | 'users' | 'assignments' | 'audit-logs'
  | 'incidents' | 'firm-incidents' | 'tasks' | 'timeline' | 'obligations' | 'playbooks' | 'gradings'
  | 'communications' | 'communication-templates'
  | 'evaluations' | 'evaluation-templates' | 'actions'
  | 'trainings' | 'attachments'
  | 'reports' | 'working-days'
  | 'notifications' | 'notification-preferences' | 'notification-channels' | 'notification-deliveries' | 'notification-settings'
  | 'sessions' | 'firm-settings'
  | 'firms';

/** What firm staff (managers and consultants) may do with incident work. */
const INCIDENT_WORK: Partial<Record<Resource, Action[]>> = {
  incidents: ['list', 'show', 'create', 'edit', 'export', 'transition', 'grade'],
  tasks: ['list', 'show', 'create', 'edit', 'delete'],
  timeline: ['list', 'show', 'create'],
  // waive: managers, or the incident's legal team member (checked by the server: canWaive in obligations.ts)
  obligations: ['list', 'show', 'fulfil', 'export', 'waive'],
  gradings: ['list', 'show'],
  // drafts, review, approval (who may approve is checkApproval in communications.ts), sending; never deleted
  communications: ['list', 'show', 'create', 'edit', 'transition', 'export'],
  // drafts are edited and deleted; finalize, new-version and share are `transition`
  evaluations: ['list', 'show', 'create', 'edit', 'delete', 'transition', 'export'],
  // improvement actions (status changes through edit)
  actions: ['list', 'show', 'create', 'edit', 'delete', 'export'],
  // training and drill records: cancelled, never deleted; importing participants is `edit`
  trainings: ['list', 'show', 'create', 'edit', 'export'],
  // files on incidents, communications, evaluations and trainings: uploaded, never changed; `delete` marks removed
  attachments: ['list', 'show', 'create', 'delete'],
};

const ALL: Action[] = ['list', 'show', 'create', 'edit', 'delete', 'export'];

/** Everyone's own notifications (marked read: edit) and notification preferences. */
const OWN_NOTIFICATIONS: Partial<Record<Resource, Action[]>> = {
  notifications: ['list', 'show', 'edit'],
  'notification-preferences': ['show', 'edit'],
  // everyone's own sign-in sessions: listed, and any of them ended
  sessions: ['list', 'delete'],
};

export const ACCESS_RULES: Record<Role, Partial<Record<Resource, Action[]>>> = {
  manager: {
    clients: ['list', 'show', 'create', 'edit', 'export'],
    users: ['list', 'show', 'create', 'edit', 'export', 'reset_password'],
    assignments: ['list', 'show', 'create', 'delete', 'export'],
    'audit-logs': ['list', 'show', 'export', 'verify'],
    ...INCIDENT_WORK,
    // a breach at the firm itself, with one child incident per affected client (issue 18): opened and run by managers
    'firm-incidents': ['list', 'show', 'create', 'edit', 'transition'],
    playbooks: ['list', 'show', 'create', 'edit', 'delete'],
    'communication-templates': ['list', 'show', 'create', 'edit', 'delete'],
    // one criteria template per evaluation type: edited, never created or deleted
    'evaluation-templates': ['list', 'show', 'edit'],
    // service reports: `export` reads one (JSON, CSV, PDF) for any client of the firm; stored monthly reports
    // are generated (create), kept and deleted
    reports: ['list', 'show', 'create', 'delete', 'export'],
    // the days the firm adds to the PRC working-day calendar (holidays, make-up working days of a year not built in)
    'working-days': ['list', 'show', 'create', 'delete'],
    ...OWN_NOTIFICATIONS,
    // the firm's group channels (chat robots, webhooks; `verify` sends a test message) and every delivery's state
    'notification-channels': ['list', 'show', 'create', 'edit', 'delete', 'verify'],
    'notification-deliveries': ['list', 'show'],
    // the firm's alerting settings: thresholds, escalation, the acknowledgement window, the digest hour
    'notification-settings': ['show', 'edit'],
    // the firm's settings page: name, logo, time zone, language, default client SLA, alerting, two-factor requirement
    'firm-settings': ['show', 'edit'],
  },
  consultant: {
    clients: ['list', 'show', 'export'],
    ...INCIDENT_WORK,
    // the firm incidents with a child of an assigned client (or that they lead: then they run it too, see the service)
    'firm-incidents': ['list', 'show'],
    playbooks: ['list', 'show'],
    'communication-templates': ['list', 'show'],
    'evaluation-templates': ['list', 'show'],
    // service reports of their assigned clients; stored reports that cover only those clients
    reports: ['list', 'show', 'create', 'export'],
    'working-days': ['list', 'show'],
    ...OWN_NOTIFICATIONS,
  },
  client_admin: {
    clients: ['list', 'show'],
    // the portal: their company's cases, deadlines and client-visible timeline; they report and comment
    incidents: ['list', 'show', 'report'],
    timeline: ['list', 'show', 'comment'],
    obligations: ['list', 'show'],
    // sent (or received) client-visible communications of their company, which they acknowledge
    communications: ['list', 'show', 'acknowledge'],
    // final evaluations shared with their company; the improvement actions shown to them (read-only)
    evaluations: ['list', 'show'],
    actions: ['list', 'show'],
    // their company's training records (read-only); the files on the trainings, communications and evaluations they
    // see (CLIENT_VISIBLE_ATTACHMENT_ENTITIES)
    trainings: ['list', 'show'],
    attachments: ['list', 'show'],
    // the client version of their own company's service report; stored client-version reports of their company only
    reports: ['list', 'show', 'export'],
    ...OWN_NOTIFICATIONS,
  },
  // the SaaS operator (issue 20): the firms themselves and their usage — never a firm's records (row-level security
  // holds for them as for everyone: their scope is the platform's, which owns no firm data). `transition`: suspend and
  // reactivate; `export`: the firm's archive; `delete`: a suspended firm, with everything it owns
  operator: {
    firms: ['list', 'show', 'create', 'transition', 'export', 'delete'],
    sessions: ['list', 'delete'],
  },
};

export function canAccess(role: Role | undefined | null, resource: string, action: string): boolean {
  if (!role) return false;
  if (!Object.hasOwn(ACCESS_RULES, role)) return false;
  const rules = ACCESS_RULES[role];
  if (!Object.hasOwn(rules, resource)) return false;
  const actions = rules[resource as Resource];
  return Array.isArray(actions) && actions.includes(action as Action);
}
