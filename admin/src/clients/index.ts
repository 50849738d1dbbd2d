import BusinessIcon from '@mui/icons-material/Business';
import { lazyPage } from '../common/lazy';
import type { ClientRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./ClientList'), 'ClientList'),
  show: lazyPage(() => import('./ClientShow'), 'ClientShow'),
  create: lazyPage(() => import('./ClientCreate'), 'ClientCreate'),
  edit: lazyPage(() => import('./ClientEdit'), 'ClientEdit'),
  icon: BusinessIcon,
  recordRepresentation: (record: ClientRecord) => record.name,
};
