import SchoolIcon from '@mui/icons-material/School';
import { lazyPage } from '../common/lazy';
import type { TrainingRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./TrainingList'), 'TrainingList'),
  show: lazyPage(() => import('./TrainingShow'), 'TrainingShow'),
  create: lazyPage(() => import('./TrainingCreate'), 'TrainingCreate'),
  edit: lazyPage(() => import('./TrainingEdit'), 'TrainingEdit'),
  icon: SchoolIcon,
  recordRepresentation: (record: TrainingRecord) => record.title,
};
