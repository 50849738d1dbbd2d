import type { Identifier } from 'react-admin';
import { canAccess } from '@incident-desk/shared';
import type { PrefetchRecord } from '../common/lazy';
import { getStoredUser } from '../session';

/**
 * The lists the incident page shows with the record (its checklist, timeline and clocks): the page asks for them with
 * these parameters (react-admin's useGetList), and a row of the incident list asks for them ahead (`prefetchIncidentPage`)
 * under the same query keys, so that the page finds them answered or on their way.
 */
export const incidentPageLists = (id: Identifier | undefined) => ({
  tasks: { filter: { incidentId: id }, sort: { field: 'position', order: 'ASC' as const }, pagination: { page: 1, perPage: 1000 } },
  timeline: { filter: { incidentId: id }, sort: { field: 'occurredAt', order: 'DESC' as const }, pagination: { page: 1, perPage: 1000 } },
  obligations: { filter: { incidentId: id }, sort: { field: 'dueAt', order: 'ASC' as const }, pagination: { page: 1, perPage: 100 } },
});

/**
 * How long what was asked for ahead counts as fresh: the page shows it without asking again when it opens within this
 * time (a pointer on a row, then the click); react-admin's refresh and every change still ask again.
 */
export const PREFETCHED_FRESH_MS = 5_000;

/**
 * The incident page's lists, as the page asks for them (react-admin's getList query key and result). The incident itself
 * is not: the page draws the list's copy of it at once and always asks for the record.
 */
export const prefetchIncidentPage: PrefetchRecord = (id, { queryClient, dataProvider }) => {
  const lists = incidentPageLists(String(id));
  const role = getStoredUser()?.role;
  for (const resource of ['tasks', 'timeline', 'obligations'] as const) {
    // as the page: the checklist for those who may list tasks (client admins see the progress per phase instead)
    if (resource === 'tasks' && !canAccess(role, 'tasks', 'list')) continue;
    const { pagination, sort, filter } = lists[resource];
    void queryClient.prefetchQuery({
      queryKey: [resource, 'getList', { pagination, sort, filter, meta: undefined }],
      queryFn: () => dataProvider.getList(resource, { pagination, sort, filter }).then(({ data, total, pageInfo, meta }) => ({ data, total, pageInfo, meta })),
      staleTime: PREFETCHED_FRESH_MS,
    });
  }
};
