import { BooleanInput, DataTable, FunctionField, List, ReferenceField, SelectArrayInput, useGetIdentity } from 'react-admin';
import { defaultSort, ENUM_LABELS, type ObligationRecord, type TaskRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { useAppLocale, useEnumChoices } from '../common/enums';
import { incidentText } from '../evaluations/fields';

/** A task or a deadline opens its incident (they live on the incident's page). */
const openIncident = (_id: unknown, _resource: unknown, record: { incidentId?: string | null }) =>
  record.incidentId ? `/incidents/${record.incidentId}/show` : false;

const label = (kind: string, value: string, locale: 'zh-CN' | 'en') => (ENUM_LABELS as Record<string, Record<string, Record<string, string>>>)[kind]?.[value]?.[locale] ?? value;

/** The incident a row belongs to: its reference and title. */
const IncidentRef = () => (
  <ReferenceField source="incidentId" reference="incidents" link={false}>
    <FunctionField render={incidentText} />
  </ReferenceField>
);

/** Tasks across my incidents (the dashboard's "assigned to me" opens it filtered by assignee and open status). */
export const TaskList = () => {
  const locale = useAppLocale();
  const statuses = useEnumChoices('taskStatus');
  const { identity } = useGetIdentity();
  return (
    <List
      sort={{ field: 'dueAt', order: 'ASC' }}
      filterDefaultValues={identity ? { assigneeId: identity.id } : undefined}
      filters={[<SelectArrayInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />]}
    >
      <DataTable bulkActionButtons={false} rowClick={openIncident as never}>
        <DataTable.Col source="title" disableSort>
          <FunctionField<TaskRecord> render={(t) => (locale === 'en' && t.titleEn ? t.titleEn : t.title)} />
        </DataTable.Col>
        <DataTable.Col source="incidentId" disableSort>
          <IncidentRef />
        </DataTable.Col>
        <DataTable.Col source="phase" disableSort>
          <FunctionField<TaskRecord> render={(t) => label('workPhase', t.phase, locale)} />
        </DataTable.Col>
        <DataTable.Col source="status" disableSort>
          <FunctionField<TaskRecord> render={(t) => label('taskStatus', t.status, locale)} />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <FirmDateField source="dueAt" emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

/** Deadlines (obligations): the dashboard's "my incidents' deadlines" opens it with mine and open. */
export const ObligationList = () => {
  const locale = useAppLocale();
  const statuses = useEnumChoices('obligationStatus');
  return (
    <List
      sort={defaultSort('obligations')}
      filters={[
        <BooleanInput key="mine" source="mine" alwaysOn />,
        <SelectArrayInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />,
      ]}
    >
      <DataTable bulkActionButtons={false} rowClick={openIncident as never}>
        <DataTable.Col source="rule" disableSort>
          <FunctionField<ObligationRecord> render={(o) => label('obligationRule', o.rule, locale)} />
        </DataTable.Col>
        <DataTable.Col source="incidentId" disableSort>
          <IncidentRef />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <DataTable.Col source="status" disableSort>
          <FunctionField<ObligationRecord> render={(o) => label('obligationStatus', o.status, locale)} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
