import { useRecordContext } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import type { TrainingRecord } from '@incident-desk/shared';
import { usePutSave } from '../common/api';
import { trainingBody } from './api';
import { TrainingInputs } from './TrainingInputs';

const EditForm = () => {
  const record = useRecordContext<TrainingRecord>();
  const save = usePutSave<TrainingRecord>('trainings', (values) => trainingBody(values, 'update'));
  if (!record) return null;
  return (
    <SaveOnlyForm onSubmit={save}>
      <TrainingInputs mode="edit" clientId={record.clientId} />
    </SaveOnlyForm>
  );
};

/** The client of a training never changes; records are cancelled, not deleted (no delete button). */
export const TrainingEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
