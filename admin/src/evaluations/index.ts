import AssessmentIcon from '@mui/icons-material/Assessment';
import { lazyPage } from '../common/lazy';
import type { EvaluationRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./EvaluationList'), 'EvaluationList'),
  show: lazyPage(() => import('./EvaluationShow'), 'EvaluationShow'),
  create: lazyPage(() => import('./EvaluationCreate'), 'EvaluationCreate'),
  edit: lazyPage(() => import('./EvaluationEdit'), 'EvaluationEdit'),
  icon: AssessmentIcon,
  recordRepresentation: (record: EvaluationRecord) => `${record.date} v${record.version}`,
};
