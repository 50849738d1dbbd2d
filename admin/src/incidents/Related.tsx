import { Box, Chip, Paper, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import {
  CreateButton, DataTable, FunctionField, ReferenceManyField, useGetList, useRecordContext, useTranslate } from 'react-admin';
import type { ActionRecord, CommunicationRecord, EvaluationRecord } from '@incident-desk/shared';
import { ActionStatusField, overdueRowSx } from '../actions/fields';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { FirmDateField, useFirmFormat } from '../common/FirmDateField';
import { enumLabel, useAppLocale } from '../common/enums';
import type { GradingRecord, IncidentRecord } from './types';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

const Empty = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      {translate('incidentDesk.incidents.none_yet')}
    </Typography>
  );
};

/** "New …" for another resource, with this incident (and its client) filled in through the router state. */
const CreateForIncident = ({ resource, testId }: { resource: string; testId: string }) => {
  const record = useRecordContext<IncidentRecord>();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 1 }}>
      <CreateButton resource={resource} state={{ record: { incidentId: record.id, clientId: record.clientId } }} icon={<AddIcon />} data-testid={testId} />
    </Box>
  );
};

/** The incident's communications (register entries linked to it). */
export const IncidentCommunications = () => {
  const locale = useAppLocale();
  return (
    <Box data-testid="incident-communications">
      <CreateForIncident resource="communications" testId="incident-add-communication" />
      <ReferenceManyField reference="communications" target="incidentId" sort={{ field: 'date', order: 'DESC' }} perPage={100}>
        <DataTable bulkActionButtons={false} rowClick="show" empty={<Empty />}>
          <DataTable.Col source="date">
            <FirmDateField source="date" />
          </DataTable.Col>
          <UserTextColumn source="subject" />
          <DataTable.Col source="audience">
            <FunctionField render={(c: CommunicationRecord) => enumLabel('communicationAudience', c.audience, locale)} />
          </DataTable.Col>
          <DataTable.Col source="channel">
            <FunctionField render={(c: CommunicationRecord) => enumLabel('communicationChannel', c.channel, locale)} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <FunctionField render={(c: CommunicationRecord) => <Chip size="small" label={enumLabel('communicationStatus', c.status, locale)} data-status={c.status} />} />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

/** The incident's evaluations (impact assessment, post-incident review…). */
export const IncidentEvaluations = () => {
  const locale = useAppLocale();
  return (
    <Box data-testid="incident-evaluations">
      <CreateForIncident resource="evaluations" testId="incident-add-evaluation" />
      <ReferenceManyField reference="evaluations" target="incidentId" sort={{ field: 'date', order: 'DESC' }} perPage={100}>
        <DataTable bulkActionButtons={false} rowClick="show" empty={<Empty />}>
          <DataTable.Col source="date" />
          <DataTable.Col source="type">
            <FunctionField render={(e: EvaluationRecord) => enumLabel('evaluationType', e.type, locale)} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <FunctionField render={(e: EvaluationRecord) => enumLabel('evaluationStatus', e.status, locale)} />
          </DataTable.Col>
          <DataTable.Col source="overallScore">
            <FunctionField render={(e: EvaluationRecord) => (e.overallScore == null ? '—' : `${e.overallScore} / 100`)} />
          </DataTable.Col>
          <DataTable.Col source="riskLevel">
            <FunctionField render={(e: EvaluationRecord) => enumLabel('riskLevel', e.riskLevel, locale)} />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

/** The incident's improvement actions; overdue ones are highlighted. */
export const IncidentActions = () => (
  <Box data-testid="incident-actions">
    <CreateForIncident resource="actions" testId="incident-add-action" />
    <ReferenceManyField reference="actions" target="incidentId" sort={{ field: 'dueAt', order: 'ASC' }} perPage={100}>
      <DataTable bulkActionButtons={false} rowClick="show" rowSx={overdueRowSx} empty={<Empty />}>
        <UserTextColumn source="title" />
        <UserTextColumn source="ownerLabel" />
        <DataTable.Col source="dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <DataTable.Col source="status">
          <ActionStatusField />
        </DataTable.Col>
        <DataTable.Col source="doneAt">
          <FunctionField render={(a: ActionRecord) => (a.doneAt ? <FirmDateField source="doneAt" /> : '—')} />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Box>
);

/** The files kept with the incident (firm staff: client admins do not see incident files). */
export const IncidentAttachments = () => {
  const record = useRecordContext<IncidentRecord>();
  if (!record) return null;
  return <AttachmentsPanel entity="incidents" entityId={record.id} />;
};

/** Every grading of the incident, newest first: answers' outcome, suggestion, choice and rationale. */
export const IncidentGradings = () => {
  const record = useRecordContext<IncidentRecord>();
  const translate = useTranslate();
  const locale = useAppLocale();
  const format = useFirmFormat().dateTime;
  const { data = [], isPending } = useGetList<GradingRecord>(
    'gradings',
    { filter: { incidentId: record?.id }, sort: { field: 'gradedAt', order: 'DESC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: !!record },
  );
  if (!record) return null;
  if (!isPending && !data.length) return <Empty />;
  return (
    <Box data-testid="gradings">
      {data.map((g) => (
        <Paper key={g.id} variant="outlined" sx={{ p: 2, mb: 1 }} data-testid="grading" data-grade={g.chosenGrade}>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="caption" color="text.secondary">
              {format(g.gradedAt)}
            </Typography>
            <Chip size="small" color="primary" label={enumLabel('grade', g.chosenGrade, locale)} />
            <Typography variant="caption" color="text.secondary">
              {translate('incidentDesk.timeline.suggested', { grade: enumLabel('grade', g.suggestedGrade, locale) })}
            </Typography>
          </Box>
          {g.rationale && (
            <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }} {...USER_TEXT}>
              {g.rationale}
            </Typography>
          )}
          {g.matchedRules?.length > 0 && (
            <Box component="ul" sx={{ my: 0.5, pl: 3 }}>
              {g.matchedRules.map((r) => (
                <li key={r.id}>
                  <Typography variant="caption">
                    {enumLabel('grade', r.grade, locale)} — {r.text?.[locale] ?? r.id}
                  </Typography>
                </li>
              ))}
            </Box>
          )}
        </Paper>
      ))}
    </Box>
  );
};
