import { Alert } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { usePutSave } from '../common/api';
import { PlaybookTaskInputs, PlaybookTextInputs, cleanTasks, cleanText } from './PlaybookInputs';
import type { PlaybookRecord } from '@incident-desk/shared';

const EditForm = () => {
  const record = useRecordContext<PlaybookRecord>();
  const translate = useTranslate();
  const save = usePutSave<PlaybookRecord>('playbooks', (values) => ({
    name: cleanText(values.name),
    description: cleanText(values.description),
    tasks: cleanTasks(values.tasks),
  }));
  if (!record) return null;
  if (record.builtIn) return <Alert severity="info">{translate('incidentDesk.playbooks.built_in_help')}</Alert>;
  return (
    <SaveOnlyForm onSubmit={save}>
      <PlaybookTextInputs />
      <PlaybookTaskInputs />
    </SaveOnlyForm>
  );
};

/** Managers edit the firm's own playbooks (names, descriptions and tasks); the built-in one is read-only. */
export const PlaybookEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
