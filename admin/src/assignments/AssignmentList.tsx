import { AutocompleteInput, DataTable, DeleteButton, List, ReferenceField, ReferenceInput } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { defaultSort } from '@incident-desk/shared';
import { USER_TEXT } from '../common/UserText';

const CONSULTANTS = { role: 'consultant' };

export const AssignmentList = () => {
  const filters = [
    <ReferenceInput key="consultantId" source="consultantId" reference="users" filter={CONSULTANTS} alwaysOn>
      <AutocompleteInput sx={{ minWidth: 260 }} />
    </ReferenceInput>,
    <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
      <AutocompleteInput sx={{ minWidth: 260 }} />
    </ReferenceInput>,
  ];
  return (
    <List filters={filters} sort={defaultSort('assignments')} actions={<ListActions />}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="consultantId">
          <ReferenceField source="consultantId" reference="users" link={false} {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="clientId">
          <ReferenceField source="clientId" reference="clients" link="show" {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col label={false}>
          {/* hidden without canAccess(assignments, delete); asks for a confirmation, then deletes */}
          <DeleteButton mutationMode="pessimistic" className="delete-assignment" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
