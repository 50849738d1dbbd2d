import HistoryIcon from '@mui/icons-material/History';
import { lazyPage } from '../common/lazy';
import type { AuditLogRecord } from '@incident-desk/shared';

/** Read-only: list and show. */
export default {
  list: lazyPage(() => import('./AuditLogList'), 'AuditLogList'),
  show: lazyPage(() => import('./AuditLogShow'), 'AuditLogShow'),
  icon: HistoryIcon,
  recordRepresentation: (record: AuditLogRecord) => `#${record.seq}`,
};
