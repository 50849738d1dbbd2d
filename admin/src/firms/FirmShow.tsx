import { DateField, NumberField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { DeleteFirmButton, ExportButton, SuspendButton } from './FirmActions';
import { FirmStatusField, StorageField } from './fields';

const Actions = () => (
  <TopToolbar>
    <SuspendButton />
    <ExportButton />
    <DeleteFirmButton />
  </TopToolbar>
);

/** A firm, its usage and what an operator does with it. */
export const FirmShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <TextField source="name" data-user-text />
      <TextField source="creditCode" />
      <TextField source="slug" />
      <FirmStatusField label="resources.firms.fields.status" />
      <DateField source="suspendedAt" showTime emptyText="—" />
      <TextField source="timeZone" />
      <TextField source="locale" />
      <NumberField source="usage.users" />
      <NumberField source="usage.clients" />
      <NumberField source="usage.incidents" />
      <StorageField label="resources.firms.fields.usage.storageBytes" />
      <DateField source="createdAt" showTime />
    </SimpleShowLayout>
  </Show>
);
