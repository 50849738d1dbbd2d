import DescriptionIcon from '@mui/icons-material/Description';
import { lazyPage } from '../common/lazy';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';

export default {
  list: lazyPage(() => import('./TemplateList'), 'TemplateList'),
  show: lazyPage(() => import('./TemplateShow'), 'TemplateShow'),
  create: lazyPage(() => import('./TemplateCreate'), 'TemplateCreate'),
  edit: lazyPage(() => import('./TemplateEdit'), 'TemplateEdit'),
  icon: DescriptionIcon,
  recordRepresentation: (record: CommunicationTemplateRecord) => record.name?.['zh-CN'] ?? record.key,
};
