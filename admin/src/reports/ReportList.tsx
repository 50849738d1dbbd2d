import { useState } from 'react';
import {
  Autocomplete, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, IconButton, MenuItem, Stack, TextField, Tooltip,
} from '@mui/material';
import AssessmentIcon from '@mui/icons-material/Assessment';
import DownloadIcon from '@mui/icons-material/Download';
import NoteAddIcon from '@mui/icons-material/NoteAdd';
import {
  AutocompleteInput, DataTable, DeleteButton, FilterButton, FunctionField, Link, List, ReferenceInput, SelectInput, TextInput, TopToolbar, useCanAccess,
  useCreate, useGetIdentity, useGetList, useGetMany, useNotify, useRefresh, useTranslate, TextField as RaTextField } from 'react-admin';
import { defaultSort, formatBytes, REPORT_LABELS, todayIn, type ClientRecord, type Locale, type ReportRecord, type ReportVersion } from '@incident-desk/shared';
import { FirmDateField, useFirmTimeZone } from '../common/FirmDateField';
import { useAppLocale } from '../common/enums';
import { errorMessage } from '../attachments/api';
import { downloadStoredReport } from './api';
import { SERVICE_REPORT_PATH } from './paths';
import { USER_TEXT } from '../common/UserText';


const previousMonth = (today: string) => {
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** POST /api/reports: the month, the clients (none: all in scope), the language and version. */
const GenerateReportButton = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const locale = useAppLocale();
  const timeZone = useFirmTimeZone();
  const [create, { isPending }] = useCreate<ReportRecord>();
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState(() => previousMonth(todayIn(timeZone)));
  const [clients, setClients] = useState<ClientRecord[]>([]);
  const [lang, setLang] = useState<Locale>(locale);
  const [version, setVersion] = useState<ReportVersion>('client');
  const [problem, setProblem] = useState<Record<string, string>>({});
  const { data: choices = [] } = useGetList<ClientRecord>('clients', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } }, { enabled: open });
  const submit = async () => {
    setProblem({});
    try {
      await create(
        'reports',
        { data: { period, lang, version, ...(clients.length ? { clientIds: clients.map((c) => c.id) } : {}) } },
        { returnPromise: true },
      );
      notify('incidentDesk.reports.generated', { type: 'info' });
      setOpen(false);
      refresh();
    } catch (e) {
      const body = (e as { body?: { serverErrors?: { field: string; message: string }[] } }).body;
      const errors = Object.fromEntries((body?.serverErrors ?? []).map((x) => [x.field, x.message]));
      setProblem(errors);
      notify(errorMessage(e, translate('incidentDesk.reports.generate_failed')), { type: 'error' });
    }
  };
  return (
    <>
      <Button size="small" startIcon={<NoteAddIcon />} onClick={() => setOpen(true)} data-testid="report-generate">
        {translate('incidentDesk.reports.generate')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="report-generate-title" fullWidth maxWidth="sm">
        <DialogTitle id="report-generate-title">{translate('incidentDesk.reports.generate_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate('incidentDesk.reports.generate_help')}</DialogContentText>
          <Stack spacing={2}>
            <TextField
              type="month" label={translate('incidentDesk.reports.month')} value={period} onChange={(e) => setPeriod(e.target.value)} size="small"
              error={!!problem.period} helperText={problem.period} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'report-generate-month' } }}
            />
            <Autocomplete
              multiple size="small" options={choices} value={clients} getOptionLabel={(c) => c.name} isOptionEqualToValue={(a, b) => a.id === b.id}
              onChange={(_, v) => setClients(v)}
              renderValue={(value, getItemProps) => value.map((c, index) => <Chip size="small" label={c.name} {...getItemProps({ index })} key={c.id} />)}
              renderInput={(p) => (
                <TextField {...p} label={translate('incidentDesk.reports.clients')} error={!!problem.clientIds}
                  helperText={problem.clientIds ?? translate('incidentDesk.reports.all_clients_help')} />
              )}
            />
            <TextField select size="small" label={translate('incidentDesk.reports.lang')} value={lang} onChange={(e) => setLang(e.target.value as Locale)}>
              <MenuItem value="zh-CN">{translate('incidentDesk.reports.lang_zh')}</MenuItem>
              <MenuItem value="en">{translate('incidentDesk.reports.lang_en')}</MenuItem>
            </TextField>
            <TextField select size="small" label={translate('incidentDesk.reports.version')} value={version} onChange={(e) => setVersion(e.target.value as ReportVersion)}>
              <MenuItem value="client">{translate('incidentDesk.reports.version_client')}</MenuItem>
              <MenuItem value="internal">{translate('incidentDesk.reports.version_internal')}</MenuItem>
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('incidentDesk.reports.cancel')}</Button>
          <Button variant="contained" onClick={submit} disabled={isPending || !period} data-testid="report-generate-submit">
            {translate('incidentDesk.reports.create')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

const ReportListActions = () => {
  const translate = useTranslate();
  const { canAccess: canCreate } = useCanAccess({ resource: 'reports', action: 'create' });
  return (
    <TopToolbar>
      <FilterButton />
      <Button component={Link} to={SERVICE_REPORT_PATH} size="small" startIcon={<AssessmentIcon />} data-testid="open-service-report">
        {translate('incidentDesk.reports.open_page')}
      </Button>
      {canCreate && <GenerateReportButton />}
    </TopToolbar>
  );
};

const DownloadButton = ({ record }: { record: ReportRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  return (
    <Tooltip title={translate('incidentDesk.reports.download')}>
      <IconButton
        size="small" aria-label={translate('incidentDesk.reports.download')} data-testid="stored-report-download"
        onClick={(e) => {
          e.stopPropagation();
          downloadStoredReport(record).catch((error) => notify(errorMessage(error, translate('incidentDesk.reports.download_failed')), { type: 'error' }));
        }}
      >
        <DownloadIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
};

/** The clients a report covers: their names, or "all clients of the firm" for a firm-wide one. */
const ClientNames = ({ ids }: { ids: string[] }) => {
  const translate = useTranslate();
  const { data } = useGetMany<ClientRecord>('clients', { ids }, { enabled: ids.length > 0 });
  if (!ids.length) return <>{translate('incidentDesk.reports.all_clients_firm')}</>;
  return (
    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {(data ?? []).map((c) => <Chip key={c.id} size="small" label={c.name} />)}
    </Stack>
  );
};

/** Stored monthly reports: month, clients, version, who generated them and when; download; managers delete. */
export const ReportList = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const isStaff = !!identity && identity.role !== 'client_admin';
  const { canAccess: canDelete } = useCanAccess({ resource: 'reports', action: 'delete' });
  const versions = (['internal', 'client'] as const).map((id) => ({ id, name: translate(`incidentDesk.reports.version_${id}`) }));
  const filters = [
    <TextInput key="period" source="period" alwaysOn placeholder="2026-03" />,
    ...(isStaff
      ? [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
          <SelectInput key="version" source="version" choices={versions} />,
        ]
      : []),
  ];
  return (
    <List filters={filters} sort={defaultSort('reports')} actions={<ReportListActions />} exporter={false} title={translate('incidentDesk.reports.stored')}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="period" />
        <DataTable.Col source="clientIds" disableSort>
          <FunctionField<ReportRecord> render={(r) => <ClientNames ids={r.clientIds} />} />
        </DataTable.Col>
        <DataTable.Col source="version">
          <FunctionField<ReportRecord> render={(r) => REPORT_LABELS[r.version === 'client' ? 'version_client' : 'version_internal'][r.lang]} />
        </DataTable.Col>
        <DataTable.Col source="lang">
          <FunctionField<ReportRecord> render={(r) => translate(r.lang === 'zh-CN' ? 'incidentDesk.reports.lang_zh' : 'incidentDesk.reports.lang_en')} />
        </DataTable.Col>
        <DataTable.Col source="generatedByName" disableSort>
          <RaTextField source="generatedByName" {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="generatedAt">
          <FirmDateField source="generatedAt" />
        </DataTable.Col>
        <DataTable.Col source="size">
          <FunctionField<ReportRecord> render={(r) => formatBytes(r.size)} />
        </DataTable.Col>
        <DataTable.Col disableSort>
          <FunctionField<ReportRecord>
            render={(r) => (
              <Stack direction="row" sx={{ alignItems: 'center' }}>
                <DownloadButton record={r} />
                {canDelete && <DeleteButton record={r} mutationMode="pessimistic" label="" />}
              </Stack>
            )}
          />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
