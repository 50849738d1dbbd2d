import { DataTable, FunctionField, List, NumberField, SelectField } from 'react-admin';
import { defaultSort, type EvaluationTemplateRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { RecordRows } from '../common/RecordRows';

/** One template per evaluation type (made for the firm from the built-in criteria). */
export const EvaluationTemplateList = () => {
  const types = useEnumChoices('evaluationType');
  return (
    <List sort={defaultSort('evaluation-templates')} pagination={false} exporter={false}>
      <RecordRows bulkActionButtons={false}>
        <DataTable.Col source="type">
          <SelectField source="type" choices={types} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="criteriaCount" disableSort>
          <FunctionField render={(t: EvaluationTemplateRecord) => t.criteria.length} />
        </DataTable.Col>
        <DataTable.Col source="scaleMax" disableSort>
          <NumberField source="scaleMax" />
        </DataTable.Col>
        <DataTable.Col source="updatedAt">
          <FirmDateField source="updatedAt" />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
