import { Alert, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import { ArrayInput, maxValue, minValue, NumberInput, required, SelectField, SimpleFormIterator, TextInput, useTranslate } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { MAX_SCALE, type EvaluationTemplateRecord, type TemplateCriterion } from '@incident-desk/shared';
import { useEnumChoices } from '../common/enums';
import { usePutSave } from '../common/api';

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The template's criteria as the API takes them (a description only when either language has one). */
const pickTemplate = (values: Record<string, unknown>) => {
  const criteria: TemplateCriterion[] = (Array.isArray(values.criteria) ? values.criteria : []).map((c: any) => {
    const description = { 'zh-CN': text(c?.description?.['zh-CN']), en: text(c?.description?.en) };
    return {
      name: { 'zh-CN': text(c?.name?.['zh-CN']), en: text(c?.name?.en) },
      weight: c?.weight === '' || c?.weight == null ? NaN : Number(c.weight),
      ...(description['zh-CN'] || description.en ? { description } : {}),
    };
  });
  return { scaleMax: Number(values.scaleMax), criteria };
};

const TotalWeight = () => {
  const translate = useTranslate();
  const criteria = useWatch({ name: 'criteria' }) as { weight?: unknown }[] | undefined;
  const total = (criteria ?? []).reduce((s, c) => s + (Number(c?.weight) || 0), 0);
  return <Typography variant="body2" color="text.secondary">{translate('incidentDesk.evaluationTemplates.total_weight', { total })}</Typography>;
};

const Form = () => {
  const translate = useTranslate();
  const types = useEnumChoices('evaluationType');
  const save = usePutSave<EvaluationTemplateRecord>('evaluation-templates', pickTemplate);
  return (
    <SaveOnlyForm onSubmit={save}>
      <Alert severity="info" sx={{ mb: 2 }}>{translate('incidentDesk.evaluationTemplates.help')}</Alert>
      <SelectField source="type" choices={types} translateChoice={false} />
      <NumberInput source="scaleMax" validate={[required(), minValue(1), maxValue(MAX_SCALE)]} step={1} sx={{ width: 220 }} />
      <ArrayInput source="criteria" validate={required()}>
        <SimpleFormIterator inline>
          <TextInput source="name.zh-CN" label="incidentDesk.evaluationTemplates.name_zh" validate={required()} sx={{ minWidth: 220 }} helperText={false} />
          <TextInput source="name.en" label="incidentDesk.evaluationTemplates.name_en" validate={required()} sx={{ minWidth: 240 }} helperText={false} />
          <NumberInput source="weight" label="incidentDesk.evaluationTemplates.weight" validate={[required(), minValue(0.01)]} sx={{ minWidth: 100, maxWidth: 130 }} helperText={false} />
          <TextInput source="description.zh-CN" label="incidentDesk.evaluationTemplates.description_zh" sx={{ minWidth: 260 }} helperText={false} />
          <TextInput source="description.en" label="incidentDesk.evaluationTemplates.description_en" sx={{ minWidth: 260 }} helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
      <TotalWeight />
    </SaveOnlyForm>
  );
};

/** Managers adapt a type's criteria; the PUT carries {scaleMax, criteria} alone. */
export const EvaluationTemplateEdit = () => (
  <EditPage>
    <Form />
  </EditPage>
);
