import type { Role } from './enums';

/**
 * Who may do what, by role. The server's access checks and the admin's authProvider.canAccess both read
 * this table, so a menu entry and the endpoint behind it cannot disagree.
 * Row-level scope (which firm, which clients) is applied on top of it by the server and the database.
 */
export type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | 'export' | 'verify' | 'reset_password';
export type Resource = 'clients' | 'users' | 'assignments' | 'audit-logs';

const ALL: Action[] = ['list', 'show', 'create', 'edit', 'delete', 'export'];

export const ACCESS_RULES: Record<Role, Partial<Record<Resource, Action[]>>> = {
  manager: {
    clients: ['list', 'show', 'create', 'edit', 'export'],
    users: ['list', 'show', 'create', 'edit', 'export', 'reset_password'],
    assignments: ['list', 'show', 'create', 'delete', 'export'],
    'audit-logs': ['list', 'show', 'export', 'verify'],
  },
  consultant: {
    clients: ['list', 'show', 'export'],
  },
  client_admin: {
    clients: ['list', 'show'],
  },
};

export function canAccess(role: Role | undefined | null, resource: string, action: string): boolean {
  if (!role) return false;
  const rules = ACCESS_RULES[role];
  if (!rules) return false;
  const actions = rules[resource as Resource];
  return !!actions && actions.includes(action as Action);
}
