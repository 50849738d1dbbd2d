import { Create, SimpleForm } from 'react-admin';
import { todayIn } from '@incident-desk/shared';
import { useFirmTimeZone } from '../common/FirmDateField';
import { trainingBody } from './api';
import { TrainingInputs } from './TrainingInputs';

/** A new training or drill; the body carries the writable fields only. */
export const TrainingCreate = () => {
  const timeZone = useFirmTimeZone();
  return (
    <Create redirect="show" transform={(values: Record<string, unknown>) => trainingBody(values, 'create')}>
      <SimpleForm defaultValues={{ status: 'planned', type: 'security_awareness', date: todayIn(timeZone), participants: [] }}>
        <TrainingInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
