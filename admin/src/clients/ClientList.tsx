import { DataTable, List, SearchInput, SelectField, SelectInput, TextInput } from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { defaultSort } from '@incident-desk/shared';
import { RecordRows } from '../common/RecordRows';
import { UserTextColumn } from '../common/UserText';

export const ClientList = () => {
  const operatorTypes = useEnumChoices('operatorType');
  const statuses = useEnumChoices('clientStatus');
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="operatorType" source="operatorType" choices={operatorTypes} translateChoice={false} alwaysOn />,
    <SelectInput key="status" source="status" choices={statuses} translateChoice={false} alwaysOn />,
    <TextInput key="industry" source="industry" />,
  ];
  return (
    <List filters={filters} sort={defaultSort('clients')} actions={<ListActions />}>
      <RecordRows bulkActionButtons={false}>
        <UserTextColumn source="name" />
        <DataTable.Col source="creditCode" />
        <UserTextColumn source="industry" />
        <DataTable.Col source="operatorType">
          <SelectField source="operatorType" choices={operatorTypes} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="status">
          <SelectField source="status" choices={statuses} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" showTime={false} />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
