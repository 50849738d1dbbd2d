import {
  ArrayField,
  BooleanField,
  DataTable,
  EditButton,
  SelectField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { FirmDateField } from '../common/FirmDateField';
import { useEnumChoices } from '../common/enums';
import { ClientActions, ClientEvaluations, ClientTrainings } from './ClientRecords';
import { OffboardButton } from './OffboardButton';
import { SlaField } from './fields';
import { USER_TEXT, UserTextColumn } from '../common/UserText';
import { RecordTitle } from '../common/RecordTitle';

const ClientShowActions = () => (
  <TopToolbar>
    <EditButton />
    <OffboardButton />
  </TopToolbar>
);

/**
 * The client: company details, then tabs for its trainings falling due, its evaluations and its open improvement
 * actions (each shown when the role may list them; the server decides which records a client admin gets).
 * Tabs: `#/clients/<id>/show`, `…/show/trainings`, `…/show/evaluations`, `…/show/actions`.
 */
export const ClientShow = () => {
  const operatorTypes = useEnumChoices('operatorType');
  const statuses = useEnumChoices('clientStatus');
  const trainings = useCanAccess({ resource: 'trainings', action: 'list' });
  const evaluations = useCanAccess({ resource: 'evaluations', action: 'list' });
  const actions = useCanAccess({ resource: 'actions', action: 'list' });
  return (
    <Show title={<RecordTitle />} actions={<ClientShowActions />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="incidentDesk.clients.tab_details" data-testid="client-tab-details">
          <TextField source="name" {...USER_TEXT} />
          <TextField source="creditCode" />
          <TextField source="industry" emptyText="—" {...USER_TEXT} />
          <SelectField source="operatorType" choices={operatorTypes} translateChoice={false} />
          <BooleanField source="processesEuPersonalData" />
          <SelectField source="status" choices={statuses} translateChoice={false} />
          <FirmDateField source="offboardedAt" emptyText="—" />
          <ArrayField source="contacts">
            <DataTable bulkActionButtons={false} rowClick={false} empty={<span>—</span>}>
              <UserTextColumn source="name" label="resources.clients.fields.contacts.name" />
              <UserTextColumn source="title" label="resources.clients.fields.contacts.title" />
              <DataTable.Col source="email" label="resources.clients.fields.contacts.email" />
              <DataTable.Col source="phone" label="resources.clients.fields.contacts.phone" />
            </DataTable>
          </ArrayField>
          <SlaField source="contractSla" label="resources.clients.fields.contractSla" />
          <FirmDateField source="createdAt" />
          <FirmDateField source="updatedAt" />
        </TabbedShowLayout.Tab>
        {trainings.canAccess && (
          <TabbedShowLayout.Tab label="incidentDesk.clients.tab_trainings" path="trainings" data-testid="client-tab-trainings">
            <ClientTrainings label={false} />
          </TabbedShowLayout.Tab>
        )}
        {evaluations.canAccess && (
          <TabbedShowLayout.Tab label="incidentDesk.clients.tab_evaluations" path="evaluations" data-testid="client-tab-evaluations">
            <ClientEvaluations label={false} />
          </TabbedShowLayout.Tab>
        )}
        {actions.canAccess && (
          <TabbedShowLayout.Tab label="incidentDesk.clients.tab_actions" path="actions" data-testid="client-tab-actions">
            <ClientActions label={false} />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
};
