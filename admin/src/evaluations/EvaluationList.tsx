import {
  AutocompleteInput,
  BooleanField,
  DataTable,
  DateInput,
  FunctionField,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  useGetIdentity,
} from 'react-admin';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { EvaluationStatusField, incidentText, OverallScoreField, RiskLevelField } from './fields';
import { defaultSort } from '@incident-desk/shared';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

/** Evaluations: filters by client, incident, type, status, risk level, date range and latest version. */
export const EvaluationList = () => {
  const { identity } = useGetIdentity();
  const isClient = identity?.role === 'client_admin';
  const types = useEnumChoices('evaluationType');
  const statuses = useEnumChoices('evaluationStatus');
  const risks = useEnumChoices('riskLevel');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    ...(isClient
      ? []
      : [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
        ]),
    <ReferenceInput key="incidentId" source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }}>
      <AutocompleteInput optionText={incidentText} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    <SelectInput key="type" source="type" choices={types} translateChoice={false} alwaysOn />,
    ...(isClient ? [] : [<SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />]),
    <SelectInput key="riskLevel" source="riskLevel" choices={risks} translateChoice={false} />,
    <DateInput key="date_gte" source="date_gte" />,
    <DateInput key="date_lte" source="date_lte" />,
    <NullableBooleanInput key="latest" source="latest" />,
    ...(isClient ? [] : [<NullableBooleanInput key="sharedWithClient" source="sharedWithClient" />]),
  ];
  return (
    <List filters={filters} sort={defaultSort('evaluations')} actions={<ListActions />}>
      <RecordRows bulkActionButtons={false}>
        <DataTable.Col source="date" />
        <DataTable.Col source="type">
          <SelectField source="type" choices={types} translateChoice={false} />
        </DataTable.Col>
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
        <DataTable.Col source="overallScore">
          <OverallScoreField />
        </DataTable.Col>
        <DataTable.Col source="riskLevel">
          <RiskLevelField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <EvaluationStatusField />
        </DataTable.Col>
        <DataTable.Col source="version" />
        <UserTextColumn source="evaluatorName" disableSort />
        {!isClient && (
          <DataTable.Col source="sharedWithClient" disableSort>
            <BooleanField source="sharedWithClient" />
          </DataTable.Col>
        )}
      </RecordRows>
    </List>
  );
};
