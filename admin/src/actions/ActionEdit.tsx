import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar, useRecordContext } from 'react-admin';
import type { ActionRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined, usePutSave } from '../communications/api';
import { zonedToIso } from '../communications/CommunicationInputs';
import { ActionInputs, ownerFields } from './ActionInputs';

const EditForm = () => {
  const record = useRecordContext<ActionRecord>();
  const timeZone = useFirmTimeZone();
  const save = usePutSave<ActionRecord>('actions', (values) => {
    const out = pickDefined(values, ['title', 'description', 'incidentId', 'evaluationId', 'dueAt', 'status', 'clientVisible'], ['incidentId', 'evaluationId']);
    if (out.dueAt) out.dueAt = zonedToIso(out.dueAt, timeZone);
    if (values.description === '' || values.description === null) out.description = '';
    return { ...out, ...ownerFields(values) };
  });
  if (!record) return null;
  return (
    <SimpleForm
      onSubmit={save}
      record={{ ...record, ownerKind: record.ownerId ? 'staff' : 'other' }}
      toolbar={<Toolbar><SaveButton /></Toolbar>}
    >
      <ActionInputs mode="edit" record={record} />
    </SimpleForm>
  );
};

/** The PUT carries the editable fields alone (status changes here: done stamps doneAt). */
export const ActionEdit = () => (
  <Edit mutationMode="pessimistic" actions={<TopToolbar><ShowButton /></TopToolbar>}>
    <EditForm />
  </Edit>
);
