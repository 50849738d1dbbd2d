import { AutocompleteInput, Create, ReferenceInput, required, SimpleForm } from 'react-admin';

const CONSULTANTS = { role: 'consultant' };

/** Body: {consultantId, clientId}. */
export const AssignmentCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <ReferenceInput source="consultantId" reference="users" filter={CONSULTANTS} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput validate={required()} sx={{ maxWidth: 480 }} />
      </ReferenceInput>
      <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput validate={required()} sx={{ maxWidth: 480 }} />
      </ReferenceInput>
    </SimpleForm>
  </Create>
);
