import ReportIcon from '@mui/icons-material/Report';
import { lazyPage } from '../common/lazy';
import { prefetchIncidentPage } from './pageLists';
import type { IncidentRecord } from './types';

export default {
  list: lazyPage(() => import('./IncidentList'), 'IncidentList'),
  show: lazyPage(() => import('./IncidentShow'), 'IncidentShow', { prefetch: prefetchIncidentPage }),
  create: lazyPage(() => import('./IncidentCreate'), 'IncidentCreate'),
  edit: lazyPage(() => import('./IncidentEdit'), 'IncidentEdit'),
  icon: ReportIcon,
  recordRepresentation: (record: IncidentRecord) => `${record.reference} ${record.title}`,
};
