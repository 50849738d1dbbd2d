import { addDays, monthRange, monthsInPeriod, todayIn, type ServiceReport, type ServiceReportTrends } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { queryClient } from '../queryClient';

/**
 * The manager's KPIs, trends and workload come from the service report (GET /api/reports/service), the same figures
 * as the report a manager hands over: the last 30 days for the KPIs and workload; the 12-month trends from
 * GET /api/reports/service/trends, each month's figures as that month's report counts them, in one request. Every client
 * of the firm (no clientIds). Numbers only: labels are the UI's.
 * A module without components: the sign-in asks for the reports ahead (firstScreen.ts).
 */
async function fetchReport(from: string, to: string): Promise<ServiceReport> {
  const q = new URLSearchParams({ from, to });
  const { json } = await httpClient(`${API_URL}/reports/service?${q}`);
  return json as ServiceReport;
}

export const reportQuery = (from: string, to: string) => ({
  queryKey: ['service-report', from, to],
  queryFn: () => fetchReport(from, to),
  staleTime: 5 * 60_000,
  retry: 1,
});

export const trendsQuery = (from: string, to: string) => ({
  queryKey: ['service-trends', from, to],
  queryFn: async (): Promise<ServiceReportTrends> => (await httpClient(`${API_URL}/reports/service/trends?${new URLSearchParams({ from, to })}`)).json,
  staleTime: 5 * 60_000,
  retry: 1,
});

/** Today in the firm's zone, the last 30 days (today included) and the last 12 calendar months (this one to today). */
export const periods = (timeZone: string) => {
  const today = todayIn(timeZone);
  const last30 = { from: addDays(today, -29), to: today };
  const [y, m] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - 11, 1)).toISOString().slice(0, 10);
  const months = monthsInPeriod(first, today).map((month) => {
    const r = monthRange(month);
    return { month, from: r.from, to: r.to > today ? today : r.to };
  });
  return { today, last30, months };
};

/** The manager dashboard's two service reports (the last 30 days, the 12 months' trends), asked for ahead. */
export const prefetchServiceReports = (timeZone: string) => {
  const { last30, months } = periods(timeZone);
  return Promise.all([
    queryClient.prefetchQuery(reportQuery(last30.from, last30.to)),
    queryClient.prefetchQuery(trendsQuery(months[0].from, months[months.length - 1].to)),
  ]);
};
