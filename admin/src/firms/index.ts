import ApartmentIcon from '@mui/icons-material/Apartment';
import { lazyPage } from '../common/lazy';
import type { FirmRecord } from '@incident-desk/shared';

/** The operator's firms (issue 20): list with usage, create, show with suspend / reactivate, export and delete. */
export default {
  list: lazyPage(() => import('./FirmList'), 'FirmList'),
  show: lazyPage(() => import('./FirmShow'), 'FirmShow'),
  create: lazyPage(() => import('./FirmCreate'), 'FirmCreate'),
  icon: ApartmentIcon,
  recordRepresentation: (record: FirmRecord) => record.name,
};
