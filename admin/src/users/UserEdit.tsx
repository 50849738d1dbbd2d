import { Edit, SaveButton, ShowButton, SimpleForm, Toolbar, TopToolbar } from 'react-admin';
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
  <Edit mutationMode="pessimistic" redirect="show" actions={<UserEditActions />}>
    <SimpleForm
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <UserInputs />
    </SimpleForm>
  </Edit>
);
