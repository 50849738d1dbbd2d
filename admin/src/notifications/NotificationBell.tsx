import { useEffect } from 'react';
import { Badge, IconButton, Tooltip } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useGetIdentity, useGetList, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { setTitlePrefix } from '../common/title';

/** How often the unread count is asked again (the server counts: Content-Range of `filter={"unread":true}`). */
const POLL_MS = 30_000;

/**
 * The bell in the app bar: my unread notifications' count (also in front of the browser tab's title, "(3) Incident
 * Desk"); a click opens my notifications.
 */
export const NotificationBell = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { identity } = useGetIdentity();
  const { total } = useGetList(
    'notifications',
    { filter: { unread: true }, pagination: { page: 1, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' } },
    { enabled: !!identity, refetchInterval: POLL_MS, refetchOnWindowFocus: true },
  );
  const count = total ?? 0;
  useEffect(() => setTitlePrefix(count > 0 ? `(${count > 99 ? '99+' : count}) ` : ''), [count]);
  useEffect(() => () => setTitlePrefix(''), []);
  if (!identity) return null;
  const label = `${translate('incidentDesk.notifications.bell')}: ${translate('incidentDesk.notifications.unread', { count })}`;
  return (
    <Tooltip title={label}>
      <IconButton color="inherit" aria-label={label} data-testid="notification-bell" data-count={count} onClick={() => navigate('/notifications')}>
        <Badge badgeContent={count} color="error" max={99}>
          <NotificationsIcon />
        </Badge>
      </IconButton>
    </Tooltip>
  );
};
