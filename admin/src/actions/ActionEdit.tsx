import { useRecordContext } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import type { ActionRecord } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { pickDefined, usePutSave } from '../common/api';
import { zonedToIso } from '../common/time';
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
    <SaveOnlyForm
      onSubmit={save}
      record={{ ...record, ownerKind: record.ownerId ? 'staff' : 'other' }}
    >
      <ActionInputs mode="edit" record={record} />
    </SaveOnlyForm>
  );
};

/** The PUT carries the editable fields alone (status changes here: done stamps doneAt). */
export const ActionEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
