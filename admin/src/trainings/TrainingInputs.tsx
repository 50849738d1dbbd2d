import { Alert, Box, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  ArrayInput, AutocompleteInput, BooleanInput, DateInput, maxValue, minValue, NullableBooleanInput, NumberInput, ReferenceInput, required,
  SelectInput, SimpleFormIterator, TextInput, useGetOne, useTranslate,
} from 'react-admin';
import { isDrill, nextDueDate, participationFigures, reportingClockMinutes, isCalendarDate, type ClientRecord } from '@incident-desk/shared';
import { Section } from '../common/Section';
import { useEnumChoices } from '../common/enums';
import { percent } from './fields';

const P = 'incidentDesk.trainings.participant';

/** Attendance and pass rate as the participants are entered. */
const LiveFigures = () => {
  const translate = useTranslate();
  const participants = (useWatch({ name: 'participants' }) ?? []) as { attended?: boolean; score?: number | null; passed?: boolean | null }[];
  const passMark = useWatch({ name: 'passMark' }) as number | null | undefined;
  const f = participationFigures(
    participants.filter(Boolean).map((p) => ({ attended: !!p.attended, score: typeof p.score === 'number' ? p.score : null, passed: p.passed ?? null })),
    typeof passMark === 'number' ? passMark : null,
  );
  return (
    <Typography variant="body2" color="text.secondary" data-testid="training-live-figures">
      {translate('incidentDesk.trainings.figures_live', { attendance: percent(f.attendanceRate), pass: percent(f.passRate) })}
    </Typography>
  );
};

const NextDue = () => {
  const translate = useTranslate();
  const [date, months, status] = useWatch({ name: ['date', 'recurrenceMonths', 'status'] }) as [string, number | null, string];
  const due = isCalendarDate(date) && typeof months === 'number' && months >= 1 ? nextDueDate({ date, recurrenceMonths: months, status }) : null;
  if (!due) return null;
  return (
    <Typography variant="body2" color="text.secondary" data-testid="training-next-due">
      {translate('resources.trainings.fields.nextDueAt')}: {due}
    </Typography>
  );
};

/** Drill times, with the reporting clock the client would face. */
const DrillInputs = ({ clientId }: { clientId?: string }) => {
  const translate = useTranslate();
  const formClientId = useWatch({ name: 'clientId' }) as string | undefined;
  const id = clientId ?? formClientId;
  const { data: client } = useGetOne<ClientRecord>('clients', { id: id ?? '' }, { enabled: !!id });
  return (
    <>
      <Section title="incidentDesk.trainings.drill" />
      <Alert severity="info" sx={{ mb: 1 }}>
        {translate('incidentDesk.trainings.drill_help')}
        {client && (
          <Box component="span" sx={{ display: 'block', fontWeight: 600 }} data-testid="training-clock-hint">
            {translate('incidentDesk.trainings.clock_of', { clock: reportingClockMinutes(client.operatorType) })}
          </Box>
        )}
      </Alert>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <NumberInput source="detectMinutes" min={0} step={1} validate={minValue(0)} />
        <NumberInput source="escalateMinutes" min={0} step={1} validate={minValue(0)} />
        <NumberInput source="reportMinutes" min={0} step={1} validate={minValue(0)} />
      </Box>
      <TextInput source="scenario" multiline minRows={3} fullWidth />
    </>
  );
};

/**
 * The fields of a training; `mode="create"` adds the client. Drills get the scenario and measured times.
 * Stable input names for browser tests: the sources below (participants.N.name, …).
 */
export const TrainingInputs = ({ mode, clientId }: { mode: 'create' | 'edit'; clientId?: string }) => {
  const types = useEnumChoices('trainingType');
  const statuses = useEnumChoices('trainingStatus');
  const modes = useEnumChoices('deliveryMode');
  const type = useWatch({ name: 'type' }) as string | undefined;
  return (
    <Box sx={{ width: '100%', maxWidth: 1100 }}>
      <Section title="incidentDesk.trainings.details" />
      {mode === 'create' && (
        <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} filter={{ status: 'active' }}>
          <AutocompleteInput validate={required()} sx={{ minWidth: 320 }} />
        </ReferenceInput>
      )}
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <SelectInput source="type" choices={types} translateChoice={false} validate={required()} />
        <SelectInput source="status" choices={statuses} translateChoice={false} validate={required()} />
        <DateInput source="date" validate={required()} />
      </Box>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="legalBasis" fullWidth />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
        <NumberInput source="durationMinutes" min={1} step={1} validate={minValue(1)} />
        <SelectInput source="deliveryMode" choices={modes} translateChoice={false} />
        <TextInput source="trainer" />
      </Box>
      <TextInput source="objectives" multiline minRows={2} fullWidth />
      {isDrill(type) && <DrillInputs clientId={clientId} />}

      <Section title="incidentDesk.trainings.recurrence" />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <NumberInput source="recurrenceMonths" min={1} max={120} step={1} validate={[minValue(1), maxValue(120)]} />
        <NextDue />
      </Box>

      <Section title="incidentDesk.trainings.figures" />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <NumberInput source="passMark" min={0} max={100} step={1} validate={[minValue(0), maxValue(100)]} helperText="incidentDesk.trainings.participants_help" />
        <LiveFigures />
      </Box>
      <ArrayInput source="participants">
        <SimpleFormIterator inline disableReordering>
          <TextInput source="name" label={`${P}.name`} validate={required()} />
          <TextInput source="department" label={`${P}.department`} />
          <BooleanInput source="attended" label={`${P}.attended`} />
          <NumberInput source="score" label={`${P}.score`} min={0} max={100} validate={[minValue(0), maxValue(100)]} />
          <NullableBooleanInput source="passed" label={`${P}.passed`} />
          <BooleanInput source="acknowledged" label={`${P}.acknowledged`} />
        </SimpleFormIterator>
      </ArrayInput>
    </Box>
  );
};
