import DomainDisabledIcon from '@mui/icons-material/DomainDisabled';
import type { FirmIncidentRecord } from '@incident-desk/shared';
import { lazyPage } from '../common/lazy';

export default {
  list: lazyPage(() => import('./FirmIncidentList'), 'FirmIncidentList'),
  show: lazyPage(() => import('./FirmIncidentShow'), 'FirmIncidentShow'),
  create: lazyPage(() => import('./FirmIncidentCreate'), 'FirmIncidentCreate'),
  icon: DomainDisabledIcon,
  recordRepresentation: (record: FirmIncidentRecord) => `${record.reference} ${record.title}`,
};
