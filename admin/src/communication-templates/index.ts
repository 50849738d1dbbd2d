import DescriptionIcon from '@mui/icons-material/Description';
import { lazyPage } from '../common/lazy';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';
import { localText } from '../common/enums';
import { currentLocale } from '../i18n';

export default {
  list: lazyPage(() => import('./TemplateList'), 'TemplateList'),
  show: lazyPage(() => import('./TemplateShow'), 'TemplateShow'),
  create: lazyPage(() => import('./TemplateCreate'), 'TemplateCreate'),
  edit: lazyPage(() => import('./TemplateEdit'), 'TemplateEdit'),
  icon: DescriptionIcon,
  recordRepresentation: (record: CommunicationTemplateRecord) => localText(record.name, currentLocale()) || record.key,
};
