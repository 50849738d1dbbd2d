import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { defaultSort, type Resource } from '@incident-desk/shared';

/**
 * The dashboards read the ordinary list endpoints with their filters (the server counts, the Content-Range total is
 * the figure) and the service report; nothing is recomputed here that the server already knows.
 */

/** The instant the dashboard was opened, as ISO, plus `offsetMs`: stable across renders, so list queries keep their keys. */
export const useAsOf = () => {
  const [asOf] = useState(() => Date.now());
  return (offsetMs = 0) => new Date(asOf + offsetMs).toISOString();
};

/**
 * Totals of a resource's list for several filters at once (one `range=[0,0]` request each; the server counts).
 * Answers `{key: total}` in the order of `filters`.
 */
export function useCounts<K extends string>(resource: Resource, filters: Record<K, Record<string, unknown>>, enabled = true) {
  const dataProvider = useDataProvider();
  return useQuery({
    queryKey: ['dashboard-counts', resource, filters],
    enabled,
    queryFn: async () => {
      const entries = Object.entries(filters) as [K, Record<string, unknown>][];
      const totals = await Promise.all(
        entries.map(([, filter]) =>
          dataProvider.getList(resource, { filter, pagination: { page: 1, perPage: 1 }, sort: defaultSort(resource) }),
        ),
      );
      return Object.fromEntries(entries.map(([key], n) => [key, totals[n].total ?? 0])) as Record<K, number>;
    },
  });
}
