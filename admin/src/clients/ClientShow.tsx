import {
  ArrayField,
  BooleanField,
  DataTable,
  EditButton,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { OffboardButton } from './OffboardButton';
import { SlaField } from './fields';

const ClientShowActions = () => (
  <TopToolbar>
    <EditButton />
    <OffboardButton />
  </TopToolbar>
);

export const ClientShow = () => {
  const operatorTypes = useEnumChoices('operatorType');
  const statuses = useEnumChoices('clientStatus');
  return (
    <Show actions={<ClientShowActions />}>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="creditCode" />
        <TextField source="industry" emptyText="—" />
        <SelectField source="operatorType" choices={operatorTypes} translateChoice={false} />
        <BooleanField source="processesEuPersonalData" />
        <SelectField source="status" choices={statuses} translateChoice={false} />
        <FirmDateField source="offboardedAt" emptyText="—" />
        <ArrayField source="contacts">
          <DataTable bulkActionButtons={false} rowClick={false} empty={<span>—</span>}>
            <DataTable.Col source="name" label="resources.clients.fields.contacts.name" />
            <DataTable.Col source="title" label="resources.clients.fields.contacts.title" />
            <DataTable.Col source="email" label="resources.clients.fields.contacts.email" />
            <DataTable.Col source="phone" label="resources.clients.fields.contacts.phone" />
          </DataTable>
        </ArrayField>
        <SlaField source="contractSla" label="resources.clients.fields.contractSla" />
        <FirmDateField source="createdAt" />
        <FirmDateField source="updatedAt" />
      </SimpleShowLayout>
    </Show>
  );
};
