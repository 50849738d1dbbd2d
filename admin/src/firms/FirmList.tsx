import { CreateButton, Datagrid, DateField, List, NumberField, SearchInput, TextField, TopToolbar } from 'react-admin';
import { defaultSort } from '@incident-desk/shared';
import { FirmStatusField, StorageField } from './fields';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

/** Every customer firm with what it holds (counts only: the operator never sees a firm's records). */
export const FirmList = () => (
  <List filters={filters} sort={defaultSort('firms')} actions={<TopToolbar><CreateButton /></TopToolbar>}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="name" data-user-text />
      <TextField source="creditCode" />
      <FirmStatusField label="resources.firms.fields.status" />
      <NumberField source="usage.users" sortable={false} />
      <NumberField source="usage.clients" sortable={false} />
      <NumberField source="usage.incidents" sortable={false} />
      <StorageField label="resources.firms.fields.usage.storageBytes" />
      <DateField source="createdAt" showTime />
    </Datagrid>
  </List>
);
