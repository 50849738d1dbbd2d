import { Alert } from '@mui/material';
import {
  BooleanField,
  DataTable,
  EditButton,
  FunctionField,
  Labeled,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useGetIdentity,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { CLIENT_VISIBLE_ATTACHMENT_ENTITIES, isEvaluationEditable, type ActionRecord, type EvaluationRecord } from '@incident-desk/shared';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useEnumChoices } from '../common/enums';
import { ActionStatusField, overdueRowSx } from '../actions/fields';
import { CriteriaTable } from './CriteriaTable';
import { AddActionButton, FinalizeButton, NewVersionButton, ShareButton } from './EvaluationActions';
import { EvaluationStatusField, incidentText, OverallScoreField, RiskLevelField, trainingText } from './fields';
import { USER_TEXT, UserTextColumn } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const ShowActions = () => {
  const record = useRecordContext<EvaluationRecord>();
  const { canAccess: canEdit } = useCanAccess({ resource: 'evaluations', action: 'edit' });
  return (
    <TopToolbar>
      {record && canEdit && isEvaluationEditable(record.status) && <EditButton />}
      <FinalizeButton />
      <NewVersionButton />
      <ShareButton />
    </TopToolbar>
  );
};

const DraftNote = () => {
  const record = useRecordContext<EvaluationRecord>();
  const translate = useTranslate();
  if (!record || record.status !== 'draft') return null;
  return <Alert severity="info" sx={{ my: 1 }}>{translate('incidentDesk.evaluations.finalize_help')}</Alert>;
};

/** Every version of this evaluation (those the caller may see), oldest first; the current one marked. */
const Versions = () => {
  const record = useRecordContext<EvaluationRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <ReferenceManyField reference="evaluations" target="seriesId" source="seriesId" sort={{ field: 'version', order: 'ASC' }} perPage={50}>
      <DataTable bulkActionButtons={false} rowClick="show" data-testid="evaluation-versions">
        <DataTable.Col source="version">
          <FunctionField
            render={(v: EvaluationRecord) =>
              `${translate('incidentDesk.evaluations.version_of', { version: v.version })}${v.id === record.id ? ` (${translate('incidentDesk.evaluations.current')})` : ''}`
            }
          />
        </DataTable.Col>
        <DataTable.Col source="status">
          <EvaluationStatusField />
        </DataTable.Col>
        <DataTable.Col source="date" />
        <DataTable.Col source="overallScore">
          <OverallScoreField />
        </DataTable.Col>
        <DataTable.Col source="finalizedAt">
          <FirmDateField source="finalizedAt" emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
};

const LinkedActions = () => {
  const translate = useTranslate();
  return (
    <ReferenceManyField
      reference="actions"
      target="evaluationId"
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={100}
      empty={<span>{translate('incidentDesk.evaluations.no_actions')}</span>}
    >
      <DataTable bulkActionButtons={false} rowClick="show" rowSx={overdueRowSx} data-testid="evaluation-actions">
        <UserTextColumn source="title" label="resources.actions.fields.title" />
        <UserTextColumn source="ownerLabel" label="resources.actions.fields.ownerLabel" />
        <DataTable.Col source="dueAt" label="resources.actions.fields.dueAt">
          <FirmDateField source="dueAt" />
        </DataTable.Col>
        <DataTable.Col source="status" label="resources.actions.fields.status">
          <ActionStatusField />
        </DataTable.Col>
        <DataTable.Col source="doneAt" label="resources.actions.fields.doneAt">
          <FunctionField render={(a: ActionRecord) => (a.doneAt ? <FirmDateField source="doneAt" /> : '—')} />
        </DataTable.Col>
      </DataTable>
    </ReferenceManyField>
  );
};

/**
 * The files of the evaluation: added and removed while it is a draft, final afterwards. Client admins download the files
 * of the evaluations shared with them (CLIENT_VISIBLE_ATTACHMENT_ENTITIES), read-only.
 */
const Attachments = ({ staff }: { staff: boolean; label?: false }) => {
  const record = useRecordContext<EvaluationRecord>();
  if (!record || (!staff && !CLIENT_VISIBLE_ATTACHMENT_ENTITIES.includes('evaluations'))) return null;
  return <AttachmentsPanel entity="evaluations" entityId={record.id} readOnly={!staff || !isEvaluationEditable(record.status)} />;
};

export const EvaluationShow = () => {
  const types = useEnumChoices('evaluationType');
  const { identity } = useGetIdentity();
  const staff = identity?.role === 'manager' || identity?.role === 'consultant';
  return (
    <Show title={<RecordTitle />} actions={<ShowActions />}>
      <SimpleShowLayout>
        <EvaluationStatusField label="resources.evaluations.fields.status" />
        <DraftNote />
        <SelectField source="type" choices={types} translateChoice={false} />
        <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
        <ReferenceField source="incidentId" reference="incidents" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={incidentText} />
        </ReferenceField>
        <ReferenceField source="trainingId" reference="trainings" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={trainingText} />
        </ReferenceField>
        <TextField source="evaluatorName" emptyText="—" {...USER_TEXT} />
        <TextField source="date" />
        <NumberField source="version" />
        {staff && <BooleanField source="sharedWithClient" />}
        <FirmDateField source="finalizedAt" emptyText="—" />

        <Section title="incidentDesk.evaluations.scores" />
        <Labeled label="resources.evaluations.fields.overallScore">
          <OverallScoreField />
        </Labeled>
        <NumberField source="scaleMax" />
        <CriteriaTable label="resources.evaluations.fields.criteria" />

        <Section title="incidentDesk.evaluations.conclusions" />
        <Labeled label="resources.evaluations.fields.riskLevel">
          <RiskLevelField />
        </Labeled>
        <TextField source="findings" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />
        <TextField source="recommendations" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />

        <Section title="incidentDesk.evaluations.versions" />
        <Versions />

        <Section title="incidentDesk.evaluations.actions" />
        <AddActionButton />
        <LinkedActions />
        <Attachments staff={staff} label={false} />
      </SimpleShowLayout>
    </Show>
  );
};
