import type { Role } from './enums';

/**
 * Who may do what, by role. The server's access checks and the admin's authProvider.canAccess both read
 * this table, so a menu entry and the endpoint behind it cannot disagree.
 * Row-level scope (which firm, which clients) is applied on top of it by the server and the database.
 */
export type Action =
  | 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'verify' | 'reset_password'
  | 'transition' | 'grade' | 'report' | 'comment' | 'fulfil';
export type Resource =
  | 'clients' | 'users' | 'assignments' | 'audit-logs'
  | 'incidents' | 'tasks' | 'timeline' | 'obligations' | 'playbooks' | 'gradings';

/** What firm staff (managers and consultants) may do with incident work. */
const INCIDENT_WORK: Partial<Record<Resource, Action[]>> = {
  incidents: ['list', 'show', 'create', 'edit', 'export', 'transition', 'grade'],
  tasks: ['list', 'show', 'create', 'edit', 'delete'],
  timeline: ['list', 'show', 'create'],
  obligations: ['list', 'show', 'fulfil', 'export'],
  gradings: ['list', 'show'],
};

const ALL: Action[] = ['list', 'show', 'create', 'edit', 'delete', 'export'];

export const ACCESS_RULES: Record<Role, Partial<Record<Resource, Action[]>>> = {
  manager: {
    clients: ['list', 'show', 'create', 'edit', 'export'],
    users: ['list', 'show', 'create', 'edit', 'export', 'reset_password'],
    assignments: ['list', 'show', 'create', 'delete', 'export'],
    'audit-logs': ['list', 'show', 'export', 'verify'],
    ...INCIDENT_WORK,
    playbooks: ['list', 'show', 'create', 'edit', 'delete'],
  },
  consultant: {
    clients: ['list', 'show', 'export'],
    ...INCIDENT_WORK,
    playbooks: ['list', 'show'],
  },
  client_admin: {
    clients: ['list', 'show'],
    // the portal: their company's cases, deadlines and client-visible timeline; they report and comment
    incidents: ['list', 'show', 'report'],
    timeline: ['list', 'show', 'comment'],
    obligations: ['list', 'show'],
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
