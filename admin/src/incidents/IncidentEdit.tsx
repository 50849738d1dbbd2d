import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { useFirmTimeZone } from '../common/FirmDateField';
import { usePutSave } from '../common/api';
import { IncidentInputs, incidentBody } from './IncidentInputs';
import type { IncidentRecord } from './types';

const EditForm = () => {
  const timeZone = useFirmTimeZone();
  const save = usePutSave<IncidentRecord>('incidents', (values) => incidentBody(values, timeZone, 'edit'));
  return (
    <SaveOnlyForm onSubmit={save}>
      <IncidentInputs mode="edit" />
    </SaveOnlyForm>
  );
};

/**
 * Firm staff change the facts of an incident (the PUT carries only the fields it accepts). Status, grade and team
 * have their own actions on the incident's page.
 */
export const IncidentEdit = () => (
  <EditPage>
    <EditForm />
  </EditPage>
);
