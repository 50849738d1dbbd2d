import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';

/**
 * The dashboards read the ordinary list endpoints with their filters (the server counts, the Content-Range total is
 * the figure) and the service report; nothing is recomputed here that the server already knows.
 */

/** The instant the dashboard was opened, as ISO, plus `offsetMs`: stable across renders, so list queries keep their keys. */
export const useAsOf = () => {
  const [asOf] = useState(() => Date.now());
  return (offsetMs = 0) => new Date(asOf + offsetMs).toISOString();
};

/** The current time, updated every `ms` milliseconds (live countdowns). */
export const useNow = (ms = 1000) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
};

/** Each resource's own default order (the server's indexes follow it), for count-only requests. */
const DEFAULT_SORT: Record<string, { field: string; order: 'ASC' | 'DESC' }> = {
  incidents: { field: 'createdAt', order: 'DESC' },
  obligations: { field: 'dueAt', order: 'ASC' },
  tasks: { field: 'dueAt', order: 'ASC' },
  actions: { field: 'dueAt', order: 'ASC' },
  trainings: { field: 'date', order: 'DESC' },
  communications: { field: 'date', order: 'DESC' },
  clients: { field: 'name', order: 'ASC' },
};

/**
 * Totals of a resource's list for several filters at once (one `range=[0,0]` request each; the server counts).
 * Answers `{key: total}` in the order of `filters`.
 */
export function useCounts<K extends string>(resource: string, filters: Record<K, Record<string, unknown>>, enabled = true) {
  const dataProvider = useDataProvider();
  return useQuery({
    queryKey: ['dashboard-counts', resource, filters],
    enabled,
    queryFn: async () => {
      const entries = Object.entries(filters) as [K, Record<string, unknown>][];
      const totals = await Promise.all(
        entries.map(([, filter]) =>
          dataProvider.getList(resource, { filter, pagination: { page: 1, perPage: 1 }, sort: DEFAULT_SORT[resource] ?? { field: 'id', order: 'ASC' } }),
        ),
      );
      return Object.fromEntries(entries.map(([key], n) => [key, totals[n].total ?? 0])) as Record<K, number>;
    },
  });
}
