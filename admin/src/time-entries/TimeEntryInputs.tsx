import { AutocompleteInput, BooleanInput, DateInput, NumberInput, ReferenceInput, SelectInput, TextInput, required, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { MAX_ENTRY_MINUTES } from '@incident-desk/shared';
import { useRole, useStaffChoices } from '../common/access';
import { useEnumChoices } from '../common/enums';

/** The fields of an entry; the client and whose time it is are chosen on create only. */
export const TimeEntryInputs = ({ mode, clientId }: { mode: 'create' | 'edit'; clientId?: string }) => {
  const translate = useTranslate();
  const activities = useEnumChoices('timeActivity');
  const staff = useStaffChoices();
  const manager = useRole() === 'manager';
  const chosenClient = (useWatch({ name: 'clientId' }) as string | undefined) ?? clientId;
  return (
    <>
      {mode === 'create' && (
        <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }} filter={{ status: 'active' }}>
          <AutocompleteInput validate={required()} sx={{ minWidth: 320 }} />
        </ReferenceInput>
      )}
      {mode === 'create' && manager && <SelectInput source="userId" choices={staff} translateChoice={false} emptyText={translate('incidentDesk.timeEntries.me')} />}
      <ReferenceInput source="incidentId" reference="incidents" filter={chosenClient ? { clientId: chosenClient } : {}} sort={{ field: 'createdAt', order: 'DESC' }}>
        <AutocompleteInput sx={{ minWidth: 320 }} />
      </ReferenceInput>
      <DateInput source="date" validate={required()} />
      <NumberInput source="minutes" min={1} max={MAX_ENTRY_MINUTES} step={5} validate={required()} helperText="incidentDesk.timeEntries.minutes_help" />
      <SelectInput source="activity" choices={activities} translateChoice={false} validate={required()} />
      <TextInput source="note" multiline fullWidth />
      <BooleanInput source="billable" />
    </>
  );
};
