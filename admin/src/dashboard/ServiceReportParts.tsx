import { Box, Grid, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslate } from 'react-admin';
import { REPORT_TERMS, type Locale, type ServiceTrendMonth } from '@incident-desk/shared';
import { periods, reportQuery, trendsQuery } from './reportQueries';
import { useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { Bars, Lines } from './charts';
import { ChartBox, DashCard, Empty } from './widgets';
import { useFirmFormat } from '../common/FirmDateField';

const usePeriods = () => periods(useFirmFormat().timeZone);

const useLast30Report = () => {
  const { last30 } = usePeriods();
  return { period: last30, ...useQuery(reportQuery(last30.from, last30.to)) };
};

const number = (v: number, locale: Locale, digits = 1) => v.toLocaleString(locale === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits: digits });
const pct = (rate: number | null, locale: Locale) => (rate === null ? '—' : `${number(rate * 100, locale)}%`);

const Kpi = ({ testId, label, value, raw, sub }: { testId: string; label: string; value: string; raw: number | null; sub?: string }) => {
  const translate = useTranslate();
  return (
    <Paper variant="outlined" sx={{ p: 1.5, height: '100%' }} data-testid={testId} data-value={raw === null ? '' : String(raw)}>
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h5" component="p" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-value`}>
        {value}
      </Typography>
      {sub && (
        <Typography variant="caption" color="text.secondary">
          {sub}
        </Typography>
      )}
    </Paper>
  );
};

/** The firm's KPIs for the last 30 days. */
export const ServiceKpis = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat();
  const { data: r, error, isPending, period } = useLast30Report();
  const hours = (h: number | null) => (h === null ? '—' : translate('incidentDesk.dashboard.hours_value', { value: number(h, locale) }));
  const decided = (t: { metOnTime: number; metLate: number; missed: number }) =>
    translate('incidentDesk.dashboard.kpi_decided', { met: t.metOnTime, decided: t.metOnTime + t.metLate + t.missed });
  return (
    <Box data-testid="dashboard-kpis">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('incidentDesk.dashboard.kpis_title', { from: format.date(period.from), to: format.date(period.to) })}
      </Typography>
      {error ? (
        <Empty text="incidentDesk.dashboard.report_error" />
      ) : isPending || !r ? null : (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5 }}>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi testId="kpi-opened" label="incidentDesk.dashboard.kpi_opened" value={number(r.incidents.opened, locale)} raw={r.incidents.opened} />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi testId="kpi-closed" label="incidentDesk.dashboard.kpi_closed" value={number(r.incidents.closed, locale)} raw={r.incidents.closed} />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi testId="kpi-open" label="incidentDesk.dashboard.kpi_open" value={number(r.incidents.openAtEnd, locale)} raw={r.incidents.openAtEnd} />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi
              testId="kpi-median-acknowledge"
              label="incidentDesk.dashboard.kpi_median_acknowledge"
              value={hours(r.responseTimes.acknowledge.medianHours)}
              raw={r.responseTimes.acknowledge.medianHours}
              sub={translate('incidentDesk.dashboard.kpi_p90', { value: hours(r.responseTimes.acknowledge.p90Hours) })}
            />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi
              testId="kpi-median-resolve"
              label="incidentDesk.dashboard.kpi_median_resolve"
              value={hours(r.responseTimes.resolve.medianHours)}
              raw={r.responseTimes.resolve.medianHours}
              sub={translate('incidentDesk.dashboard.kpi_p90', { value: hours(r.responseTimes.resolve.p90Hours) })}
            />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi
              testId="kpi-obligations-on-time"
              label="incidentDesk.dashboard.kpi_obligations_on_time"
              value={pct(r.obligations.total.onTimeRate, locale)}
              raw={r.obligations.total.onTimeRate}
              sub={decided(r.obligations.total)}
            />
          </Box>
          <Box sx={{ flex: '1 1 150px', minWidth: 150 }}>
            <Kpi
              testId="kpi-sla-compliance"
              label="incidentDesk.dashboard.kpi_sla_compliance"
              value={pct(r.sla.total.onTimeRate, locale)}
              raw={r.sla.total.onTimeRate}
              sub={decided(r.sla.total)}
            />
          </Box>
        </Box>
      )}
    </Box>
  );
};

/** Twelve months of trends: incidents opened and closed (bars), on-time rates and median response times (lines). */
export const ServiceTrends = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat();
  const { months } = usePeriods();
  const { data, error } = useQuery(trendsQuery(months[0].from, months[months.length - 1].to));
  const failed = !!error;
  const ready = !!data;
  const byMonth = new Map((data?.months ?? []).map((m) => [m.month, m]));
  const labels = months.map((m) => format.month(m.month, false));
  const series = <T,>(pick: (r: ServiceTrendMonth) => T) => months.map((m) => {
    const r = byMonth.get(m.month);
    return r ? pick(r) : null;
  });
  const toPct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const hoursFormatter = (v: number | null) => (v === null ? '—' : translate('incidentDesk.dashboard.hours_value', { value: number(v, locale) }));
  const pctFormatter = (v: number | null) => (v === null ? '—' : `${number(v, locale)}%`);
  return (
    <DashCard title="incidentDesk.dashboard.trends_title" testId="dashboard-trends">
      <Typography variant="body2" color="text.secondary" sx={{ mt: -1, mb: 1 }} data-testid="trends-period">
        {translate('incidentDesk.dashboard.trends_period', { from: format.month(months[0].month), to: format.month(months[months.length - 1].month) })}
      </Typography>
      {failed ? (
        <Empty text="incidentDesk.dashboard.report_error" />
      ) : !ready ? null : (
        <Grid container spacing={2}>
          <Grid size={12}>
            <ChartBox
              testId="chart-incidents-by-month"
              title="incidentDesk.dashboard.chart_incidents_by_month"
              values={{ opened: series((r) => r.incidents.opened), closed: series((r) => r.incidents.closed) }}
            >
              <Bars
                height={260}
                categories={labels}
                series={[
                  { id: 'opened', data: series((r) => r.incidents.opened), label: translate('incidentDesk.dashboard.series_opened') },
                  { id: 'closed', data: series((r) => r.incidents.closed), label: translate('incidentDesk.dashboard.series_closed') },
                ]}
              />
            </ChartBox>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartBox testId="chart-on-time-by-month" title="incidentDesk.dashboard.chart_on_time_by_month">
              <Lines
                height={260}
                categories={labels}
                max={100}
                series={[
                  {
                    id: 'obligations',
                    data: series((r) => toPct(r.obligations.onTimeRate)),
                    label: translate('incidentDesk.dashboard.series_obligations_on_time'),
                    format: pctFormatter,
                  },
                  {
                    id: 'sla',
                    data: series((r) => toPct(r.sla.onTimeRate)),
                    label: translate('incidentDesk.dashboard.series_sla'),
                    format: pctFormatter,
                  },
                ]}
              />
            </ChartBox>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <ChartBox testId="chart-response-times-by-month" title="incidentDesk.dashboard.chart_response_times_by_month">
              <Lines
                height={260}
                categories={labels}
                series={[
                  {
                    id: 'acknowledge',
                    data: series((r) => r.responseTimes.acknowledge.medianHours),
                    label: translate('incidentDesk.dashboard.series_median_acknowledge'),
                    format: hoursFormatter,
                  },
                  {
                    id: 'resolve',
                    data: series((r) => r.responseTimes.resolve.medianHours),
                    label: translate('incidentDesk.dashboard.series_median_resolve'),
                    format: hoursFormatter,
                  },
                ]}
              />
            </ChartBox>
          </Grid>
        </Grid>
      )}
    </DashCard>
  );
};

/** Consultant workload over the last 30 days (the report's workload rows): a chart and the figures. */
export const Workload = () => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const { data: r, error, isPending } = useLast30Report();
  const rows = r?.workload ?? [];
  const heading = (k: keyof typeof REPORT_TERMS) => REPORT_TERMS[k][locale];
  return (
    <DashCard title="incidentDesk.dashboard.workload_title" testId="dashboard-workload">
      {error ? (
        <Empty text="incidentDesk.dashboard.report_error" />
      ) : isPending ? null : !rows.length ? (
        <Empty text="incidentDesk.dashboard.no_workload" />
      ) : (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 5 }}>
            <ChartBox testId="chart-consultant-workload" title="incidentDesk.dashboard.chart_workload">
              <Bars
                height={Math.max(180, 40 + rows.length * 48)}
                horizontal
                userCategories
                categories={rows.map((w) => w.name)}
                series={[
                  { id: 'openLed', data: rows.map((w) => w.openLed), label: translate('incidentDesk.dashboard.series_open_led') },
                  { id: 'incidentsLed', data: rows.map((w) => w.incidentsLed), label: translate('incidentDesk.dashboard.series_incidents_led') },
                  { id: 'tasksDone', data: rows.map((w) => w.tasksDone), label: translate('incidentDesk.dashboard.series_tasks_done') },
                ]}
              />
            </ChartBox>
          </Grid>
          <Grid size={{ xs: 12, md: 7 }}>
            <Table size="small" data-testid="workload-table">
              <TableHead>
                <TableRow>
                  <TableCell>{heading('consultant')}</TableCell>
                  <TableCell align="right">{heading('assignedClients')}</TableCell>
                  <TableCell align="right">{heading('openLed')}</TableCell>
                  <TableCell align="right">{heading('incidentsLed')}</TableCell>
                  <TableCell align="right">{heading('tasksDone')}</TableCell>
                  <TableCell align="right">{heading('communicationsSent')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((w) => (
                  <TableRow key={w.userId} data-testid="workload-row" data-user-id={w.userId}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }} {...USER_TEXT}>{w.name}</TableCell>
                    <TableCell align="right">{w.assignedClients}</TableCell>
                    <TableCell align="right" data-testid="workload-open-led">{w.openLed}</TableCell>
                    <TableCell align="right">{w.incidentsLed}</TableCell>
                    <TableCell align="right">{w.tasksDone}</TableCell>
                    <TableCell align="right">{w.communicationsSent}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Grid>
        </Grid>
      )}
    </DashCard>
  );
};
