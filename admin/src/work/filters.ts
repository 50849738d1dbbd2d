import { OPEN_OBLIGATION_STATUSES, OPEN_TASK_STATUSES, type Resource } from '@incident-desk/shared';

const line = (resource: Resource, filter: Record<string, unknown>) => ({ resource, filter });

/**
 * The filtered lists of "my work": each count on the card opens its list, with the same filter the server counted. A
 * manager's also has the deliveries that failed or went dead (theirs to look at: the dead letters of the alerting).
 * A module without components: the sign-in asks for these counts ahead (dashboard/firstScreen.ts).
 */
export const myWorkFilters = (userId: string, role: string) => ({
  tasks: line('tasks', { assigneeId: userId, status: OPEN_TASK_STATUSES }),
  approvals: line('communications', { awaitingMyApproval: true }),
  deadlines: line('obligations', { mine: true, status: OPEN_OBLIGATION_STATUSES }),
  reports: line('incidents', { unacknowledged: true }),
  ...(role === 'manager' ? { deliveries: line('notification-deliveries', { status: ['failed', 'dead'] }) } : {}),
});
