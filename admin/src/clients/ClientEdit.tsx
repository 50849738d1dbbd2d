import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar } from 'react-admin';
import { ClientInputs } from './ClientInputs';
import { OffboardButton } from './OffboardButton';

const ClientEditActions = () => (
  <TopToolbar>
    <ShowButton />
    <OffboardButton />
  </TopToolbar>
);

/**
 * Pessimistic, so that the server's validation errors come back under the inputs.
 * The PUT carries name, creditCode, industry, operatorType, processesEuPersonalData, contacts,
 * contractSla and status only (the dataProvider strips id, firmId, dates).
 */
export const ClientEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show" actions={<ClientEditActions />}>
    <SimpleForm
      mode="onBlur"
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <ClientInputs />
    </SimpleForm>
  </Edit>
);
