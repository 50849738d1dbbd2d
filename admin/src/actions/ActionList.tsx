import {
  AutocompleteInput,
  BooleanInput,
  DataTable,
  DateTimeInput,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  useDataProvider,
  useTranslate,
} from 'react-admin';
import { defaultSort, type ActionRecord } from '@incident-desk/shared';
import { FirmDateField, useFirmTimeZone } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { incidentText, useEvaluationText } from '../evaluations/fields';
import { ActionStatusField, overdueRowSx } from './fields';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useAccess, useRole } from '../common/access';
import { BulkChoiceButton } from '../common/BulkButtons';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

/**
 * The selected actions get a status (`data-testid="bulk-status"`): each through PUT /api/actions/{id}, as the edit form
 * (done stamps its done time); the others are listed with the reason.
 */
const ActionStatusBulkButton = () => {
  const dataProvider = useDataProvider();
  const statuses = useEnumChoices('actionStatus');
  return (
    <BulkChoiceButton<ActionRecord>
      resource="actions"
      label="incidentDesk.actions.bulk_status"
      icon={<DoneAllIcon />}
      testId="bulk-status"
      title="incidentDesk.actions.bulk_status_title"
      field="status"
      choices={statuses}
      describe={(a) => a.title ?? String(a.id)}
      act={(a, status) => dataProvider.update('actions', { id: a.id, data: { status }, previousData: {} as ActionRecord })}
    />
  );
};

/**
 * Improvement actions: the "overdue only" toggle (not done or cancelled, due in the past), client, incident, evaluation,
 * status, owner and due range. Overdue rows are highlighted.
 */
export const ActionList = () => {
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const role = useRole();
  const isClient = role === 'client_admin';
  const isManager = role === 'manager';
  const canEdit = useAccess('actions', 'edit');
  const statuses = useEnumChoices('actionStatus');
  const evaluationText = useEvaluationText();
  const zoned = (source: string) => `${translate(`resources.actions.fields.${source}`)} (${timeZone})`;
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <BooleanInput key="overdue" source="overdue" label="incidentDesk.actions.overdue_only" alwaysOn />,
    ...(isClient
      ? []
      : [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
        ]),
    <SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />,
    <ReferenceInput key="incidentId" source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }}>
      <AutocompleteInput optionText={incidentText} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    <ReferenceInput key="evaluationId" source="evaluationId" reference="evaluations" sort={{ field: 'date', order: 'DESC' }}>
      <AutocompleteInput optionText={evaluationText} sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    ...(isManager
      ? [
          <ReferenceInput key="ownerId" source="ownerId" reference="users" filter={{ role: ['manager', 'consultant'] }} sort={{ field: 'name', order: 'ASC' }}>
            <AutocompleteInput optionText="name" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 220 }} />
          </ReferenceInput>,
        ]
      : []),
    <DateTimeInput key="dueAt_gte" source="dueAt_gte" label={zoned('dueAt_gte')} />,
    <DateTimeInput key="dueAt_lte" source="dueAt_lte" label={zoned('dueAt_lte')} />,
  ];
  return (
    <List filters={filters} sort={defaultSort('actions')} actions={<ListActions />}>
      <RecordRows
        bulkActionButtons={canEdit ? <ActionStatusBulkButton /> : false}
        rowSx={overdueRowSx}
        card={{ primary: <TextField source="title" {...USER_TEXT} />, secondary: <ActionStatusField />, tertiary: <FirmDateField source="dueAt" /> }}
      >
        <UserTextColumn source="title" />
        <DataTable.Col source="status">
          <ActionStatusField />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <UserTextColumn source="ownerLabel" disableSort />
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
        )}
        <DataTable.Col source="incidentId" disableSort>
          <ReferenceField source="incidentId" reference="incidents" link={false} emptyText="—" {...USER_TEXT}>
            <FunctionField render={incidentText} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="evaluationId" disableSort>
          <ReferenceField source="evaluationId" reference="evaluations" link={false} emptyText="—" {...USER_TEXT}>
            <FunctionField render={evaluationText} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="doneAt">
          <FunctionField render={(a: ActionRecord) => (a.doneAt ? <FirmDateField source="doneAt" /> : '—')} />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
