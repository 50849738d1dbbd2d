import { Create, SimpleForm } from 'react-admin';
import { ClientInputs } from './ClientInputs';

const defaultValues = {
  processesEuPersonalData: false,
  contacts: [],
  contractSla: { acknowledgeHours: {}, resolveHours: {} },
};

/** The form's fields are sent, blank ones tidied by the dataProvider (see sanitize). */
export const ClientCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={defaultValues} mode="onBlur">
      <ClientInputs />
    </SimpleForm>
  </Create>
);
