import ForumIcon from '@mui/icons-material/Forum';
import { lazyPage } from '../common/lazy';
import type { CommunicationRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./CommunicationList'), 'CommunicationList'),
  show: lazyPage(() => import('./CommunicationShow'), 'CommunicationShow'),
  create: lazyPage(() => import('./CommunicationCreate'), 'CommunicationCreate'),
  edit: lazyPage(() => import('./CommunicationEdit'), 'CommunicationEdit'),
  icon: ForumIcon,
  recordRepresentation: (record: CommunicationRecord) => record.subject,
};
