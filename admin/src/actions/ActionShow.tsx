import {
  BooleanField,
  DeleteButton,
  EditButton,
  FunctionField,
  Labeled,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
  useGetIdentity,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { Section } from '../common/Section';
import { incidentText, useEvaluationText } from '../evaluations/fields';
import { ActionStatusField } from './fields';
import { USER_TEXT } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const Actions = () => {
  const { canAccess: canEdit } = useCanAccess({ resource: 'actions', action: 'edit' });
  const { canAccess: canDelete } = useCanAccess({ resource: 'actions', action: 'delete' });
  return (
    <TopToolbar>
      {canEdit && <EditButton />}
      {canDelete && <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
};

export const ActionShow = () => {
  const { identity } = useGetIdentity();
  const staff = identity?.role === 'manager' || identity?.role === 'consultant';
  const evaluationText = useEvaluationText();
  return (
    <Show title={<RecordTitle />} actions={<Actions />}>
      <SimpleShowLayout>
        <TextField source="title" {...USER_TEXT} />
        <Labeled label="resources.actions.fields.status">
          <ActionStatusField />
        </Labeled>
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap', display: 'block' }} {...USER_TEXT} />
        <TextField source="ownerLabel" emptyText="—" {...USER_TEXT} />
        <FirmDateField source="dueAt" />
        <FirmDateField source="doneAt" emptyText="—" />
        <Section title="incidentDesk.actions.links" />
        <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
        <ReferenceField source="incidentId" reference="incidents" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={incidentText} />
        </ReferenceField>
        <ReferenceField source="evaluationId" reference="evaluations" link="show" emptyText="—" {...USER_TEXT}>
          <FunctionField render={evaluationText} />
        </ReferenceField>
        {staff && <BooleanField source="clientVisible" />}
        <FirmDateField source="createdAt" />
        <FirmDateField source="updatedAt" />
      </SimpleShowLayout>
    </Show>
  );
};
