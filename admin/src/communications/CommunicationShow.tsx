import { Alert, Box, Typography } from '@mui/material';
import {
  BooleanField,
  EditButton,
  FunctionField,
  Labeled,
  ReferenceField,
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
import {
  CLIENT_VISIBLE_ATTACHMENT_ENTITIES, ENUM_LABELS, formatCountdown, isCommunicationEditable, type CommunicationRecord,
} from '@incident-desk/shared';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { useAppLocale, useEnumChoices } from '../common/enums';
import { AcknowledgeButton, TransitionButtons } from './CommunicationActions';
import { CommunicationStatusField, incidentText } from './fields';
import { USER_TEXT } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const ShowActions = () => {
  const record = useRecordContext<CommunicationRecord>();
  const { canAccess: canEdit } = useCanAccess({ resource: 'communications', action: 'edit' });
  return (
    <TopToolbar>
      {record && canEdit && isCommunicationEditable(record.status) && <EditButton />}
      <TransitionButtons />
      <AcknowledgeButton />
    </TopToolbar>
  );
};

/** One step of the flow: who and when (hidden when it has not happened). */
const Step = ({ by, at }: { by?: keyof CommunicationRecord; at: keyof CommunicationRecord }) => {
  const record = useRecordContext<CommunicationRecord>();
  const translate = useTranslate();
  if (!record || !record[at]) return null;
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'baseline' }} data-testid={`comm-step-${String(at)}`}>
      <Typography variant="body2" color="text.secondary" sx={{ minWidth: 140 }}>
        {translate(`resources.communications.fields.${String(at)}`)}
      </Typography>
      <FirmDateField source={String(at)} />
      {by && record[by] && (
        <Typography variant="body2">
          {translate(`resources.communications.fields.${String(by)}`)}: <span {...USER_TEXT}>{String(record[by])}</span>
        </Typography>
      )}
    </Box>
  );
};

const ObligationLine = () => {
  const locale = useAppLocale();
  return (
    <ReferenceField source="obligationId" reference="obligations" link={false} emptyText="—">
      <FunctionField
        render={(o: { rule: string; status: string; dueAt: string; fulfilledAt: string | null }) =>
          `${ENUM_LABELS.obligationRule[o.rule]?.[locale] ?? o.rule} · ${ENUM_LABELS.obligationStatus[o.status]?.[locale] ?? o.status}` +
          (o.status === 'pending' || o.status === 'overdue' ? ` · ${formatCountdown(Date.parse(o.dueAt) - Date.now(), locale)}` : '')
        }
      />
    </ReferenceField>
  );
};

const ApprovalHint = () => {
  const record = useRecordContext<CommunicationRecord>();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  if (!record || record.status !== 'in_review' || identity?.role === 'client_admin') return null;
  return <Alert severity="info" sx={{ my: 1 }}>{translate('incidentDesk.communications.approval_rule')}</Alert>;
};

/** Staff see that a sent, client-visible communication still waits for the client's acknowledgement. */
const NotAcknowledged = () => {
  const record = useRecordContext<CommunicationRecord>();
  const translate = useTranslate();
  if (!record || record.status !== 'sent' || !record.clientVisible || record.acknowledgedAt) return null;
  return (
    <Typography variant="body2" color="text.secondary" data-testid="comm-not-acknowledged">
      {translate('incidentDesk.communications.not_acknowledged')}
    </Typography>
  );
};

/**
 * The files of the communication: added and removed while it is a draft (or an inbound record), final afterwards.
 * Client admins download the files of the communications they see (CLIENT_VISIBLE_ATTACHMENT_ENTITIES), read-only.
 */
const Attachments = ({ staff }: { staff: boolean; label?: false }) => {
  const record = useRecordContext<CommunicationRecord>();
  if (!record || (!staff && !CLIENT_VISIBLE_ATTACHMENT_ENTITIES.includes('communications'))) return null;
  return <AttachmentsPanel entity="communications" entityId={record.id} readOnly={!staff || !isCommunicationEditable(record.status)} />;
};

export const CommunicationShow = () => {
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const directions = useEnumChoices('communicationDirection');
  const { identity } = useGetIdentity();
  const staff = identity?.role === 'manager' || identity?.role === 'consultant';
  return (
    <Show title={<RecordTitle />} actions={<ShowActions />}>
      <SimpleShowLayout>
        <CommunicationStatusField label="resources.communications.fields.status" />
        <ApprovalHint />
        <TextField source="subject" {...USER_TEXT} />
        <SelectField source="audience" choices={audiences} translateChoice={false} />
        <SelectField source="channel" choices={channels} translateChoice={false} />
        <SelectField source="direction" choices={directions} translateChoice={false} />
        <FunctionField source="recipients" render={(r: CommunicationRecord) => (r.recipients?.length ? r.recipients.join('; ') : '—')} />
        <Section title="incidentDesk.communications.content" />
        <TextField source="body" label={false} sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />
        <Section title="incidentDesk.communications.links" />
        <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
        <ReferenceField source="incidentId" reference="incidents" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={incidentText} />
        </ReferenceField>
        {staff && (
          <Labeled label="resources.communications.fields.obligationId">
            <ObligationLine />
          </Labeled>
        )}
        {staff && <BooleanField source="clientVisible" />}
        <Section title="incidentDesk.communications.flow" />
        {staff && <Step by="createdByName" at="createdAt" />}
        {staff && <Step by="submittedByName" at="submittedAt" />}
        {staff && <Step by="approvedByName" at="approvedAt" />}
        <Step by="sentByName" at="sentAt" />
        <FunctionField
          label="incidentDesk.communications.receipt"
          render={(r: CommunicationRecord) => <span data-testid="comm-receipt">{r.receiptNumber ?? '—'}</span>}
        />
        <Step at="receivedAt" />
        <Step by="acknowledgedByName" at="acknowledgedAt" />
        {staff && <NotAcknowledged />}
        <Attachments staff={staff} label={false} />
      </SimpleShowLayout>
    </Show>
  );
};
