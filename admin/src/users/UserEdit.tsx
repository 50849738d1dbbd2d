import { ShowButton, TopToolbar } from 'react-admin';
import { EditPage, SaveOnlyForm } from '../common/EditPage';
import { UserInputs } from './UserInputs';
import { ResetPasswordButton } from './ResetPasswordButton';

const UserEditActions = () => (
  <TopToolbar>
    <ShowButton />
    <ResetPasswordButton />
  </TopToolbar>
);

/** No delete: deactivate with the Active switch. Body: email, name, role, clientId, locale, active. */
export const UserEdit = () => (
  <EditPage redirect="show" actions={<UserEditActions />}>
    <SaveOnlyForm
    >
      <UserInputs />
    </SaveOnlyForm>
  </EditPage>
);
