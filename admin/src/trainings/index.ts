import SchoolIcon from '@mui/icons-material/School';
import type { TrainingRecord } from '@incident-desk/shared';
import { TrainingList } from './TrainingList';
import { TrainingShow } from './TrainingShow';
import { TrainingCreate } from './TrainingCreate';
import { TrainingEdit } from './TrainingEdit';

export default {
  list: TrainingList,
  show: TrainingShow,
  create: TrainingCreate,
  edit: TrainingEdit,
  icon: SchoolIcon,
  recordRepresentation: (record: TrainingRecord) => record.title,
};
