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
  useGetIdentity,
  useTranslate,
} from 'react-admin';
import type { ActionRecord } from '@incident-desk/shared';
import { FirmDateField, useFirmTimeZone } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { incidentText, useEvaluationText } from '../evaluations/fields';
import { ActionStatusField, overdueRowSx } from './fields';

/**
 * Improvement actions: the "overdue only" toggle (not done or cancelled, due in the past), client, incident, evaluation,
 * status, owner and due range. Overdue rows are highlighted.
 */
export const ActionList = () => {
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const { identity } = useGetIdentity();
  const isClient = identity?.role === 'client_admin';
  const isManager = identity?.role === 'manager';
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
    <List filters={filters} sort={{ field: 'dueAt', order: 'ASC' }} actions={<ListActions />}>
      <DataTable bulkActionButtons={false} rowClick="show" rowSx={overdueRowSx}>
        <DataTable.Col source="title" />
        <DataTable.Col source="status">
          <ActionStatusField />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <DataTable.Col source="ownerLabel" disableSort />
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} />
          </DataTable.Col>
        )}
        <DataTable.Col source="incidentId" disableSort>
          <ReferenceField source="incidentId" reference="incidents" link={false} emptyText="—">
            <FunctionField render={incidentText} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="evaluationId" disableSort>
          <ReferenceField source="evaluationId" reference="evaluations" link={false} emptyText="—">
            <FunctionField render={evaluationText} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="doneAt">
          <FunctionField render={(a: ActionRecord) => (a.doneAt ? <FirmDateField source="doneAt" /> : '—')} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
