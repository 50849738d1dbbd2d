import DescriptionIcon from '@mui/icons-material/Description';
import type { CommunicationTemplateRecord } from '@incident-desk/shared';
import { TemplateList } from './TemplateList';
import { TemplateShow } from './TemplateShow';
import { TemplateCreate } from './TemplateCreate';
import { TemplateEdit } from './TemplateEdit';

export default {
  list: TemplateList,
  show: TemplateShow,
  create: TemplateCreate,
  edit: TemplateEdit,
  icon: DescriptionIcon,
  recordRepresentation: (record: CommunicationTemplateRecord) => record.name?.['zh-CN'] ?? record.key,
};
