import AttachFileIcon from '@mui/icons-material/AttachFile';
import { lazyPage } from '../common/lazy';
import type { AttachmentRecord } from '@incident-desk/shared';

/** The `attachments` resource: a firm-wide list; files are added and removed from the record they belong to (AttachmentsPanel). */
export default {
  list: lazyPage(() => import('./AttachmentList'), 'AttachmentList'),
  icon: AttachFileIcon,
  recordRepresentation: (record: AttachmentRecord) => record.fileName,
};
