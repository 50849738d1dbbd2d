import DomainDisabledIcon from '@mui/icons-material/DomainDisabled';
import type { FirmIncidentRecord } from '@incident-desk/shared';
import { FirmIncidentList } from './FirmIncidentList';
import { FirmIncidentShow } from './FirmIncidentShow';
import { FirmIncidentCreate } from './FirmIncidentCreate';

export default {
  list: FirmIncidentList,
  show: FirmIncidentShow,
  create: FirmIncidentCreate,
  icon: DomainDisabledIcon,
  recordRepresentation: (record: FirmIncidentRecord) => `${record.reference} ${record.title}`,
};
