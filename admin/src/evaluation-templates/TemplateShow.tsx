import { Alert, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { EditButton, NumberField, SelectField, Show, SimpleShowLayout, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { EvaluationTemplateRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';

const Actions = () => {
  const { canAccess } = useCanAccess({ resource: 'evaluation-templates', action: 'edit' });
  return <TopToolbar>{canAccess && <EditButton />}</TopToolbar>;
};

const Criteria = (_props: { label?: string }) => {
  const record = useRecordContext<EvaluationTemplateRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Table size="small" sx={{ maxWidth: 1100 }} data-testid="template-criteria-table">
      <TableHead>
        <TableRow>
          <TableCell>{translate('incidentDesk.evaluationTemplates.name_zh')}</TableCell>
          <TableCell>{translate('incidentDesk.evaluationTemplates.name_en')}</TableCell>
          <TableCell align="right">{translate('incidentDesk.evaluationTemplates.weight')}</TableCell>
          <TableCell>{translate('incidentDesk.evaluationTemplates.description_zh')}</TableCell>
          <TableCell>{translate('incidentDesk.evaluationTemplates.description_en')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {record.criteria.map((c, n) => (
          <TableRow key={n}>
            <TableCell>{c.name['zh-CN']}</TableCell>
            <TableCell>{c.name.en}</TableCell>
            <TableCell align="right">{c.weight}</TableCell>
            <TableCell>{c.description?.['zh-CN'] ?? ''}</TableCell>
            <TableCell>{c.description?.en ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

export const EvaluationTemplateShow = () => {
  const types = useEnumChoices('evaluationType');
  const translate = useTranslate();
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <Alert severity="info">{translate('incidentDesk.evaluationTemplates.help')}</Alert>
        <SelectField source="type" choices={types} translateChoice={false} />
        <NumberField source="scaleMax" />
        <Criteria label="resources.evaluation-templates.fields.criteria" />
        <FirmDateField source="updatedAt" />
      </SimpleShowLayout>
    </Show>
  );
};
