import type { Resource } from './access';

export type SortOrder = 'ASC' | 'DESC';

/**
 * The order of each resource's list when the request names none: the server sorts by it (its indexes follow it), and
 * the admin's lists and dashboard cards ask for it, so that the two cannot drift apart.
 */
export const DEFAULT_SORTS: Record<Resource, [field: string, order: SortOrder]> = {
  clients: ['name', 'ASC'],
  users: ['name', 'ASC'],
  assignments: ['createdAt', 'DESC'],
  'audit-logs': ['seq', 'DESC'],
  incidents: ['createdAt', 'DESC'],
  'firm-incidents': ['createdAt', 'DESC'],
  tasks: ['position', 'ASC'],
  timeline: ['occurredAt', 'DESC'],
  obligations: ['dueAt', 'ASC'],
  playbooks: ['createdAt', 'ASC'],
  gradings: ['gradedAt', 'DESC'],
  communications: ['date', 'DESC'],
  'communication-templates': ['createdAt', 'ASC'],
  evaluations: ['date', 'DESC'],
  'evaluation-templates': ['type', 'ASC'],
  actions: ['dueAt', 'ASC'],
  trainings: ['date', 'DESC'],
  attachments: ['createdAt', 'DESC'],
  reports: ['generatedAt', 'DESC'],
  'working-days': ['date', 'ASC'],
  notifications: ['createdAt', 'DESC'],
  'notification-channels': ['name', 'ASC'],
  'notification-deliveries': ['createdAt', 'DESC'],
  // one record each (the caller's, the firm's): no list to order
  'notification-preferences': ['kind', 'ASC'],
  'notification-settings': ['id', 'ASC'],
  // the caller's own sessions, the most recently used first (AccountService.listSessions)
  sessions: ['lastUsedAt', 'DESC'],
  // one row: the caller's firm (not a list)
  'firm-settings': ['id', 'ASC'],
  firms: ['name', 'ASC'],
};

/** A resource's default order as react-admin's `sort` prop: `{ field, order }`. */
export function defaultSort(resource: Resource): { field: string; order: SortOrder } {
  const [field, order] = DEFAULT_SORTS[resource];
  return { field, order };
}
