import MenuBookIcon from '@mui/icons-material/MenuBook';
import { PlaybookList } from './PlaybookList';
import { PlaybookShow } from './PlaybookShow';
import { PlaybookCreate } from './PlaybookCreate';
import { PlaybookEdit } from './PlaybookEdit';
import type { PlaybookRecord } from './types';

export default {
  list: PlaybookList,
  show: PlaybookShow,
  create: PlaybookCreate,
  edit: PlaybookEdit,
  icon: MenuBookIcon,
  recordRepresentation: (record: PlaybookRecord) => record.name?.['zh-CN'] || record.key,
};
