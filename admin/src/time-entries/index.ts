import TimerIcon from '@mui/icons-material/Timer';
import { lazyPage } from '../common/lazy';
import type { TimeEntryRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./TimeEntryList'), 'TimeEntryList'),
  create: lazyPage(() => import('./TimeEntryCreate'), 'TimeEntryCreate'),
  edit: lazyPage(() => import('./TimeEntryEdit'), 'TimeEntryEdit'),
  icon: TimerIcon,
  recordRepresentation: (record: TimeEntryRecord) => `${record.date} · ${record.minutes} min`,
};
