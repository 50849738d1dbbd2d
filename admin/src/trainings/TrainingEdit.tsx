import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar, useRecordContext } from 'react-admin';
import type { TrainingRecord } from '@incident-desk/shared';
import { useTrainingSave } from './api';
import { TrainingInputs } from './TrainingInputs';

const EditForm = () => {
  const record = useRecordContext<TrainingRecord>();
  const save = useTrainingSave();
  if (!record) return null;
  return (
    <SimpleForm
      onSubmit={save}
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <TrainingInputs mode="edit" clientId={record.clientId} />
    </SimpleForm>
  );
};

/** The client of a training never changes; records are cancelled, not deleted (no delete button). */
export const TrainingEdit = () => (
  <Edit
    mutationMode="pessimistic"
    actions={
      <TopToolbar>
        <ShowButton />
      </TopToolbar>
    }
  >
    <EditForm />
  </Edit>
);
