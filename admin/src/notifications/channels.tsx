import { Button } from '@mui/material';
import TuneIcon from '@mui/icons-material/Tune';
import { Link } from 'react-router-dom';
import SendIcon from '@mui/icons-material/Send';
import {
  AutocompleteArrayInput, BooleanField, BooleanInput, Create, CreateButton, TopToolbar, DataTable, Edit, FunctionField, List, NumberField,
  PasswordInput, ReferenceArrayInput, SelectArrayInput, SelectInput, SimpleForm, TextField, TextInput,
  useNotify, useRecordContext, useTranslate,
} from 'react-admin';
import { CHANNEL_KINDS, defaultSort, DELIVERY_STATUSES, NOTIFICATION_KINDS, type NotificationChannelRecord, type NotificationDeliveryRecord } from '@incident-desk/shared';
import { useQueryClient } from '@tanstack/react-query';
import { FirmDateField } from '../common/FirmDateField';
import { API_URL, httpClient } from '../dataProvider';

const KIND_NAMES: Record<string, string> = { wecom: '企业微信 WeCom', dingtalk: '钉钉 DingTalk', feishu: '飞书 Feishu', webhook: 'Webhook' };
const kindChoices = CHANNEL_KINDS.map((k) => ({ id: k, name: KIND_NAMES[k] ?? k }));

const useEventChoices = () => {
  const translate = useTranslate();
  return NOTIFICATION_KINDS.map((k) => ({ id: k, name: translate(`incidentDesk.notifications.kinds.${k}`) }));
};

/** Sends the channel a test message now; says what the endpoint answered (also recorded as a delivery). */
export const TestChannelButton = () => {
  const record = useRecordContext<NotificationChannelRecord>();
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  if (!record) return null;
  return (
    <Button
      size="small"
      startIcon={<SendIcon />}
      data-testid="channel-test"
      onClick={async (e) => {
        e.stopPropagation();
        try {
          const { json } = await httpClient(`${API_URL}/notification-channels/${encodeURIComponent(record.id)}/test`, { method: 'POST', body: '{}' });
          const r = json as { ok: boolean; error: string | null };
          if (r.ok) notify('incidentDesk.notifications.test_ok', { type: 'success' });
          else notify('incidentDesk.notifications.test_failed', { type: 'error', messageArgs: { error: r.error ?? '' } });
        } catch (err) {
          notify('incidentDesk.notifications.test_failed', { type: 'error', messageArgs: { error: (err as Error).message } });
        }
        await queryClient.invalidateQueries({ queryKey: ['notification-deliveries'] });
      }}
    >
      {translate('incidentDesk.notifications.test')}
    </Button>
  );
};

const ChannelListActions = () => {
  const translate = useTranslate();
  return (
    <TopToolbar>
      <Button component={Link} to="/notification-settings" size="small" startIcon={<TuneIcon />} data-testid="open-notification-settings">
        {translate('incidentDesk.notifications.settings.title')}
      </Button>
      <CreateButton />
    </TopToolbar>
  );
};

export const ChannelList = () => {
  const translate = useTranslate();
  return (
    <List sort={defaultSort('notification-channels')} actions={<ChannelListActions />}>
      <DataTable bulkActionButtons={false} rowClick="edit">
        <DataTable.Col source="name" />
        <DataTable.Col source="kind">
          <FunctionField<NotificationChannelRecord> render={(r) => KIND_NAMES[r.kind] ?? r.kind} />
        </DataTable.Col>
        <DataTable.Col source="events" disableSort>
          <FunctionField<NotificationChannelRecord>
            render={(r) => (r.events ? r.events.map((k) => translate(`incidentDesk.notifications.kinds.${k}`)).join('、') : '—')}
          />
        </DataTable.Col>
        <DataTable.Col source="active" disableSort>
          <BooleanField source="active" />
        </DataTable.Col>
        <DataTable.Col label="" disableSort>
          <TestChannelButton />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const ChannelForm = ({ create }: { create?: boolean }) => {
  const translate = useTranslate();
  const events = useEventChoices();
  return (
    <SimpleForm>
      <TextInput source="name" fullWidth />
      <SelectInput source="kind" choices={kindChoices} disabled={!create} />
      <TextInput source="url" fullWidth />
      <PasswordInput source="secret" fullWidth helperText={translate('incidentDesk.notifications.secret_help')} />
      <SelectArrayInput source="events" choices={events} fullWidth />
      <ReferenceArrayInput source="clientIds" reference="clients" sort={{ field: 'name', order: 'ASC' }}>
        <AutocompleteArrayInput fullWidth />
      </ReferenceArrayInput>
      <BooleanInput source="active" defaultValue={true} />
      {!create && <TestChannelButton />}
    </SimpleForm>
  );
};

export const ChannelCreate = () => (
  <Create redirect="list">
    <ChannelForm create />
  </Create>
);

export const ChannelEdit = () => (
  <Edit mutationMode="pessimistic">
    <ChannelForm />
  </Edit>
);

/** Every delivery of the firm and its state: pending / sent / failed (with the error, attempts) / dead letters. */
export const DeliveryList = () => {
  const translate = useTranslate();
  const statuses = DELIVERY_STATUSES.map((s) => ({ id: s, name: translate(`incidentDesk.notifications.statuses.${s}`) }));
  return (
    <List sort={defaultSort('notification-deliveries')} filters={[<SelectInput key="status" source="status" choices={statuses} alwaysOn />]}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col source="kind" disableSort>
          <FunctionField<NotificationDeliveryRecord> render={(r) => translate(`incidentDesk.notifications.kinds.${r.kind}`)} />
        </DataTable.Col>
        <DataTable.Col source="transport" disableSort />
        <DataTable.Col source="target" disableSort />
        <DataTable.Col source="status">
          <FunctionField<NotificationDeliveryRecord>
            render={(r) => <span data-testid="delivery-status" data-status={r.status}>{translate(`incidentDesk.notifications.statuses.${r.status}`)}</span>}
          />
        </DataTable.Col>
        <DataTable.Col source="attempts">
          <NumberField source="attempts" />
        </DataTable.Col>
        <DataTable.Col source="lastError" disableSort>
          <TextField source="lastError" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="sentAt" disableSort>
          <FirmDateField source="sentAt" emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
