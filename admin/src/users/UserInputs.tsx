import {
  AutocompleteInput,
  BooleanInput,
  email,
  FormDataConsumer,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
} from 'react-admin';
import { LOCALE_CHOICES, useEnumChoices } from '../common/enums';

/** Inputs shared by UserCreate and UserEdit (no password: people set their own from their invitation, issue 20). */
export const UserInputs = () => {
  const roles = useEnumChoices('role');
  return (
    <>
      <TextInput source="email" type="email" validate={[required(), email()]} sx={{ maxWidth: 400 }} fullWidth />
      <TextInput source="name" validate={required()} sx={{ maxWidth: 400 }} fullWidth />
      <SelectInput source="role" choices={roles} translateChoice={false} validate={required()} sx={{ maxWidth: 400 }} />
      <FormDataConsumer<{ role?: string }>>
        {({ formData }) =>
          formData.role === 'client_admin' ? (
            <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
              <AutocompleteInput
                validate={required('app.validation.client_required')}
                sx={{ maxWidth: 400 }}
              />
            </ReferenceInput>
          ) : null
        }
      </FormDataConsumer>
      <SelectInput source="locale" choices={LOCALE_CHOICES} validate={required()} sx={{ maxWidth: 400 }} />
      <BooleanInput source="active" />
    </>
  );
};
