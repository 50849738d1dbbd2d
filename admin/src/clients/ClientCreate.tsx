import { Create, SimpleForm } from 'react-admin';
import { ClientInputs } from './ClientInputs';

const defaultValues = {
  processesEuPersonalData: false,
  contacts: [],
  contractSla: { acknowledgeHours: {}, resolveHours: {} },
};

/** Only the writable fields are sent: the dataProvider drops everything else (see sanitize). */
export const ClientCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={defaultValues} mode="onBlur">
      <ClientInputs />
    </SimpleForm>
  </Create>
);
