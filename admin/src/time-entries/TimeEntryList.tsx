import { useState } from 'react';
import { Box, Button, Paper, TextField as MuiTextField, Typography } from '@mui/material';
import {
  AutocompleteInput, BooleanField, DataTable, DateInput, FunctionField, List, NullableBooleanInput, ReferenceField, ReferenceInput, SearchInput,
  SelectField, SelectInput, useListContext, useNotify, useTranslate,
} from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { defaultSort, todayIn, type TimeEntryRecord } from '@incident-desk/shared';
import { ListActions } from '../common/ListActions';
import { useAccess, useRole, useStaffChoices } from '../common/access';
import { useEnumChoices } from '../common/enums';
import { useFirmTimeZone } from '../common/FirmDateField';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT } from '../common/UserText';
import { downloadTimeEntries, getMonth, setMonth } from './api';

/** The server's CSV of what the list's filters select (formula-safe, in the user's language). */
const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const translate = useTranslate();
  return (
    <Button size="small" data-testid="time-entries-export"
      onClick={() => downloadTimeEntries(filterValues).catch((e: Error) => notify(e.message, { type: 'error' }))}>
      {translate('incidentDesk.timeEntries.export')}
    </Button>
  );
};

/**
 * A month's state for time entries (open while it runs, closed once it has ended); managers reopen a closed month and
 * close it again (both audited).
 */
const MonthPanel = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const timeZone = useFirmTimeZone();
  const manager = useRole() === 'manager';
  const states = useEnumChoices('timeMonthState');
  const queryClient = useQueryClient();
  const [month, setMonthValue] = useState(() => todayIn(timeZone).slice(0, 7));
  const { data } = useQuery({ queryKey: ['time-entry-month', month], queryFn: () => getMonth(month), enabled: /^\d{4}-\d{2}$/.test(month) });
  const change = async (to: 'reopen' | 'close') => {
    try {
      await setMonth(month, to);
      await queryClient.invalidateQueries({ queryKey: ['time-entry-month', month] });
      await queryClient.invalidateQueries({ queryKey: ['time-entries'] });
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 1.5, mb: 1, display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }} data-testid="time-month-panel">
      <Typography variant="subtitle2">{translate('incidentDesk.timeEntries.month')}</Typography>
      <MuiTextField type="month" size="small" value={month} onChange={(e) => setMonthValue(e.target.value)} inputProps={{ 'data-testid': 'time-month-input' }} />
      <Typography variant="body2" data-testid="time-month-state">{states.find((s) => s.id === data?.state)?.name ?? ''}</Typography>
      {manager && data?.state === 'closed' && <Button size="small" onClick={() => change('reopen')} data-testid="time-month-reopen">{translate('incidentDesk.timeEntries.reopen')}</Button>}
      {manager && data?.state === 'reopened' && <Button size="small" onClick={() => change('close')} data-testid="time-month-close">{translate('incidentDesk.timeEntries.close')}</Button>}
      <Typography variant="caption" color="text.secondary">{translate('incidentDesk.timeEntries.month_help')}</Typography>
    </Paper>
  );
};

/** Time spent per client: filters by client, incident, member of staff, dates, activity and billable; the month's lock. */
export const TimeEntryList = () => {
  const activities = useEnumChoices('timeActivity');
  const staff = useStaffChoices();
  const canExport = useAccess('time-entries', 'export');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
      <AutocompleteInput sx={{ minWidth: 240 }} />
    </ReferenceInput>,
    <ReferenceInput key="incidentId" source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }}>
      <AutocompleteInput sx={{ minWidth: 240 }} />
    </ReferenceInput>,
    <SelectInput key="userId" source="userId" choices={staff} translateChoice={false} />,
    <SelectInput key="activity" source="activity" choices={activities} translateChoice={false} alwaysOn />,
    <DateInput key="date_gte" source="date_gte" alwaysOn />,
    <DateInput key="date_lte" source="date_lte" alwaysOn />,
    <NullableBooleanInput key="billable" source="billable" />,
  ];
  return (
    <Box>
      <MonthPanel />
      <List filters={filters} sort={defaultSort('time-entries')} actions={<ListActions>{canExport && <ExportCsvButton />}</ListActions>} exporter={false}>
        <RecordRows bulkActionButtons={false}>
          <DataTable.Col source="date" />
          <DataTable.Col source="userName" disableSort />
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
          <DataTable.Col source="incidentReference" disableSort />
          <DataTable.Col source="activity">
            <SelectField source="activity" choices={activities} translateChoice={false} />
          </DataTable.Col>
          <DataTable.Col source="minutes" />
          <DataTable.Col source="billable">
            <BooleanField source="billable" />
          </DataTable.Col>
          <DataTable.Col source="locked" disableSort>
            <FunctionField<TimeEntryRecord> render={(r) => (r.locked ? '🔒' : '')} />
          </DataTable.Col>
          <DataTable.Col source="note" disableSort />
        </RecordRows>
      </List>
    </Box>
  );
};
