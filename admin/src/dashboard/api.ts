import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { defaultSort, OPEN_OBLIGATION_STATUSES, type Resource } from '@incident-desk/shared';

/**
 * The dashboards read the ordinary list endpoints with their filters (the server counts, the Content-Range total is
 * the figure) and the service report; nothing is recomputed here that the server already knows.
 *
 * Their queries (key, request) are defined here once, for the cards that show them and for what the sign-in asks for
 * ahead (firstScreen.ts): with the same key, the card's first render finds the answer in the cache.
 */

/**
 * The first screen: from the sign-in's answer, for FIRST_SCREEN_MS, the dashboard's "now" is the sign-in's instant
 * (so that the filters asked for ahead and the cards' own have the same keys), and answers asked for since then count
 * as fresh (the cards mount on them without asking again). After that, or once the dashboard has been left, every
 * mount asks the server as before.
 */
const FIRST_SCREEN_MS = 10_000;
let firstScreenAt = Number.NEGATIVE_INFINITY;
const inFirstScreen = () => Date.now() - firstScreenAt < FIRST_SCREEN_MS;

/** Starts the first screen's window (the sign-in's answer); answers its instant. */
export const startFirstScreen = () => {
  firstScreenAt = Date.now();
  return firstScreenAt;
};

/** Ends it early: the dashboard was left (coming back, its cards ask the server again, whatever was changed since). */
export const endFirstScreen = () => {
  firstScreenAt = Number.NEGATIVE_INFINITY;
};

/** How long an answer counts as fresh for a card mounting now: the first screen's window, else not at all (react-query's default). */
const staleTime = () => (inFirstScreen() ? FIRST_SCREEN_MS : 0);

/** `instant + offsetMs` as ISO: the "now" of a dashboard's filters. */
export const asOfFrom = (instant: number) => (offsetMs = 0) => new Date(instant + offsetMs).toISOString();

/**
 * The instant the dashboard was opened (the sign-in's, on the first screen), as ISO, plus `offsetMs`: stable across
 * renders, so list queries keep their keys.
 */
export const useAsOf = () => {
  const [asOf] = useState(() => (inFirstScreen() ? firstScreenAt : Date.now()));
  return asOfFrom(asOf);
};

/** A list request: what a card asks the data provider for. */
export interface ListParams {
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  pagination: { page: number; perPage: number };
}

/** The data provider's getList, as the cards (react-admin's useDataProvider) and the first screen (dataProvider.ts) have it. */
type GetList = (resource: string, params: ListParams) => Promise<{ data: unknown[]; total?: number }>;

/** The first lines of a resource's list for a filter, and the server's total. */
export const listQuery = <T>(getList: GetList, resource: Resource, params: ListParams) => ({
  queryKey: ['dashboard-list', resource, params],
  queryFn: async () => {
    const { data, total } = await getList(resource, params);
    return { data: data as T[], total: total ?? data.length };
  },
  staleTime: staleTime(),
});

/** Totals of a resource's list for several filters at once (one `range=[0,0]` request each; the server counts). */
export const countsQuery = <K extends string>(getList: GetList, resource: Resource, filters: Record<K, Record<string, unknown>>) => ({
  queryKey: ['dashboard-counts', resource, filters],
  queryFn: async () => {
    const entries = Object.entries(filters) as [K, Record<string, unknown>][];
    const totals = await Promise.all(
      entries.map(([, filter]) => getList(resource, { filter, pagination: { page: 1, perPage: 1 }, sort: defaultSort(resource) })),
    );
    return Object.fromEntries(entries.map(([key], n) => [key, totals[n].total ?? 0])) as Record<K, number>;
  },
  staleTime: staleTime(),
});

/**
 * A list card's lines: `{ data, total }` of the list's first page. Each record also goes to react-admin's cache of
 * single records, as its useGetList does, so that opening one from the card shows it at once.
 */
export function useDashboardList<T extends { id: string }>(resource: Resource, params: ListParams) {
  const dataProvider = useDataProvider();
  const queryClient = useQueryClient();
  const result = useQuery(listQuery<T>(dataProvider.getList, resource, params));
  const records = result.data?.data;
  useEffect(() => {
    for (const record of records ?? []) queryClient.setQueryData([resource, 'getOne', { id: String(record.id) }], (old: T | undefined) => old ?? record);
  }, [queryClient, resource, records]);
  return result;
}

/**
 * Totals of a resource's list for several filters at once. Answers `{key: total}` in the order of `filters`.
 */
export function useCounts<K extends string>(resource: Resource, filters: Record<K, Record<string, unknown>>, enabled = true) {
  const dataProvider = useDataProvider();
  return useQuery({ ...countsQuery(dataProvider.getList, resource, filters), enabled });
}

const HOUR = 3600_000;

/** A card of pending obligations (the clocks) for a filter, nearest first. */
export const deadlinesParams = (filter: Record<string, unknown>, perPage = 10): ListParams => ({
  filter,
  sort: { field: 'dueAt', order: 'ASC' },
  pagination: { page: 1, perPage },
});

/** The clocks of the next 24 hours: open obligations due by then, overdue ones included. */
export const nextDayFilter = (asOf: (offsetMs?: number) => string) => ({ status: OPEN_OBLIGATION_STATUSES, dueAt_lte: asOf(24 * HOUR) });

/** Clients with a pending obligation past its due time, by name (the manager's card). */
export const OVERDUE_CLIENTS: ListParams = {
  filter: { overdueObligations: true },
  sort: { field: 'name', order: 'ASC' },
  pagination: { page: 1, perPage: 10 },
};
