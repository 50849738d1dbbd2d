import RuleIcon from '@mui/icons-material/Rule';
import { lazyPage } from '../common/lazy';
import type { EvaluationTemplateRecord } from '@incident-desk/shared';
import { enumLabel } from '../common/enums';
import { currentLocale } from '../i18n';

export default {
  list: lazyPage(() => import('./TemplateList'), 'EvaluationTemplateList'),
  show: lazyPage(() => import('./TemplateShow'), 'EvaluationTemplateShow'),
  edit: lazyPage(() => import('./TemplateEdit'), 'EvaluationTemplateEdit'),
  icon: RuleIcon,
  recordRepresentation: (record: EvaluationTemplateRecord) =>
    enumLabel('evaluationType', record.type, currentLocale()),
};
