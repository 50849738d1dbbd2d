import {
  AutocompleteInput, DataTable, DateInput, FunctionField, List, NullableBooleanInput, ReferenceField, ReferenceInput, SearchInput, SelectField,
  SelectInput, useGetIdentity, useTranslate } from 'react-admin';
import { defaultSort, TRAINING_DUE_FILTERS, type TrainingRecord } from '@incident-desk/shared';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { DueField, percent } from './fields';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

/**
 * Trainings and drills: filters by client, type, status, date range, drills only, and due (within 30 days / overdue).
 * Filter inputs keep their source as name (clientId, type, status, date_gte, date_lte, due, drill, q).
 */
export const TrainingList = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const isClient = identity?.role === 'client_admin';
  const types = useEnumChoices('trainingType');
  const statuses = useEnumChoices('trainingStatus');
  const dueChoices = TRAINING_DUE_FILTERS.map((id) => ({ id, name: translate(`incidentDesk.trainings.due.${id}`) }));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    ...(isClient
      ? []
      : [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
        ]),
    <SelectInput key="type" source="type" choices={types} translateChoice={false} alwaysOn />,
    <SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />,
    <SelectInput key="due" source="due" choices={dueChoices} translateChoice={false} alwaysOn />,
    <DateInput key="date_gte" source="date_gte" />,
    <DateInput key="date_lte" source="date_lte" />,
    <NullableBooleanInput key="drill" source="drill" />,
  ];
  return (
    <List filters={filters} sort={defaultSort('trainings')} actions={<ListActions />}>
      <RecordRows bulkActionButtons={false}>
        <DataTable.Col source="date" />
        <UserTextColumn source="title" />
        <DataTable.Col source="type">
          <SelectField source="type" choices={types} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="status">
          <SelectField source="status" choices={statuses} translateChoice={false} />
        </DataTable.Col>
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
        )}
        <DataTable.Col source="participantCount" />
        <DataTable.Col source="attendanceRate" disableSort>
          <FunctionField<TrainingRecord> render={(r) => percent(r.attendanceRate)} />
        </DataTable.Col>
        <DataTable.Col source="passRate" disableSort>
          <FunctionField<TrainingRecord> render={(r) => percent(r.passRate)} />
        </DataTable.Col>
        <DataTable.Col source="nextDueAt">
          <DueField />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
