import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { lazyPage } from '../common/lazy';
import type { AssignmentRecord } from '@incident-desk/shared';

/** List and create only; assignments are deleted from the list. */
export default {
  list: lazyPage(() => import('./AssignmentList'), 'AssignmentList'),
  create: lazyPage(() => import('./AssignmentCreate'), 'AssignmentCreate'),
  icon: AssignmentIndIcon,
  recordRepresentation: (record: AssignmentRecord) => `#${record.id}`,
};
