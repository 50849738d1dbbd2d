import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { TimeEntryRecord } from '@incident-desk/shared';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { usePutSave } from '../common/api';
import { timeEntryBody } from './api';
import { TimeEntryInputs } from './TimeEntryInputs';

const EditForm = () => {
  const record = useRecordContext<TimeEntryRecord>();
  const translate = useTranslate();
  const save = usePutSave<TimeEntryRecord>('time-entries', (values) => timeEntryBody(values, 'update'), 'list');
  if (!record) return null;
  return (
    <>
      {record.locked && <Alert severity="warning" sx={{ mb: 1 }} data-testid="time-entry-locked">{translate('incidentDesk.timeEntries.locked')}</Alert>}
      <SaveOnlyForm onSubmit={save}>
        <TimeEntryInputs mode="edit" clientId={record.clientId} />
      </SaveOnlyForm>
    </>
  );
};

/** The client and whose time it is never change (delete the entry and log it again). */
export const TimeEntryEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
