import AttachFileIcon from '@mui/icons-material/AttachFile';
import type { AttachmentRecord } from '@incident-desk/shared';
import { AttachmentList } from './AttachmentList';

export { AttachmentsPanel, type AttachmentsPanelProps } from './AttachmentsPanel';
export { downloadAttachment, uploadAttachment } from './api';

/** The `attachments` resource: a firm-wide list; files are added and removed from the record they belong to (AttachmentsPanel). */
export default {
  list: AttachmentList,
  icon: AttachFileIcon,
  recordRepresentation: (record: AttachmentRecord) => record.fileName,
};
