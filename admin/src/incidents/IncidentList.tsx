import AddAlertIcon from '@mui/icons-material/AddAlert';
import { Box, Button as MuiButton } from '@mui/material';
import {
  AutocompleteInput,
  Link,
  useCreatePath,
  BooleanInput,
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { defaultSort } from '@incident-desk/shared';
import { getStoredUser } from '../session';
import { useAccess, useRole } from '../common/access';
import { ListActions } from '../common/ListActions';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';
import { useEnumChoices } from '../common/enums';
import { GradeField, IncidentStatusField, LeadField, NearestDeadlineField } from './fields';
import { IncidentBulkActions } from './IncidentBulkActions';
import type { IncidentRecord } from './types';

/** Managers choose any staff member as lead; consultants (who cannot list users) filter on their own incidents. */
const LeadFilter = ({ source, alwaysOn: _a }: { source: string; alwaysOn?: boolean }) => {
  const canListUsers = useAccess('users', 'list');
  const identity = getStoredUser();
  if (canListUsers) {
    return (
      <ReferenceInput source={source} reference="users" filter={{ role: ['manager', 'consultant'] }} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
      </ReferenceInput>
    );
  }
  const choices = identity ? [{ id: identity.id, name: identity.name }] : [];
  return <SelectInput source={source} choices={choices} translateChoice={false} sx={{ minWidth: 200 }} />;
};

/** Client admins report an incident (the `report` right: react-admin's CreateButton only knows `create`). */
const ReportButton = () => {
  const translate = useTranslate();
  const canAccess = useAccess('incidents', 'report');
  const createPath = useCreatePath();
  if (!canAccess) return null;
  return (
    // the client admin's main action: its words stay on screen on a phone (react-admin's Button keeps only the icon there)
    <MuiButton
      component={Link}
      to={createPath({ resource: 'incidents', type: 'create' })}
      data-testid="incident-report"
      variant="contained"
      size="small"
      startIcon={<AddAlertIcon />}
      sx={{ textTransform: 'none', whiteSpace: 'nowrap' }}
    >
      {translate('incidentDesk.incidents.report')}
    </MuiButton>
  );
};

/**
 * The incidents: filters by client, status, grade, category, lead and overdue obligations (the server's `overdue`),
 * and a search on reference and title. (Switching "overdue only" off drops the filter rather than asking for incidents
 * without overdue obligations.) Client admins get the same list, scoped by the server, without the firm's
 * columns and filters.
 */
/** An incident as a card on a phone: reference and title, then client, status and grade, then the next deadline. */
const CardTitle = () => {
  const r = useRecordContext<IncidentRecord>();
  return r ? (
    <Box component="span" sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis' }}>
      <Box component="span" sx={{ fontWeight: 600, mr: 1 }}>{r.reference}</Box>
      <span {...USER_TEXT}>{r.title}</span>
    </Box>
  ) : null;
};

const CardFacts = ({ staff }: { staff: boolean }) => (
  <Box component="span" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center', mt: 0.5 }}>
    {staff && <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT}><TextField source="name" variant="caption" {...USER_TEXT} /></ReferenceField>}
    <IncidentStatusField />
    <GradeField />
  </Box>
);

export const IncidentList = () => {
  const isClient = useRole() === 'client_admin';
  const statuses = useEnumChoices('incidentStatus');
  const grades = useEnumChoices('grade');
  const categories = useEnumChoices('incidentCategory');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    ...(isClient
      ? []
      : [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
        ]),
    <SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />,
    <SelectInput key="grade" source="grade" choices={grades} translateChoice={false} />,
    <SelectInput key="category" source="category" choices={categories} translateChoice={false} />,
    ...(isClient ? [] : [<LeadFilter key="leadId" source="leadId" />]),
    <BooleanInput key="overdue" source="overdue" label="incidentDesk.incidents.overdue_only" parse={(v: boolean) => (v ? true : null)} alwaysOn />,
  ];
  return (
    <List filters={filters} sort={defaultSort('incidents')} actions={
        <ListActions>
          <ReportButton />
        </ListActions>
      }>
      <RecordRows
        bulkActionButtons={isClient ? false : <IncidentBulkActions />}
        card={{ primary: <CardTitle />, secondary: <CardFacts staff={!isClient} />, tertiary: <NearestDeadlineField /> }}
      >
        <DataTable.Col source="reference" sx={{ whiteSpace: 'nowrap' }} />
        <UserTextColumn source="title" />
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
        )}
        <DataTable.Col source="status">
          <IncidentStatusField />
        </DataTable.Col>
        <DataTable.Col source="grade">
          <GradeField />
        </DataTable.Col>
        <DataTable.Col source="category">
          <SelectField source="category" choices={categories} translateChoice={false} emptyText="—" />
        </DataTable.Col>
        {!isClient && (
          <DataTable.Col source="leadId" disableSort>
            <LeadField />
          </DataTable.Col>
        )}
        <DataTable.Col source="nearestDueAt" disableSort>
          <NearestDeadlineField />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
