import { Box, Button, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import {
  BooleanField,
  CreateButton,
  DataTable,
  Link,
  ReferenceManyField,
  SelectField,
  useCreatePath,
  useGetIdentity,
  useRecordContext,
  useTranslate } from 'react-admin';
import type { ActionRecord, ClientRecord, TrainingRecord } from '@incident-desk/shared';
import { ActionStatusField, overdueRowSx } from '../actions/fields';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useEnumChoices } from '../common/enums';
import { EvaluationStatusField, OverallScoreField } from '../evaluations/fields';
import { DueField } from '../trainings/fields';
import { UserTextColumn } from '../common/UserText';

const M = 'incidentDesk.clients';

const Empty = ({ text }: { text: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      {translate(text)}
    </Typography>
  );
};

/**
 * "New …" of another resource with this client filled in (router state), and "All …" opening that resource's list
 * filtered by the client. The create button hides itself when the role may not create (canAccess).
 */
const Toolbar = ({ resource, testId, all }: { resource: string; testId: string; all: string }) => {
  const record = useRecordContext<ClientRecord>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!record) return null;
  const list = `${createPath({ resource, type: 'list' })}?filter=${encodeURIComponent(JSON.stringify({ clientId: record.id }))}`;
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mb: 1 }}>
      <Button component={Link} to={list} size="small" data-testid={`${testId}-all`}>
        {translate(all)}
      </Button>
      {record.status !== 'offboarded' && (
        <CreateButton resource={resource} state={{ record: { clientId: record.id } }} icon={<AddIcon />} data-testid={`${testId}-create`} />
      )}
    </Box>
  );
};

/** An overdue training row stands out in red. */
const trainingRowSx = (t: TrainingRecord) => (t.dueStatus === 'overdue' ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {});

/** The next due date, in red when overdue, with its status chip. */
const NextDue = (_props: { label?: string }) => {
  const record = useRecordContext<TrainingRecord>();
  if (!record) return null;
  return (
    <Box component="span" sx={record.dueStatus === 'overdue' ? { color: 'error.main', fontWeight: 600 } : undefined}>
      <DueField />
    </Box>
  );
};

const DueTrainings = ({ due, title, empty, testId }: { due: 'overdue' | 'next30'; title: string; empty: string; testId: string }) => {
  const types = useEnumChoices('trainingType');
  return (
    <Box data-testid={testId} sx={{ mb: 2 }}>
      <Section title={title} />
      <ReferenceManyField
        reference="trainings"
        target="clientId"
        filter={{ due }}
        sort={{ field: 'nextDueAt', order: 'ASC' }}
        perPage={100}
        empty={<Empty text={empty} />}
      >
        <DataTable bulkActionButtons={false} rowClick="show" rowSx={trainingRowSx} empty={<Empty text={empty} />}>
          <UserTextColumn source="title" label="resources.trainings.fields.title" />
          <DataTable.Col source="type" label="resources.trainings.fields.type">
            <SelectField source="type" choices={types} translateChoice={false} />
          </DataTable.Col>
          <DataTable.Col source="date" label="resources.trainings.fields.date" />
          <DataTable.Col source="nextDueAt" label="resources.trainings.fields.nextDueAt">
            <NextDue />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

/** Trainings of the client that are overdue or fall due within 30 days (renewed ones excluded by the server). */
export const ClientTrainings = (_props: { label?: false }) => (
  <Box data-testid="client-trainings">
    <Toolbar resource="trainings" testId="client-trainings" all={`${M}.all_trainings`} />
    <DueTrainings due="overdue" title={`${M}.trainings_overdue`} empty={`${M}.none_overdue`} testId="client-trainings-overdue" />
    <DueTrainings due="next30" title={`${M}.trainings_next30`} empty={`${M}.none_due`} testId="client-trainings-due" />
  </Box>
);

/**
 * The client's evaluations, latest version of each. What a client admin gets from the server is only what is shared
 * with their company (final); the "shared" column is for firm staff.
 */
export const ClientEvaluations = (_props: { label?: false }) => {
  const types = useEnumChoices('evaluationType');
  const { identity } = useGetIdentity();
  const staff = identity?.role === 'manager' || identity?.role === 'consultant';
  return (
    <Box data-testid="client-evaluations">
      <Toolbar resource="evaluations" testId="client-evaluations" all={`${M}.all_evaluations`} />
      <ReferenceManyField
        reference="evaluations"
        target="clientId"
        filter={{ latest: true }}
        sort={{ field: 'date', order: 'DESC' }}
        perPage={100}
        empty={<Empty text={`${M}.none_evaluations`} />}
      >
        <DataTable bulkActionButtons={false} rowClick="show" empty={<Empty text={`${M}.none_evaluations`} />}>
          <DataTable.Col source="type" label="resources.evaluations.fields.type">
            <SelectField source="type" choices={types} translateChoice={false} />
          </DataTable.Col>
          <DataTable.Col source="date" label="resources.evaluations.fields.date" />
          <DataTable.Col source="overallScore" label="resources.evaluations.fields.overallScore">
            <OverallScoreField />
          </DataTable.Col>
          <DataTable.Col source="status" label="resources.evaluations.fields.status">
            <EvaluationStatusField />
          </DataTable.Col>
          {staff && (
            <DataTable.Col source="sharedWithClient" label="resources.evaluations.fields.sharedWithClient">
              <BooleanField source="sharedWithClient" />
            </DataTable.Col>
          )}
          <DataTable.Col source="finalizedAt" label="resources.evaluations.fields.finalizedAt">
            <FirmDateField source="finalizedAt" emptyText="—" />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};

/** The client's open improvement actions (open, in progress), soonest due first; overdue ones highlighted. */
export const ClientActions = (_props: { label?: false }) => (
  <Box data-testid="client-actions">
    <Toolbar resource="actions" testId="client-actions" all={`${M}.all_actions`} />
    <ReferenceManyField
      reference="actions"
      target="clientId"
      filter={{ status: ['open', 'in_progress'] }}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={100}
      empty={<Empty text={`${M}.none_actions`} />}
    >
      <DataTable bulkActionButtons={false} rowClick="show" rowSx={(a: ActionRecord) => overdueRowSx(a)} empty={<Empty text={`${M}.none_actions`} />}>
        <UserTextColumn source="title" label="resources.actions.fields.title" />
        <UserTextColumn source="ownerLabel" label="resources.actions.fields.ownerLabel" />
        <DataTable.Col source="dueAt" label="resources.actions.fields.dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <DataTable.Col source="status" label="resources.actions.fields.status">
          <ActionStatusField />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  </Box>
);
