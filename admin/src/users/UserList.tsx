import {
  AutocompleteInput,
  BooleanField,
  DataTable,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { LOCALE_CHOICES, useEnumChoices } from '../common/enums';
import { defaultSort } from '@incident-desk/shared';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

export const UserList = () => {
  const roles = useEnumChoices('role');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="role" source="role" choices={roles} translateChoice={false} alwaysOn />,
    <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
      <AutocompleteInput sx={{ minWidth: 240 }} />
    </ReferenceInput>,
    <NullableBooleanInput key="active" source="active" />,
  ];
  return (
    <List filters={filters} sort={defaultSort('users')} actions={<ListActions />}>
      <RecordRows bulkActionButtons={false}>
        <UserTextColumn source="name" />
        <DataTable.Col source="email" />
        <DataTable.Col source="role">
          <SelectField source="role" choices={roles} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="clientId" disableSort>
          <ReferenceField source="clientId" reference="clients" emptyText="—" {...USER_TEXT} />
        </DataTable.Col>
        <DataTable.Col source="locale" disableSort>
          <SelectField source="locale" choices={LOCALE_CHOICES} />
        </DataTable.Col>
        <DataTable.Col source="active">
          <BooleanField source="active" />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" showTime={false} />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
