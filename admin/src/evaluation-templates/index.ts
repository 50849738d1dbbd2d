import RuleIcon from '@mui/icons-material/Rule';
import { lazyPage } from '../common/lazy';
import { ENUM_LABELS, type EvaluationTemplateRecord } from '@incident-desk/shared';
import { getStoredUser } from '../session';

export default {
  list: lazyPage(() => import('./TemplateList'), 'EvaluationTemplateList'),
  show: lazyPage(() => import('./TemplateShow'), 'EvaluationTemplateShow'),
  edit: lazyPage(() => import('./TemplateEdit'), 'EvaluationTemplateEdit'),
  icon: RuleIcon,
  recordRepresentation: (record: EvaluationTemplateRecord) =>
    ENUM_LABELS.evaluationType[record.type]?.[getStoredUser()?.locale === 'en' ? 'en' : 'zh-CN'] ?? record.type,
};
