import RuleIcon from '@mui/icons-material/Rule';
import { ENUM_LABELS, type EvaluationTemplateRecord } from '@incident-desk/shared';
import { getStoredUser } from '../session';
import { EvaluationTemplateList } from './TemplateList';
import { EvaluationTemplateShow } from './TemplateShow';
import { EvaluationTemplateEdit } from './TemplateEdit';

export default {
  list: EvaluationTemplateList,
  show: EvaluationTemplateShow,
  edit: EvaluationTemplateEdit,
  icon: RuleIcon,
  recordRepresentation: (record: EvaluationTemplateRecord) =>
    ENUM_LABELS.evaluationType[record.type]?.[getStoredUser()?.locale === 'en' ? 'en' : 'zh-CN'] ?? record.type,
};
