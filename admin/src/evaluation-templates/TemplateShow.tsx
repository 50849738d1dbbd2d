import { Alert, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { EditButton, NumberField, SelectField, Show, SimpleShowLayout, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { EvaluationTemplateRecord, Locale } from '@incident-desk/shared';
import { useOtherLanguage } from '../common/OtherLanguage';
import { USER_TEXT } from '../common/UserText';
import { FirmDateField } from '../common/FirmDateField';
import { useAppLocale, useEnumChoices } from '../common/enums';
import { RecordTitle } from '../common/RecordTitle';

const Actions = () => {
  const { canAccess } = useCanAccess({ resource: 'evaluation-templates', action: 'edit' });
  return <TopToolbar>{canAccess && <EditButton />}</TopToolbar>;
};

/** The criteria in the UI language (the other language's names and descriptions on demand), with their weights. */
const Criteria = (_props: { label?: string }) => {
  const record = useRecordContext<EvaluationTemplateRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const { other, shown, toggle } = useOtherLanguage();
  if (!record) return null;
  const langs: Locale[] = shown ? [locale, other] : [locale];
  const head = (l: Locale, what: 'name' | 'description') => translate(`incidentDesk.evaluationTemplates.${what}_${l === 'en' ? 'en' : 'zh'}`);
  return (
    <>
      {toggle}
      <Table size="small" sx={{ maxWidth: 1100 }} data-testid="template-criteria-table">
        <TableHead>
          <TableRow>
            {langs.map((l) => (
              <TableCell key={l}>{head(l, 'name')}</TableCell>
            ))}
            <TableCell align="right">{translate('incidentDesk.evaluationTemplates.weight')}</TableCell>
            {langs.map((l) => (
              <TableCell key={l}>{head(l, 'description')}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {record.criteria.map((c, n) => (
            <TableRow key={n}>
              {langs.map((l) => (
                <TableCell key={l} lang={l} {...USER_TEXT}>{c.name[l]}</TableCell>
              ))}
              <TableCell align="right">{c.weight}</TableCell>
              {langs.map((l) => (
                <TableCell key={l} lang={l} {...USER_TEXT}>{c.description?.[l] ?? ''}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};

export const EvaluationTemplateShow = () => {
  const types = useEnumChoices('evaluationType');
  const translate = useTranslate();
  return (
    <Show title={<RecordTitle />} actions={<Actions />}>
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
