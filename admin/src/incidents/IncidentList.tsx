import AddAlertIcon from '@mui/icons-material/AddAlert';
import {
  AutocompleteInput,
  Button,
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
  useCanAccess,
  useGetIdentity,
} from 'react-admin';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { GradeField, IncidentStatusField, LeadField, NearestDeadlineField } from './fields';

/** Managers choose any staff member as lead; consultants (who cannot list users) filter on their own incidents. */
const LeadFilter = ({ source, alwaysOn: _a }: { source: string; alwaysOn?: boolean }) => {
  const { canAccess: canListUsers } = useCanAccess({ resource: 'users', action: 'list' });
  const { identity } = useGetIdentity();
  if (canListUsers) {
    return (
      <ReferenceInput source={source} reference="users" filter={{ role: ['manager', 'consultant'] }} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
      </ReferenceInput>
    );
  }
  const choices = identity ? [{ id: String(identity.id), name: String(identity.fullName ?? '') }] : [];
  return <SelectInput source={source} choices={choices} translateChoice={false} sx={{ minWidth: 200 }} />;
};

/** Client admins report an incident (the `report` right: react-admin's CreateButton only knows `create`). */
const ReportButton = () => {
  const { canAccess } = useCanAccess({ resource: 'incidents', action: 'report' });
  const createPath = useCreatePath();
  if (!canAccess) return null;
  return (
    <Button component={Link} to={createPath({ resource: 'incidents', type: 'create' })} label="incidentDesk.incidents.report" data-testid="incident-report">
      <AddAlertIcon />
    </Button>
  );
};

/**
 * The incidents: filters by client, status, grade, category, lead and overdue obligations (the server's `overdue`),
 * and a search on reference and title. (Switching "overdue only" off drops the filter rather than asking for incidents
 * without overdue obligations.) Client admins get the same list, scoped by the server, without the firm's
 * columns and filters.
 */
export const IncidentList = () => {
  const { identity } = useGetIdentity();
  const isClient = identity?.role === 'client_admin';
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
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} actions={
        <ListActions>
          <ReportButton />
        </ListActions>
      }>
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="reference" />
        <DataTable.Col source="title" />
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} />
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
      </DataTable>
    </List>
  );
};
