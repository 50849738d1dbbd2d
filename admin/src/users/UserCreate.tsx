import { Create, SimpleForm } from 'react-admin';
import { UserInputs } from './UserInputs';

const defaultValues = { role: 'consultant', locale: 'zh-CN', active: true };

/** Body: email, name, role, clientId (client admins only), locale, active, password. */
export const UserCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={defaultValues}>
      <UserInputs withPassword />
    </SimpleForm>
  </Create>
);
