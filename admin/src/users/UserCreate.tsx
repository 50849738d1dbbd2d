import { Create, SimpleForm } from 'react-admin';
import { UserInputs } from './UserInputs';

const defaultValues = { role: 'consultant', locale: 'zh-CN', active: true };

/** Body: email, name, role, clientId (client admins only), locale, active; the person is invited by e-mail. */
export const UserCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={defaultValues}>
      <UserInputs />
    </SimpleForm>
  </Create>
);
