import type { SessionUser } from '@incident-desk/shared';
import { dataProvider } from '../dataProvider';
import { queryClient } from '../queryClient';
import { myWorkFilters } from '../work/filters';
import { asOfFrom, countsQuery, deadlinesParams, listQuery, nextDayFilter, OVERDUE_CLIENTS, startFirstScreen } from './api';
import { prefetchServiceReports } from './reportQueries';

/**
 * What a role's dashboard shows first, asked for with the sign-in's answer, before the app's first render, under the
 * keys its cards use (api.ts): the server works on it while the browser draws the shell and the dashboard, whose first
 * render then finds the answers (or their requests under way) instead of asking only once it has been drawn.
 *
 * - a consultant's and a manager's: "my work"'s counts and the clocks of the next 24 hours;
 * - a manager's, also: the service reports (KPIs, trends, workload; the slowest answers) and the clients with overdue
 *   obligations.
 *
 * A module without components, loaded with the app's code while the password is typed (main.tsx, roles.ts). Answers
 * once every answer is in (failed ones included: their cards ask again); main.tsx waits for that, up to a limit.
 */
export const prefetchFirstScreen = (user: Pick<SessionUser, 'id' | 'role'> | null | undefined, timeZone: string): Promise<unknown> => {
  if (!user) return Promise.resolve();
  const asOf = asOfFrom(startFirstScreen());
  const asked: Promise<unknown>[] = [];
  const ask = (query: Parameters<typeof queryClient.prefetchQuery>[0]) => asked.push(queryClient.prefetchQuery(query));
  if (user.role === 'manager') asked.push(prefetchServiceReports(timeZone));
  if (user.role === 'manager' || user.role === 'consultant') {
    for (const line of Object.values(myWorkFilters(user.id, user.role))) ask(countsQuery(dataProvider.getList, line.resource, { n: line.filter }));
    ask(listQuery(dataProvider.getList, 'obligations', deadlinesParams(nextDayFilter(asOf))));
  }
  if (user.role === 'manager') ask(listQuery(dataProvider.getList, 'clients', OVERDUE_CLIENTS));
  return Promise.all(asked);
};
