import {
  BooleanField,
  EditButton,
  ReferenceField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { LOCALE_CHOICES, useEnumChoices } from '../common/enums';
import { ResetPasswordButton } from './ResetPasswordButton';
import { USER_TEXT } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const UserShowActions = () => (
  <TopToolbar>
    <EditButton />
    <ResetPasswordButton />
  </TopToolbar>
);

export const UserShow = () => {
  const roles = useEnumChoices('role');
  return (
    <Show title={<RecordTitle />} actions={<UserShowActions />}>
      <SimpleShowLayout>
        <TextField source="name" {...USER_TEXT} />
        <TextField source="email" />
        <SelectField source="role" choices={roles} translateChoice={false} />
        <ReferenceField source="clientId" reference="clients" emptyText="—" {...USER_TEXT} />
        <SelectField source="locale" choices={LOCALE_CHOICES} />
        <BooleanField source="active" />
        <FirmDateField source="createdAt" />
        <FirmDateField source="updatedAt" />
      </SimpleShowLayout>
    </Show>
  );
};
