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
 * The PUT carries the client as it was read with the form's changes (the server ignores id, firmId, dates and the
 * other fields it sets while they are unchanged).
 */
export const ClientEdit = () => (
  <EditPage redirect="show" actions={<ClientEditActions />}>
    <SaveOnlyForm mode="onBlur">
      <ClientInputs />
    </SaveOnlyForm>
  </EditPage>
);
