import HistoryIcon from '@mui/icons-material/History';
import type { AuditLogRecord } from '@incident-desk/shared';
import { AuditLogList } from './AuditLogList';
import { AuditLogShow } from './AuditLogShow';

/** Read-only: list and show. */
export default {
  list: AuditLogList,
  show: AuditLogShow,
  icon: HistoryIcon,
  recordRepresentation: (record: AuditLogRecord) => `#${record.seq}`,
};
