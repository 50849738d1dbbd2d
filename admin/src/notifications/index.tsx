import NotificationsIcon from '@mui/icons-material/Notifications';
import CampaignIcon from '@mui/icons-material/Campaign';
import OutboxIcon from '@mui/icons-material/Outbox';
import { Route } from 'react-router-dom';
import type { NotificationChannelRecord } from '@incident-desk/shared';
import { lazyPage } from '../common/lazy';

// each page loads when it is first opened (the bell in the app bar is imported from its own file by the layout)
const NotificationList = lazyPage(() => import('./NotificationList'), 'NotificationList');
const ChannelList = lazyPage(() => import('./channels'), 'ChannelList');
const ChannelCreate = lazyPage(() => import('./channels'), 'ChannelCreate');
const ChannelEdit = lazyPage(() => import('./channels'), 'ChannelEdit');
const DeliveryList = lazyPage(() => import('./channels'), 'DeliveryList');
const PreferencesPage = lazyPage(() => import('./PreferencesPage'), 'PreferencesPage');
const SettingsPage = lazyPage(() => import('./SettingsPage'), 'SettingsPage');

/** My notifications (everyone). */
export const notifications = { list: NotificationList, icon: NotificationsIcon };

/** The firm's group channels (managers): WeCom, DingTalk, Feishu robots and signed webhooks, with a test button. */
export const notificationChannels = {
  list: ChannelList,
  create: ChannelCreate,
  edit: ChannelEdit,
  icon: CampaignIcon,
  recordRepresentation: (r: NotificationChannelRecord) => r.name,
};

/** Every delivery and its state (managers): pending, sent, failed with the error, attempts, dead letters. */
export const notificationDeliveries = { list: DeliveryList, icon: OutboxIcon };

/** My notification settings. */
export const notificationPreferencesRoute = <Route key="notification-preferences" path="/notification-preferences" element={<PreferencesPage />} />;

/** The firm's alerting settings (managers). */
export const notificationSettingsRoute = <Route key="notification-settings" path="/notification-settings" element={<SettingsPage />} />;
