import { useState, type ReactNode } from 'react';
import {
  Alert, Autocomplete, Box, Button, Card, CardContent, Chip, CircularProgress, Grid, MenuItem, Paper, Stack, Table, TableBody, TableCell, TableHead,
  TableRow, TextField, Typography,
} from '@mui/material';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import TableViewIcon from '@mui/icons-material/TableView';
import { BarChart } from '@mui/x-charts/BarChart';
import { ChartsLocalizationProvider } from '@mui/x-charts/ChartsLocalizationProvider';
import { useQuery } from '@tanstack/react-query';
import { Title, useGetIdentity, useGetList, useNotify, useTranslate } from 'react-admin';
import {
  APPROXIMATE_MARK, formatCell, REPORT_LABELS, REPORT_TERMS, reportTables, todayIn, type ClientRecord, type Locale, type ReportTable,
  type ReportVersion, type ServiceReport,
} from '@incident-desk/shared';
import { useAppLocale } from '../common/enums';
import { USER_TEXT } from '../common/UserText';
import { useFirmTimeZone } from '../common/FirmDateField';
import { errorMessage } from '../attachments/api';
import { downloadServiceReport, fetchServiceReport, type ServiceReportParams } from './api';

/** The first day of the month before `today`, so that the page opens on last month and this one so far. */
const startOfPreviousMonth = (today: string) => {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
};

/** Columns that hold what users wrote (consultants' names). */
const USER_COLUMNS = new Set(['consultant']);

const ReportTableView = ({ table, locale }: { table: ReportTable; locale: Locale }) => (
  <Paper variant="outlined" sx={{ p: 1.5, height: '100%' }} data-testid={`report-table-${table.section}`}>
    <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 0.5 }}>
      {table.title}
    </Typography>
    <Table size="small">
      <TableHead>
        <TableRow>
          {table.columns.map((c, i) => (
            <TableCell key={c.key} align={i > 0 && c.type !== 'text' ? 'right' : 'left'} sx={{ color: 'text.secondary' }}>
              {c.label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {table.rows.map((row, k) => {
          const total = !!table.totalRow && k === table.rows.length - 1;
          return (
            <TableRow key={k} sx={total ? { '& td': { fontWeight: 600 } } : undefined} data-testid="report-row">
              {row.map((v, i) => (
                <TableCell
                  key={i}
                  align={i > 0 && table.columns[i].type !== 'text' ? 'right' : 'left'}
                  sx={{ fontVariantNumeric: 'tabular-nums' }}
                  {...(USER_COLUMNS.has(table.columns[i].key) ? USER_TEXT : {})}
                >
                  {formatCell(v, table.columns[i].type, locale)}
                </TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  </Paper>
);

const Kpi = ({ testId, label, value }: { testId: string; label: string; value: string }) => {
  const translate = useTranslate();
  return (
    <Paper variant="outlined" sx={{ p: 1.5, flex: '1 1 160px' }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h5" component="p" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-value`}>
        {value}
      </Typography>
    </Paper>
  );
};

const ChartCard = ({ testId, title, children }: { testId: string; title: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary">
        {translate(title)}
      </Typography>
      {children}
    </Paper>
  );
};

/** The report's figures: key numbers, charts and every section's table (labels from shared/src/reports/labels.ts). */
const ReportView = ({ report, locale }: { report: ServiceReport; locale: Locale }) => {
  const translate = useTranslate();
  const tables = reportTables(report, locale);
  const pct = (r: number | null) => formatCell(r === null ? null : Math.round(r * 10000) / 100, 'rate', locale);
  const byTable = (section: string) => tables.find((t) => t.section === section);
  const grade = byTable('byGrade')!;
  const category = byTable('byCategory')!;
  const categories = category.rows.filter((r) => Number(r[1]) > 0);
  const times = (['acknowledge', 'contain', 'resolve'] as const).map((k) => ({ label: REPORT_TERMS[k][locale], ...report.responseTimes[k] }));
  // percentiles read from the firm's roll-ups (a firm-wide report of a large firm) are approximate
  const approx = report.responseTimes.approximate ? APPROXIMATE_MARK : '';
  return (
    <Stack spacing={2} data-testid="report-figures">
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1.5 }}>
        <Kpi testId="report-kpi-opened" label="incidentDesk.reports.kpi_opened" value={formatCell(report.incidents.opened, 'int', locale)} />
        <Kpi testId="report-kpi-open" label="incidentDesk.reports.kpi_open" value={formatCell(report.incidents.openAtEnd, 'int', locale)} />
        <Kpi testId="report-kpi-obligations" label="incidentDesk.reports.kpi_obligations" value={pct(report.obligations.total.onTimeRate)} />
        <Kpi testId="report-kpi-sla" label="incidentDesk.reports.kpi_sla" value={pct(report.sla.total.onTimeRate)} />
      </Stack>
      <ChartsLocalizationProvider localeText={{ noData: translate('incidentDesk.reports.loading'), loading: translate('incidentDesk.reports.loading') }}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, md: 7 }}>
            <ChartCard testId="report-chart-by-month" title="incidentDesk.reports.chart_by_month">
              <BarChart
                height={260}
                xAxis={[{ scaleType: 'band', data: report.incidents.byMonth.map((m) => m.month) }]}
                yAxis={[{ tickMinStep: 1, width: 36 }]}
                series={[
                  { id: 'opened', data: report.incidents.byMonth.map((m) => m.opened), label: translate('incidentDesk.reports.series_opened') },
                  { id: 'closed', data: report.incidents.byMonth.map((m) => m.closed), label: translate('incidentDesk.reports.series_closed') },
                ]}
              />
            </ChartCard>
          </Grid>
          <Grid size={{ xs: 12, md: 5 }}>
            <ChartCard testId="report-chart-by-grade" title="incidentDesk.reports.chart_by_grade">
              <BarChart
                height={260}
                xAxis={[{ scaleType: 'band', data: grade.rows.map((r) => String(r[0])) }]}
                yAxis={[{ tickMinStep: 1, width: 36 }]}
                series={[{ id: 'grade', data: grade.rows.map((r) => Number(r[1])), label: translate('incidentDesk.reports.series_incidents') }]}
                hideLegend
              />
            </ChartCard>
          </Grid>
          {categories.length > 0 && (
            <Grid size={{ xs: 12, md: 7 }}>
              <ChartCard testId="report-chart-by-category" title="incidentDesk.reports.chart_by_category">
                <BarChart
                  height={Math.max(140, 36 * categories.length + 50)}
                  layout="horizontal"
                  yAxis={[{ scaleType: 'band', data: categories.map((r) => String(r[0])), width: 150 }]}
                  xAxis={[{ tickMinStep: 1 }]}
                  series={[{ id: 'category', data: categories.map((r) => Number(r[1])), label: translate('incidentDesk.reports.series_incidents') }]}
                  hideLegend
                />
              </ChartCard>
            </Grid>
          )}
          <Grid size={{ xs: 12, md: 5 }}>
            <ChartCard testId="report-chart-response" title="incidentDesk.reports.chart_response">
              <BarChart
                height={260}
                xAxis={[{ scaleType: 'band', data: times.map((x) => x.label) }]}
                yAxis={[{ width: 40 }]}
                series={[
                  { id: 'median', data: times.map((x) => x.medianHours), label: approx + translate('incidentDesk.reports.series_median') },
                  { id: 'p90', data: times.map((x) => x.p90Hours), label: approx + translate('incidentDesk.reports.series_p90') },
                ]}
              />
              {report.responseTimes.approximate && (
                <Typography variant="caption" color="text.secondary" data-testid="report-approximate">
                  {translate('incidentDesk.reports.approximate_note')}
                </Typography>
              )}
            </ChartCard>
          </Grid>
        </Grid>
      </ChartsLocalizationProvider>
      <Grid container spacing={2}>
        {tables.map((t) => (
          <Grid key={t.section} size={{ xs: 12, lg: t.columns.length > 4 ? 12 : 6 }}>
            <ReportTableView table={t} locale={locale} />
          </Grid>
        ))}
      </Grid>
    </Stack>
  );
};

/**
 * The service report on screen: period, clients, document language and (staff) version; the figures with charts and
 * tables; the same as PDF or CSV (fetched with the session's token and saved).
 */
export const ServiceReportPage = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const locale = useAppLocale();
  const timeZone = useFirmTimeZone();
  const { identity } = useGetIdentity();
  const isStaff = !!identity && identity.role !== 'client_admin';
  const today = todayIn(timeZone);
  const [from, setFrom] = useState(() => startOfPreviousMonth(today));
  const [to, setTo] = useState(today);
  const [clients, setClients] = useState<ClientRecord[]>([]);
  const [lang, setLang] = useState<Locale>(locale);
  const [version, setVersion] = useState<ReportVersion>('internal');
  const [busy, setBusy] = useState<'pdf' | 'csv' | null>(null);
  const { data: clientChoices = [] } = useGetList<ClientRecord>('clients', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } });

  const validPeriod = !!from && !!to && from <= to;
  const params: ServiceReportParams = { from, to, clientIds: clients.map((c) => c.id), lang, ...(isStaff ? { version } : {}) };
  const { data: report, error, isFetching } = useQuery({
    queryKey: ['service-report-page', params],
    queryFn: () => fetchServiceReport(params),
    enabled: validPeriod && !!identity,
    retry: false,
    staleTime: 60_000,
  });

  const download = async (ext: 'pdf' | 'csv') => {
    setBusy(ext);
    try {
      const { name } = await downloadServiceReport(params, ext);
      notify('incidentDesk.reports.downloaded', { type: 'info', messageArgs: { name } });
    } catch (e) {
      notify(errorMessage(e, translate('incidentDesk.reports.download_failed')), { type: 'error' });
    } finally {
      setBusy(null);
    }
  };

  const clientsText = clients.length ? clients.map((c) => c.name).join(locale === 'zh-CN' ? '、' : ', ') : translate('incidentDesk.reports.all_clients');
  return (
    <Box sx={{ mt: 1, mb: 4 }} data-testid="service-report-page">
      <Title title={translate('incidentDesk.reports.page_title')} />
      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
            <TextField
              type="date" label={translate('incidentDesk.reports.from')} value={from} onChange={(e) => setFrom(e.target.value)} size="small" fullWidth={false} sx={{ width: 180 }}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'report-from' } }}
            />
            <TextField
              type="date" label={translate('incidentDesk.reports.to')} value={to} onChange={(e) => setTo(e.target.value)} size="small" fullWidth={false} sx={{ width: 180 }}
              error={!validPeriod} helperText={!validPeriod ? translate('incidentDesk.reports.bad_period') : undefined}
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'report-to' } }}
            />
            <Autocomplete
              multiple size="small" fullWidth={false} sx={{ width: 380, maxWidth: '100%' }} options={clientChoices} value={clients}
              getOptionLabel={(c) => c.name} isOptionEqualToValue={(a, b) => a.id === b.id} onChange={(_, v) => setClients(v)}
              renderValue={(value, getItemProps) => value.map((c, index) => <Chip size="small" label={c.name} {...getItemProps({ index })} key={c.id} />)}
              renderInput={(p) => (
                <TextField {...p} label={translate('incidentDesk.reports.clients')} placeholder={clients.length ? undefined : translate('incidentDesk.reports.all_clients')}
                  helperText={translate('incidentDesk.reports.all_clients_help')} data-testid="report-clients" />
              )}
            />
            <TextField select size="small" label={translate('incidentDesk.reports.lang')} value={lang} onChange={(e) => setLang(e.target.value as Locale)} fullWidth={false} sx={{ width: 150 }}
              slotProps={{ htmlInput: { 'data-testid': 'report-lang' } }}>
              <MenuItem value="zh-CN">{translate('incidentDesk.reports.lang_zh')}</MenuItem>
              <MenuItem value="en">{translate('incidentDesk.reports.lang_en')}</MenuItem>
            </TextField>
            {isStaff && (
              <TextField select size="small" label={translate('incidentDesk.reports.version')} value={version} onChange={(e) => setVersion(e.target.value as ReportVersion)}
                fullWidth={false} sx={{ width: 210 }} slotProps={{ htmlInput: { 'data-testid': 'report-version' } }}>
                <MenuItem value="internal">{translate('incidentDesk.reports.version_internal')}</MenuItem>
                <MenuItem value="client">{translate('incidentDesk.reports.version_client')}</MenuItem>
              </TextField>
            )}
            <Stack direction="row" spacing={1} sx={{ ml: 'auto', mt: 1 }}>
              <Button variant="contained" startIcon={busy === 'pdf' ? <CircularProgress size={16} color="inherit" /> : <PictureAsPdfIcon />} disabled={!validPeriod || !!busy}
                onClick={() => download('pdf')} data-testid="report-pdf">
                {translate('incidentDesk.reports.download_pdf')}
              </Button>
              <Button variant="outlined" startIcon={busy === 'csv' ? <CircularProgress size={16} color="inherit" /> : <TableViewIcon />} disabled={!validPeriod || !!busy}
                onClick={() => download('csv')} data-testid="report-csv">
                {translate('incidentDesk.reports.download_csv')}
              </Button>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }} data-testid="report-heading">
        {REPORT_LABELS.title[locale]}
        <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
          {translate('incidentDesk.reports.period_line', { from, to, clients: clientsText })}
        </Typography>
      </Typography>
      {error ? (
        <Alert severity="error">{errorMessage(error, translate('incidentDesk.reports.failed'))}</Alert>
      ) : !report ? (
        validPeriod && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <CircularProgress size={18} />
            <Typography variant="body2">{translate('incidentDesk.reports.loading')}</Typography>
          </Stack>
        )
      ) : (
        <Box sx={{ opacity: isFetching ? 0.6 : 1 }}>
          <ReportView report={report} locale={locale} />
        </Box>
      )}
    </Box>
  );
};
