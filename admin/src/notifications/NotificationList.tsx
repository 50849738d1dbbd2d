import { Box, Button, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import SettingsIcon from '@mui/icons-material/Settings';
import { BooleanInput, DataTable, FunctionField, List, TopToolbar, useNotify, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import { defaultSort, recordPath, type NotificationRecord } from '@incident-desk/shared';
import { FirmDateField } from '../common/FirmDateField';
import { markAllRead, markRead, useNotificationsChanged } from './api';

const Actions = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const changed = useNotificationsChanged();
  return (
    <TopToolbar>
      <Button component={Link} to="/notification-preferences" startIcon={<SettingsIcon />} size="small">
        {translate('incidentDesk.notifications.preferences')}
      </Button>
      <Button
        size="small"
        startIcon={<DoneAllIcon />}
        data-testid="notifications-read-all"
        onClick={async () => {
          await markAllRead();
          await changed();
          notify('incidentDesk.notifications.read_all_done', { type: 'info' });
        }}
      >
        {translate('incidentDesk.notifications.read_all')}
      </Button>
    </TopToolbar>
  );
};

/**
 * My notifications, newest first; unread ones in bold. A click marks it read and opens its record (recordPath: the
 * incident for its clocks, tasks and timeline; the communication, action or training itself).
 */
export const NotificationList = () => {
  const translate = useTranslate();
  const changed = useNotificationsChanged();
  return (
    <List
      actions={<Actions />}
      filters={[<BooleanInput key="unread" source="unread" alwaysOn />]}
      sort={defaultSort('notifications')}
      empty={<Typography sx={{ p: 2 }}>{translate('incidentDesk.notifications.none')}</Typography>}
    >
      <DataTable
        bulkActionButtons={false}
        rowClick={async (id, _resource, record) => {
          if (!(record as NotificationRecord).readAt) {
            await markRead(id);
            await changed();
          }
          return recordPath(record as NotificationRecord).replace(/^#/, '');
        }}
        rowSx={(r) => ({ '& td': { fontWeight: (r as NotificationRecord).readAt ? 'normal' : 'bold' } })}
      >
        <DataTable.Col source="createdAt">
          <FirmDateField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col source="kind" disableSort>
          <FunctionField<NotificationRecord> render={(r) => translate(`incidentDesk.notifications.kinds.${r.kind}`)} />
        </DataTable.Col>
        <DataTable.Col source="title" disableSort>
          <FunctionField<NotificationRecord>
            render={(r) => (
              <Box data-testid="notification-row" data-unread={r.readAt ? 'false' : 'true'}>
                <div>{r.title}</div>
                <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-line', fontWeight: 'normal' }}>
                  {r.body}
                </Typography>
              </Box>
            )}
          />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
