import ForumIcon from '@mui/icons-material/Forum';
import type { CommunicationRecord } from '@incident-desk/shared';
import { CommunicationList } from './CommunicationList';
import { CommunicationShow } from './CommunicationShow';
import { CommunicationCreate } from './CommunicationCreate';
import { CommunicationEdit } from './CommunicationEdit';

export default {
  list: CommunicationList,
  show: CommunicationShow,
  create: CommunicationCreate,
  edit: CommunicationEdit,
  icon: ForumIcon,
  recordRepresentation: (record: CommunicationRecord) => record.subject,
};
