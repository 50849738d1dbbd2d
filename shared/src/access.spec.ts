import { ACCESS_RULES, canAccess, type Action } from './access';
import { OPERATOR_ROLE, ROLES, type Role } from './enums';

/** The foundation's resources (issue 2). Later resources are tested with the issues that add them. */
type Foundation = 'clients' | 'users' | 'assignments' | 'audit-logs';
const RESOURCES: Foundation[] = ['clients', 'users', 'assignments', 'audit-logs'];
/** Every action the rules know of, so that an action added later is denied on these resources unless listed below. */
const ACTIONS: Action[] = [
  ...new Set<Action>([
    'list', 'show', 'create', 'edit', 'delete', 'export', 'verify', 'reset_password',
    ...Object.values(ACCESS_RULES).flatMap((rules) => Object.values(rules).flat() as Action[]),
  ]),
];

/**
 * The whole table, written out: what each role may do. Anything not listed is denied.
 * Clients are offboarded (edit), never deleted; audit logs are never written through the API.
 */
const ALLOWED: Record<Role, Record<Foundation, Action[]>> = {
  manager: {
    clients: ['list', 'show', 'create', 'edit', 'export'],
    users: ['list', 'show', 'create', 'edit', 'export', 'reset_password'],
    assignments: ['list', 'show', 'create', 'delete', 'export'],
    'audit-logs': ['list', 'show', 'export', 'verify'],
  },
  consultant: {
    clients: ['list', 'show', 'export'],
    users: [],
    assignments: [],
    'audit-logs': [],
  },
  operator: { clients: [], users: [], assignments: [], 'audit-logs': [] },
  client_admin: {
    clients: ['list', 'show'],
    users: [],
    assignments: [],
    'audit-logs': [],
  },
};

const table: [Role, Foundation, Action, boolean][] = [];
for (const role of [...ROLES, OPERATOR_ROLE]) {
  for (const resource of RESOURCES) {
    for (const action of ACTIONS) table.push([role, resource, action, ALLOWED[role][resource].includes(action)]);
  }
}

describe('canAccess', () => {
  it.each(table)('%s %s %s → %s', (role, resource, action, allowed) => {
    expect(canAccess(role, resource, action)).toBe(allowed);
  });

  it('the rules know exactly the three roles of a firm and the operator', () => {
    expect(Object.keys(ACCESS_RULES).sort()).toEqual([...ROLES, OPERATOR_ROLE].sort());
  });

  it('the operator reaches firms (and their own sessions) only, and no firm role reaches firms', () => {
    expect(Object.keys(ACCESS_RULES.operator).sort()).toEqual(['firms', 'sessions']);
    for (const role of ROLES) for (const action of ACTIONS) expect(canAccess(role, 'firms', action)).toBe(false);
  });

  it('nobody may change or delete audit logs, nor delete clients or users', () => {
    for (const role of ROLES) {
      for (const action of ['create', 'edit', 'delete'] as Action[]) expect(canAccess(role, 'audit-logs', action)).toBe(false);
      expect(canAccess(role, 'clients', 'delete')).toBe(false);
      expect(canAccess(role, 'users', 'delete')).toBe(false);
    }
  });

  it.each([
    ['no role', undefined, 'clients', 'list'],
    ['null role', null, 'clients', 'list'],
    ['empty role', '', 'clients', 'list'],
    ['unknown role', 'admin', 'clients', 'list'],
    ['role name differing in case', 'Manager', 'clients', 'list'],
    ['prototype key as role', '__proto__', 'clients', 'list'],
    ['prototype key as role (toString)', 'toString', 'clients', 'list'],
    ['unknown resource', 'manager', 'firms', 'list'],
    ['resource differing in case', 'manager', 'Clients', 'list'],
    ['unknown action', 'manager', 'clients', 'destroy'],
    ['empty action', 'manager', 'clients', ''],
  ])('denies %s', (_label, role, resource, action) => {
    expect(canAccess(role as Role, resource as string, action as string)).toBe(false);
  });
});
