import AssessmentIcon from '@mui/icons-material/Assessment';
import type { EvaluationRecord } from '@incident-desk/shared';
import { EvaluationList } from './EvaluationList';
import { EvaluationShow } from './EvaluationShow';
import { EvaluationCreate } from './EvaluationCreate';
import { EvaluationEdit } from './EvaluationEdit';

export default {
  list: EvaluationList,
  show: EvaluationShow,
  create: EvaluationCreate,
  edit: EvaluationEdit,
  icon: AssessmentIcon,
  recordRepresentation: (record: EvaluationRecord) => `${record.date} v${record.version}`,
};
