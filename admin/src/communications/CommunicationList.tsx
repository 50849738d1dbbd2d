import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  FunctionField,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  TextField,
  useTranslate,
} from 'react-admin';
import { FirmDateField, useFirmTimeZone } from '../common/FirmDateField';
import { ListActions } from '../common/ListActions';
import { useEnumChoices } from '../common/enums';
import { CommunicationStatusField, incidentText } from './fields';
import { type CommunicationRecord, defaultSort } from '@incident-desk/shared';
import SendIcon from '@mui/icons-material/RateReview';
import { postAction } from '../common/api';
import { useAccess, useRole } from '../common/access';
import { BulkButton } from '../common/BulkButtons';
import { RecordRows } from '../common/RecordRows';
import { USER_TEXT, UserTextColumn } from '../common/UserText';

/**
 * Drafts go to review together (`data-testid="bulk-submit"`): each through POST /api/communications/{id}/transition,
 * the same flow rules and audit as its own button; the others are listed with the reason.
 */
const SubmitForReviewButton = () => (
  <BulkButton<CommunicationRecord>
    resource="communications"
    label="incidentDesk.communications.bulk_submit"
    icon={<SendIcon />}
    testId="bulk-submit"
    describe={(c) => c.subject ?? String(c.id)}
    act={(c) => postAction('communications', c.id, 'transition', { to: 'in_review' })}
  />
);

/** The register: filters by client, incident, audience, channel, direction, status and date range (firm time zone). */
export const CommunicationList = () => {
  const translate = useTranslate();
  const timeZone = useFirmTimeZone();
  const isClient = useRole() === 'client_admin';
  const canSubmit = useAccess('communications', 'transition');
  const audiences = useEnumChoices('communicationAudience');
  const channels = useEnumChoices('communicationChannel');
  const directions = useEnumChoices('communicationDirection');
  const statuses = useEnumChoices('communicationStatus');
  const zoned = (source: string) => `${translate(`resources.communications.fields.${source}`)} (${timeZone})`;
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    ...(isClient
      ? []
      : [
          <ReferenceInput key="clientId" source="clientId" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
            <AutocompleteInput sx={{ minWidth: 240 }} />
          </ReferenceInput>,
        ]),
    <ReferenceInput key="incidentId" source="incidentId" reference="incidents" sort={{ field: 'createdAt', order: 'DESC' }}>
      <AutocompleteInput optionText={incidentText} sx={{ minWidth: 280 }} />
    </ReferenceInput>,
    <SelectInput key="audience" source="audience" choices={audiences} translateChoice={false} alwaysOn />,
    <SelectInput key="channel" source="channel" choices={channels} translateChoice={false} />,
    <SelectInput key="direction" source="direction" choices={directions} translateChoice={false} />,
    <SelectInput key="status" source="status" choices={isClient ? statuses.filter((s) => s.id === 'sent' || s.id === 'received') : statuses} translateChoice={false} alwaysOn />,
    ...(isClient ? [] : [<NullableBooleanInput key="clientVisible" source="clientVisible" />]),
    <DateTimeInput key="date_gte" source="date_gte" label={zoned('date_gte')} />,
    <DateTimeInput key="date_lte" source="date_lte" label={zoned('date_lte')} />,
  ];
  return (
    <List filters={filters} sort={defaultSort('communications')} actions={<ListActions />}>
      <RecordRows
        bulkActionButtons={canSubmit ? <SubmitForReviewButton /> : false}
        card={{
          primary: <TextField source="subject" {...USER_TEXT} />,
          secondary: <CommunicationStatusField />,
          tertiary: <FirmDateField source="date" />,
        }}
      >
        <DataTable.Col source="date">
          <FirmDateField source="date" />
        </DataTable.Col>
        <UserTextColumn source="subject" />
        <DataTable.Col source="audience">
          <SelectField source="audience" choices={audiences} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="channel">
          <SelectField source="channel" choices={channels} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="direction">
          <SelectField source="direction" choices={directions} translateChoice={false} />
        </DataTable.Col>
        <DataTable.Col source="status">
          <CommunicationStatusField />
        </DataTable.Col>
        {!isClient && (
          <DataTable.Col source="clientId" disableSort>
            <ReferenceField source="clientId" reference="clients" link={false} {...USER_TEXT} />
          </DataTable.Col>
        )}
        <DataTable.Col source="incidentId" disableSort>
          <ReferenceField source="incidentId" reference="incidents" link={false} emptyText="—" {...USER_TEXT}>
            <FunctionField render={incidentText} />
          </ReferenceField>
        </DataTable.Col>
        <DataTable.Col source="acknowledgedAt" disableSort>
          <FirmDateField source="acknowledgedAt" emptyText="—" />
        </DataTable.Col>
      </RecordRows>
    </List>
  );
};
