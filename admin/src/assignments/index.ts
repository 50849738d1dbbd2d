import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import type { AssignmentRecord } from '@incident-desk/shared';
import { AssignmentList } from './AssignmentList';
import { AssignmentCreate } from './AssignmentCreate';

/** List and create only; assignments are deleted from the list. */
export default {
  list: AssignmentList,
  create: AssignmentCreate,
  icon: AssignmentIndIcon,
  recordRepresentation: (record: AssignmentRecord) => `#${record.id}`,
};
