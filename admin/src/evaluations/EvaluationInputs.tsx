import { useEffect, useRef } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Alert, Box, Button as MuiButton, Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  DateInput,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  useGetList,
  useTranslate,
  minValue,
  maxValue,
} from 'react-admin';
import {
  computeOverallScore,
  criteriaFromTemplate,
  MAX_SCALE,
  type EvaluationCriterion,
  type EvaluationRecord,
  type EvaluationTemplateRecord,
} from '@incident-desk/shared';
import { Section } from '../common/Section';
import { useAppLocale, useEnumChoices } from '../common/enums';
import { incidentText, StaffInput, trainingText } from './fields';

const WIDE = { maxWidth: 900 };

const num = (v: unknown): number => (v === null || v === undefined || v === '' ? NaN : Number(v));

/** The form's criteria as the API takes them: blank scores are null (not scored yet). */
export const cleanCriteria = (v: unknown): EvaluationCriterion[] =>
  Array.isArray(v)
    ? v
        .filter((c) => c && typeof c === 'object')
        .map((c) => ({
          name: String(c.name ?? '').trim(),
          weight: num(c.weight),
          score: c.score === null || c.score === undefined || c.score === '' ? null : num(c.score),
          comment: c.comment ? String(c.comment) : null,
        }))
    : [];

/** The overall score as the criteria are typed, from the same shared function the server uses. */
export const LiveOverallScore = () => {
  const translate = useTranslate();
  const [criteria, scaleMax] = useWatch({ name: ['criteria', 'scaleMax'] });
  const list = cleanCriteria(criteria);
  const r = list.length ? computeOverallScore(list, num(scaleMax)) : ({ ok: true, overallScore: null, scored: 0, total: 0, complete: false } as const);
  const text = !r.ok
    ? translate('incidentDesk.evaluations.overall_invalid')
    : r.overallScore === null
      ? translate('incidentDesk.evaluations.overall_none')
      : translate('incidentDesk.evaluations.overall_live', { score: r.overallScore, scored: r.scored, total: r.total });
  return (
    <Alert
      severity={!r.ok ? 'warning' : r.ok && r.complete ? 'success' : 'info'}
      sx={{ ...WIDE, my: 1 }}
      data-testid="evaluation-overall-live"
      data-value={r.ok && r.overallScore !== null ? String(r.overallScore) : ''}
    >
      <Typography variant="subtitle2" component="div">{text}</Typography>
      <Typography variant="caption" component="div">{translate('incidentDesk.evaluations.overall_help')}</Typography>
    </Alert>
  );
};

/**
 * When the type is chosen (create), the criteria and scale of the firm's template for that type fill the form,
 * unscored and named in the UI language. The button puts them back after editing.
 */
const TemplateCriteria = () => {
  const { setValue } = useFormContext();
  const type = useWatch({ name: 'type' });
  const translate = useTranslate();
  const locale = useAppLocale();
  const { data } = useGetList<EvaluationTemplateRecord>(
    'evaluation-templates',
    { filter: { type }, pagination: { page: 1, perPage: 1 }, sort: { field: 'type', order: 'ASC' } },
    { enabled: !!type },
  );
  const template = data?.[0];
  const applied = useRef<string | null>(null);
  const apply = () => {
    if (!template) return;
    setValue('criteria', criteriaFromTemplate(template, locale), { shouldDirty: true });
    setValue('scaleMax', template.scaleMax, { shouldDirty: true });
  };
  useEffect(() => {
    if (!template || applied.current === template.type) return;
    applied.current = template.type;
    apply();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [template]);
  if (!template) return null;
  return (
    <Alert
      severity="info"
      sx={{ ...WIDE, my: 1 }}
      action={<MuiButton size="small" onClick={apply} data-testid="evaluation-template-reload">{translate('incidentDesk.evaluations.template_reload')}</MuiButton>}
    >
      {translate('incidentDesk.evaluations.template_loaded')}
    </Alert>
  );
};

/** Criteria editing: name, weight, score (0..scale, blank until scored), comment. Inputs are named `criteria.N.field`. */
const CriteriaInputs = () => {
  const scaleMax = useWatch({ name: 'scaleMax' });
  const max = Number.isFinite(num(scaleMax)) ? num(scaleMax) : undefined;
  return (
    <Box data-testid="evaluation-criteria">
    <ArrayInput source="criteria" label="resources.evaluations.fields.criteria" fullWidth>
      <SimpleFormIterator inline>
        <TextInput source="name" label="incidentDesk.evaluations.criterion.name" validate={required()} sx={{ minWidth: 260 }} helperText={false} />
        <NumberInput source="weight" label="incidentDesk.evaluations.criterion.weight" validate={[required(), minValue(0.01)]} step={1} sx={{ minWidth: 100, maxWidth: 130 }} helperText={false} />
        <NumberInput
          source="score"
          label="incidentDesk.evaluations.criterion.score"
          min={0}
          max={max}
          step={1}
          validate={max === undefined ? [minValue(0)] : [minValue(0), maxValue(max)]}
          sx={{ minWidth: 100, maxWidth: 130 }}
          helperText={false}
        />
        <TextInput source="comment" label="incidentDesk.evaluations.criterion.comment" sx={{ minWidth: 300 }} helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
    </Box>
  );
};

/** Inputs shared by EvaluationCreate and EvaluationEdit. */
export const EvaluationInputs = ({ mode, record }: { mode: 'create' | 'edit'; record?: EvaluationRecord }) => {
  const types = useEnumChoices('evaluationType');
  const risks = useEnumChoices('riskLevel');
  const translate = useTranslate();
  const formClient = useWatch({ name: 'clientId' });
  const clientId = record?.clientId ?? formClient;
  return (
    <>
      <Section title="incidentDesk.evaluations.about" />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput source="type" choices={types} translateChoice={false} validate={required()} sx={{ minWidth: 240 }} />
        <DateInput source="date" validate={required()} sx={{ minWidth: 200 }} />
      </Box>
      {mode === 'create' && (
        <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
          <AutocompleteInput validate={required()} sx={WIDE} fullWidth />
        </ReferenceInput>
      )}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('incidentDesk.evaluations.incident_or_training')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <ReferenceInput source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }} filter={clientId ? { clientId } : {}}>
          <AutocompleteInput optionText={incidentText} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 360 }} />
        </ReferenceInput>
        <ReferenceInput source="trainingId" reference="trainings" sort={{ field: 'date', order: 'DESC' }} filter={clientId ? { clientId } : {}}>
          <AutocompleteInput optionText={trainingText} filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 360 }} />
        </ReferenceInput>
      </Box>
      <StaffInput source="evaluatorId" currentName={record?.evaluatorName} helperText="incidentDesk.evaluations.evaluator_help" />

      <Section title="incidentDesk.evaluations.scores" />
      {mode === 'create' && <TemplateCriteria />}
      <NumberInput
        source="scaleMax"
        validate={[required(), minValue(1), maxValue(MAX_SCALE)]}
        step={1}
        helperText="incidentDesk.evaluations.scale_help"
        sx={{ width: 220 }}
      />
      <CriteriaInputs />
      <LiveOverallScore />

      <Section title="incidentDesk.evaluations.conclusions" />
      <SelectInput source="riskLevel" choices={risks} translateChoice={false} sx={{ minWidth: 240 }} />
      <TextInput source="findings" multiline minRows={4} sx={WIDE} fullWidth />
      <TextInput source="recommendations" multiline minRows={4} sx={WIDE} fullWidth />
      <BooleanInput source="sharedWithClient" helperText="incidentDesk.evaluations.draft_hidden" />
    </>
  );
};
