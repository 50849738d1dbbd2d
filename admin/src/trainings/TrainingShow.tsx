import { Alert, Box, Button, TextField as MuiTextField, Typography } from '@mui/material';
import { useState } from 'react';
import {
  ArrayField, BooleanField, DataTable, EditButton, FunctionField, Labeled, Link, NumberField, ReferenceField, ReferenceManyField, SelectField,
  Show, SimpleShowLayout, TextField, TopToolbar, useCanAccess, useCreatePath, useGetIdentity, useNotify, useRecordContext, useRefresh, useTranslate,
} from 'react-admin';
import { postAction } from '../common/api';
import { isDrill, type TrainingRecord } from '@incident-desk/shared';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useEnumChoices } from '../common/enums';
import { ClockField, DueField, RateField } from './fields';
import { ImportParticipantsButton } from './ImportParticipantsButton';
import { USER_TEXT, UserTextColumn } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const P = 'incidentDesk.trainings.participant';

const ShowActions = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'trainings', action: 'edit' });
  return (
    <TopToolbar>
      {canEdit && <EditButton />}
      <ImportParticipantsButton />
    </TopToolbar>
  );
};

/** The evaluations of a drill (another resource: filtered by trainingId), with a link to the filtered list. */
const DrillEvaluations = () => {
  const record = useRecordContext<TrainingRecord>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess, isPending } = useCanAccess({ resource: 'evaluations', action: 'list' });
  const evaluationTypes = useEnumChoices('evaluationType');
  const evaluationStatuses = useEnumChoices('evaluationStatus');
  if (!record || !isDrill(record.type) || isPending || !canAccess) return null;
  const filtered = `${createPath({ resource: 'evaluations', type: 'list' })}?filter=${encodeURIComponent(JSON.stringify({ trainingId: record.id }))}`;
  return (
    <Box data-testid="training-evaluations">
      <Section title="incidentDesk.trainings.evaluations" />
      <ReferenceManyField reference="evaluations" target="trainingId" sort={{ field: 'date', order: 'DESC' }} perPage={20}>
        <DataTable bulkActionButtons={false} rowClick="show" empty={<Typography variant="body2" color="text.secondary">—</Typography>}>
          <DataTable.Col source="date" label="resources.trainings.fields.date" />
          <DataTable.Col source="type" label="resources.trainings.fields.type">
            <SelectField source="type" choices={evaluationTypes} translateChoice={false} />
          </DataTable.Col>
          <DataTable.Col source="status" label="resources.trainings.fields.status">
            <SelectField source="status" choices={evaluationStatuses} translateChoice={false} />
          </DataTable.Col>
          <DataTable.Col source="overallScore" label="incidentDesk.trainings.participant.score" />
        </DataTable>
      </ReferenceManyField>
      <Button component={Link} to={filtered} size="small" data-testid="training-evaluations-link">
        {translate('incidentDesk.trainings.evaluations_help')}
      </Button>
    </Box>
  );
};

/** The drill run as an exercise: start it (with the scenario played), open its incident, reset it to run it again. */
const Exercise = () => {
  const record = useRecordContext<TrainingRecord>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const notify = useNotify();
  const refresh = useRefresh();
  const { canAccess } = useCanAccess({ resource: 'trainings', action: 'edit' });
  const [scenario, setScenario] = useState('');
  if (!record || !canAccess) return null;
  const start = async () => {
    try {
      await postAction('trainings', record.id, 'exercise', { scenario: scenario.trim(), clientId: record.clientId });
      notify('incidentDesk.trainings.exercise_started');
      setScenario('');
      refresh();
    } catch (e) {
      notify((e as { body?: { message?: string } })?.body?.message ?? 'ra.notification.http_error', { type: 'error' });
    }
  };
  const reset = async () => {
    if (!window.confirm(translate('incidentDesk.trainings.exercise_reset_confirm'))) return;
    try {
      await postAction('trainings', record.id, 'exercise/reset', {});
      notify('incidentDesk.trainings.exercise_was_reset');
      refresh();
    } catch (e) {
      notify((e as { body?: { message?: string } })?.body?.message ?? 'ra.notification.http_error', { type: 'error' });
    }
  };
  if (record.exerciseIncidentId) {
    return (
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', my: 1 }} data-testid="training-exercise">
        <Button component={Link} to={createPath({ resource: 'incidents', id: record.exerciseIncidentId, type: 'show' })} variant="outlined" data-testid="training-exercise-open">
          {translate('incidentDesk.trainings.exercise_open')}
        </Button>
        <Button color="warning" onClick={reset} data-testid="training-exercise-reset">{translate('incidentDesk.trainings.exercise_reset')}</Button>
      </Box>
    );
  }
  if (record.status === 'cancelled') return null;
  return (
    <Box sx={{ my: 1, maxWidth: 720 }} data-testid="training-exercise">
      <Typography variant="body2" color="text.secondary">{translate('incidentDesk.trainings.exercise_help')}</Typography>
      <MuiTextField
        label={translate('incidentDesk.trainings.exercise_scenario')}
        value={scenario}
        onChange={(e) => setScenario(e.target.value)}
        multiline
        minRows={2}
        fullWidth
        sx={{ my: 1 }}
        inputProps={{ 'data-testid': 'training-exercise-scenario' }}
      />
      <Button variant="contained" disabled={!scenario.trim()} onClick={start} data-testid="training-exercise-start">{translate('incidentDesk.trainings.exercise_start')}</Button>
    </Box>
  );
};

const DrillSection = () => {
  const record = useRecordContext<TrainingRecord>();
  const translate = useTranslate();
  if (!record || !isDrill(record.type)) return null;
  return (
    <Box data-testid="training-drill">
      <Section title="incidentDesk.trainings.drill" />
      <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        <Labeled source="detectMinutes"><NumberField source="detectMinutes" emptyText="—" data-testid="drill-detectMinutes" /></Labeled>
        <Labeled source="escalateMinutes"><NumberField source="escalateMinutes" emptyText="—" data-testid="drill-escalateMinutes" /></Labeled>
        <Labeled source="reportMinutes"><NumberField source="reportMinutes" emptyText="—" data-testid="drill-reportMinutes" /></Labeled>
        <Labeled source="reportingClockMinutes"><NumberField source="reportingClockMinutes" /></Labeled>
      </Box>
      <Box sx={{ my: 1 }}>
        <ClockField />
      </Box>
      {record.withinReportingClock === false && (
        <Alert severity="warning" sx={{ my: 1 }}>{translate('incidentDesk.trainings.missed')}</Alert>
      )}
      <Labeled source="scenario"><TextField source="scenario" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} {...USER_TEXT} /></Labeled>
      <Exercise />
      <DrillEvaluations />
    </Box>
  );
};

const Attachments = () => {
  const record = useRecordContext<TrainingRecord>();
  if (!record) return null;
  return <AttachmentsPanel entity="trainings" entityId={record.id} />;
};

export const TrainingShow = () => {
  const types = useEnumChoices('trainingType');
  const statuses = useEnumChoices('trainingStatus');
  const modes = useEnumChoices('deliveryMode');
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const isClient = identity?.role === 'client_admin';
  return (
    <Show title={<RecordTitle />} actions={<ShowActions />}>
      <SimpleShowLayout>
        <TextField source="title" {...USER_TEXT} />
        {!isClient && <ReferenceField source="clientId" reference="clients" link="show" {...USER_TEXT} />}
        <SelectField source="type" choices={types} translateChoice={false} />
        <SelectField source="status" choices={statuses} translateChoice={false} />
        <TextField source="date" />
        <NumberField source="durationMinutes" emptyText="—" />
        <SelectField source="deliveryMode" choices={modes} translateChoice={false} emptyText="—" />
        <TextField source="trainer" emptyText="—" {...USER_TEXT} />
        <TextField source="legalBasis" emptyText="—" {...USER_TEXT} />
        <TextField source="objectives" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} {...USER_TEXT} />

        <Section title="incidentDesk.trainings.recurrence" />
        <NumberField source="recurrenceMonths" emptyText="—" />
        <DueField label="resources.trainings.fields.nextDueAt" />

        <DrillSection />

        <Section title="incidentDesk.trainings.figures" />
        <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
          <Labeled source="participantCount"><NumberField source="participantCount" /></Labeled>
          <Labeled source="attendedCount"><NumberField source="attendedCount" /></Labeled>
          <Labeled source="passedCount"><NumberField source="passedCount" /></Labeled>
          <Labeled source="passMark"><NumberField source="passMark" emptyText="—" /></Labeled>
          <Labeled source="attendanceRate"><RateField source="attendanceRate" /></Labeled>
          <Labeled source="passRate"><RateField source="passRate" /></Labeled>
        </Box>
        <ArrayField source="participants">
          <DataTable
            bulkActionButtons={false}
            rowClick={false}
            empty={<Typography variant="body2" color="text.secondary">{translate('incidentDesk.trainings.no_participants')}</Typography>}
            data-testid="participants-table"
          >
            <UserTextColumn source="name" label={`${P}.name`} />
            <UserTextColumn source="department" label={`${P}.department`} />
            <DataTable.Col source="attended" label={`${P}.attended`}>
              <BooleanField source="attended" />
            </DataTable.Col>
            <DataTable.Col source="score" label={`${P}.score`} />
            <DataTable.Col source="passed" label={`${P}.passed`}>
              <FunctionField render={(p: { passed: boolean | null }) => (p.passed === null ? '—' : <BooleanField source="passed" />)} />
            </DataTable.Col>
            <DataTable.Col source="acknowledged" label={`${P}.acknowledged`}>
              <BooleanField source="acknowledged" />
            </DataTable.Col>
          </DataTable>
        </ArrayField>
        <FirmDateField source="createdAt" />
        <FirmDateField source="updatedAt" />
        <Attachments />
      </SimpleShowLayout>
    </Show>
  );
};
