import { AutocompleteInput, BooleanInput, Create, ReferenceInput, required, SimpleForm } from 'react-admin';

const CONSULTANTS = { role: 'consultant' };

/** Body: {consultantId, clientId, primary} (primary left off: only when the client has no primary consultant yet). */
export const AssignmentCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <ReferenceInput source="consultantId" reference="users" filter={CONSULTANTS} sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput validate={required()} sx={{ maxWidth: 480 }} />
      </ReferenceInput>
      <ReferenceInput source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteInput validate={required()} sx={{ maxWidth: 480 }} />
      </ReferenceInput>
      <BooleanInput source="primary" helperText="resources.assignments.primary_help" />
    </SimpleForm>
  </Create>
);
