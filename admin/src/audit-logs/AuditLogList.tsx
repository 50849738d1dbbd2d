import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  FunctionField,
  List,
  ReferenceField,
  ReferenceInput,
  SelectField,
  SelectInput,
  useTranslate,
} from 'react-admin';
import { type AuditLogRecord, defaultSort } from '@incident-desk/shared';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT } from '../common/UserText';
import { AUDITED_ENTITIES, RecordLink, useEntityName } from './values';
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
  const entityName = useEntityName();
  const entities = AUDITED_ENTITIES.map((id) => ({ id, name: entityName(id) }));
  const zoned = (source: string) => `${translate(`resources.audit-logs.fields.${source}`)} (${timeZone})`;
  // DateTimeInput gives a wall-clock value: the dataProvider reads it in the firm's time zone
  const filters = [
    <SelectInput key="entity" source="entity" choices={entities} translateChoice={false} alwaysOn />,
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
      sort={defaultSort('audit-logs')}
      actions={
        <ListActions>
          <VerifyChainButton />
        </ListActions>
      }
    >
      <RecordRows
        bulkActionButtons={false}
        card={{
          primary: <FunctionField render={(r: AuditLogRecord) => `#${r.seq} · ${entityName(r.entity)}`} />,
          secondary: <SelectField source="action" choices={actions} translateChoice={false} />,
          tertiary: <FirmDateField source="createdAt" options={{ second: '2-digit' }} />,
        }}
      >
        <DataTable.Col source="seq" />
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" options={{ second: '2-digit' }} />
        </DataTable.Col>
        <DataTable.Col source="actorId" disableSort>
          <ReferenceField source="actorId" reference="users" link="show" emptyText="—" {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="actorRole" disableSort>
          <SelectField source="actorRole" choices={roles} translateChoice={false} emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="action">
          <SelectField source="action" choices={actions} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="entity">
          <FunctionField render={(r: AuditLogRecord) => entityName(r.entity)} />
        </DataTable.Col>
        <DataTable.Col source="entityId" disableSort>
          <FunctionField render={(r: AuditLogRecord) => (r.entityId ? <RecordLink resource={r.entity} id={r.entityId} /> : '—')} />
        </DataTable.Col>
        <DataTable.Col source="clientId" disableSort>
          <ReferenceField source="clientId" reference="clients" link="show" emptyText="—" {...USER_TEXT} />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
