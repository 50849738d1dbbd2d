import { ShowButton, TopToolbar } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
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
  <EditPage redirect="show" actions={<ClientEditActions />}>
    <SaveOnlyForm mode="onBlur">
      <ClientInputs />
    </SaveOnlyForm>
  </EditPage>
);
