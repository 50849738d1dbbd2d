import ReportIcon from '@mui/icons-material/Report';
import { IncidentList } from './IncidentList';
import { IncidentShow } from './IncidentShow';
import { IncidentCreate } from './IncidentCreate';
import { IncidentEdit } from './IncidentEdit';
import type { IncidentRecord } from './types';

export default {
  list: IncidentList,
  show: IncidentShow,
  create: IncidentCreate,
  edit: IncidentEdit,
  icon: ReportIcon,
  recordRepresentation: (record: IncidentRecord) => `${record.reference} ${record.title}`,
};
