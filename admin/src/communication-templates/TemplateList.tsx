import { BooleanField, DataTable, FunctionField, List, NullableBooleanInput, SearchInput, SelectField, SelectInput } from 'react-admin';
import { defaultSort, type CommunicationTemplateRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { localText, useAppLocale, useEnumChoices } from '../common/enums';
import { RecordRows } from '../common/RecordRows';

export const TemplateList = () => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const locale = useAppLocale();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="audience" source="audience" choices={audiences} translateChoice={false} alwaysOn />,
    <SelectInput key="channel" source="channel" choices={channels} translateChoice={false} />,
    <NullableBooleanInput key="builtIn" source="builtIn" />,
  ];
  return (
    <List filters={filters} sort={defaultSort('communication-templates')} actions={<ListActions />}>
      <RecordRows bulkActionButtons={false}>
        <DataTable.Col source="name" disableSort>
          <FunctionField render={(t: CommunicationTemplateRecord) => localText(t.name, locale)} />
        </DataTable.Col>
        <DataTable.Col source="audience">
          <SelectField source="audience" choices={audiences} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="channel">
          <SelectField source="channel" choices={channels} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="builtIn">
          <BooleanField source="builtIn" />
        </DataTable.Col>
        <DataTable.Col source="updatedAt">
          <FirmDateField source="updatedAt" showTime={false} />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
