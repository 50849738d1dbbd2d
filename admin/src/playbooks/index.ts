import MenuBookIcon from '@mui/icons-material/MenuBook';
import { lazyPage } from '../common/lazy';
import type { PlaybookRecord } from '@incident-desk/shared';
import { localText } from '../common/enums';
import { currentLocale } from '../i18n';

export default {
  list: lazyPage(() => import('./PlaybookList'), 'PlaybookList'),
  show: lazyPage(() => import('./PlaybookShow'), 'PlaybookShow'),
  create: lazyPage(() => import('./PlaybookCreate'), 'PlaybookCreate'),
  edit: lazyPage(() => import('./PlaybookEdit'), 'PlaybookEdit'),
  icon: MenuBookIcon,
  recordRepresentation: (record: PlaybookRecord) => localText(record.name, currentLocale()) || record.key,
};
