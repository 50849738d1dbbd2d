import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { isCommunicationEditable, type CommunicationRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined, linesList, usePutSave } from '../common/api';
import { zonedToIso } from '../common/time';
import { CommunicationInputs } from './CommunicationInputs';

const EditForm = () => {
  const record = useRecordContext<CommunicationRecord>();
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const save = usePutSave<CommunicationRecord>('communications', (values) => {
    const out = pickDefined(values, ['incidentId', 'audience', 'channel', 'subject', 'body', 'clientVisible', 'obligationId', 'receivedAt'], ['incidentId', 'obligationId']);
    out.recipients = linesList(values.recipients);
    if (record?.direction === 'inbound') {
      delete out.obligationId;
      if (out.receivedAt) out.receivedAt = zonedToIso(out.receivedAt, timeZone);
    } else delete out.receivedAt;
    if (out.incidentId === null) out.obligationId = null;
    return out;
  });
  if (!record) return null;
  if (!isCommunicationEditable(record.status)) return <Alert severity="info">{translate('incidentDesk.communications.not_editable')}</Alert>;
  return (
    <SaveOnlyForm onSubmit={save}>
      <CommunicationInputs mode="edit" clientId={record.clientId} />
    </SaveOnlyForm>
  );
};

/** Drafts (and inbound records) only; the PUT carries the editable fields alone. */
export const CommunicationEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
