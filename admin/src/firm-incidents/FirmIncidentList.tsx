import { DataTable, List, SearchInput, SelectInput, useRecordContext, useTranslate } from 'react-admin';
import { defaultSort, type FirmIncidentRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { IncidentStatusField } from '../incidents/fields';

/** How many clients: the ones the viewer sees, and a count of the others. */
const AffectedField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<FirmIncidentRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const shown = record.children.filter((c) => !c.removed).length;
  return (
    <span data-testid="firm-incident-affected">
      {shown}
      {record.hiddenChildren > 0 ? ` (+${translate('incidentDesk.firmIncidents.hidden', { smart_count: record.hiddenChildren })})` : ''}
    </span>
  );
};

/** Breaches at the firm itself (managers, and consultants for the ones with a child of their clients). */
export const FirmIncidentList = () => {
  const statuses = useEnumChoices('incidentStatus');
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />]}
      sort={defaultSort('firm-incidents')}
      actions={<ListActions />}
    >
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="reference" />
        <DataTable.Col source="title" />
        <DataTable.Col source="status">
          <IncidentStatusField />
        </DataTable.Col>
        <DataTable.Col source="children" disableSort>
          <AffectedField />
        </DataTable.Col>
        <DataTable.Col source="detectedAt">
          <FirmDateField source="detectedAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
