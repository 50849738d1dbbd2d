import { Create, SimpleForm } from 'react-admin';
import { todayIn } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { timeEntryBody } from './api';
import { TimeEntryInputs } from './TimeEntryInputs';

/** Time logged by hand (the incident page's timer logs it measured). */
export const TimeEntryCreate = () => {
  const timeZone = useFirmTimeZone();
  return (
    <Create redirect="list" transform={(values: Record<string, unknown>) => timeEntryBody(values, 'create')}>
      <SimpleForm defaultValues={{ date: todayIn(timeZone), activity: 'advisory', billable: true }}>
        <TimeEntryInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
