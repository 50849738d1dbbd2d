import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  TextInput,
  useTranslate,
} from 'react-admin';
import { FirmDateField, useFirmTimeZone } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { VerifyChainButton } from './VerifyChainButton';

export const AuditLogList = () => {
  const roles = useEnumChoices('role');
  const actions = useEnumChoices('auditAction');
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  // the labels say which time zone the wall-clock values are read in
  const zoned = (source: string) => `${translate(`resources.audit-logs.fields.${source}`)} (${timeZone})`;
  // DateTimeInput gives a wall-clock value: the dataProvider reads it in the firm's time zone
  const filters = [
    <TextInput key="entity" source="entity" alwaysOn />,
    <SelectInput key="action" source="action" choices={actions} translateChoice={false} alwaysOn />,
    <ReferenceInput key="actorId" source="actorId" reference="users" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput sx={{ minWidth: 260 }} />
    </ReferenceInput>,
    <DateTimeInput key="createdAt_gte" source="createdAt_gte" label={zoned('createdAt_gte')} alwaysOn />,
    <DateTimeInput key="createdAt_lte" source="createdAt_lte" label={zoned('createdAt_lte')} alwaysOn />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'seq', order: 'DESC' }}
      actions={
        <ListActions>
          <VerifyChainButton />
        </ListActions>
      }
    >
      <DataTable bulkActionButtons={false}>
        <DataTable.Col source="seq" />
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" options={{ second: '2-digit' }} />
        </DataTable.Col>
        <DataTable.Col source="actorId" disableSort>
          <ReferenceField source="actorId" reference="users" link={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="actorRole" disableSort>
          <SelectField source="actorRole" choices={roles} translateChoice={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="action">
          <SelectField source="action" choices={actions} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="entity" />
        <DataTable.Col source="entityId" disableSort />
        <DataTable.Col source="clientId" disableSort>
          <ReferenceField source="clientId" reference="clients" link={false} emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
