import PeopleIcon from '@mui/icons-material/People';
import { lazyPage } from '../common/lazy';
import type { UserRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./UserList'), 'UserList'),
  show: lazyPage(() => import('./UserShow'), 'UserShow'),
  create: lazyPage(() => import('./UserCreate'), 'UserCreate'),
  edit: lazyPage(() => import('./UserEdit'), 'UserEdit'),
  icon: PeopleIcon,
  recordRepresentation: (record: UserRecord) => (record.email ? `${record.name} <${record.email}>` : record.name),
};
