/**
 * Evaluations and improvement actions — pure rules shared by the server and the admin: the enumerations, the
 * validation of scored criteria, the overall score (a weighted mean normalised to 0–100), what a final evaluation
 * needs, when a new version may be made, when an action is overdue, and the built-in criteria per evaluation type
 * (zh-CN and en) that each firm starts from and may edit.
 */
import type { Locale } from './enums';
import type { LocalText } from './playbook';

export const EVALUATION_TYPES = [
  'impact_assessment', 'security_assessment', 'post_incident_review', 'drill_evaluation', 'collaboration_review', 'customer_feedback',
] as const;
export type EvaluationType = (typeof EVALUATION_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** draft → final (by finalize); a final evaluation changes only through a new version. */
export const EVALUATION_STATUSES = ['draft', 'final'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** Statuses of an action still to be done: only these can be overdue. */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];

export const DEFAULT_SCALE_MAX = 5;
export const MAX_SCALE = 100;
export const MAX_CRITERIA = 50;
export const MAX_WEIGHT = 1000;
export const CRITERION_NAME_MAX = 200;
export const CRITERION_COMMENT_MAX = 2000;

export interface EvaluationProblem {
  field: string;
  message: string;
}

/** One scored criterion of an evaluation. `score` is null until scored, on the scale 0..scaleMax. */
export interface EvaluationCriterion {
  name: string;
  weight: number;
  score: number | null;
  comment?: string | null;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stated scale: a whole number from 1 to MAX_SCALE. */
export function scaleProblem(scaleMax: unknown): EvaluationProblem | null {
  if (!isNum(scaleMax) || !Number.isInteger(scaleMax) || scaleMax < 1 || scaleMax > MAX_SCALE) {
    return { field: 'scaleMax', message: `must be a whole number from 1 to ${MAX_SCALE}` };
  }
  return null;
}

/**
 * Everything wrong with a list of criteria on a scale, each problem named by its field (`criteria[2].score`).
 * With `requireScores` (a final evaluation) every criterion must be scored.
 */
export function criteriaProblems(criteria: unknown, scaleMax: unknown, opts: { requireScores?: boolean } = {}): EvaluationProblem[] {
  const out: EvaluationProblem[] = [];
  const scale = scaleProblem(scaleMax);
  if (scale) out.push(scale);
  if (!Array.isArray(criteria)) return [...out, { field: 'criteria', message: 'must be a list of criteria' }];
  if (criteria.length === 0) out.push({ field: 'criteria', message: 'needs at least one criterion' });
  if (criteria.length > MAX_CRITERIA) out.push({ field: 'criteria', message: `at most ${MAX_CRITERIA} criteria` });
  const seen = new Set<string>();
  criteria.forEach((c: unknown, i: number) => {
    const f = `criteria[${i}]`;
    if (!isObj(c)) {
      out.push({ field: f, message: 'must be an object with name, weight, score and comment' });
      return;
    }
    if (typeof c.name !== 'string' || !c.name.trim()) out.push({ field: `${f}.name`, message: 'must not be empty' });
    else if (c.name.length > CRITERION_NAME_MAX) out.push({ field: `${f}.name`, message: `at most ${CRITERION_NAME_MAX} characters` });
    else {
      const key = c.name.trim().toLowerCase();
      if (seen.has(key)) out.push({ field: `${f}.name`, message: `duplicate criterion "${c.name.trim()}"` });
      seen.add(key);
    }
    if (!isNum(c.weight) || c.weight <= 0) out.push({ field: `${f}.weight`, message: 'must be a number greater than 0' });
    else if (c.weight > MAX_WEIGHT) out.push({ field: `${f}.weight`, message: `at most ${MAX_WEIGHT}` });
    if (c.score === null || c.score === undefined) {
      if (opts.requireScores) out.push({ field: `${f}.score`, message: 'must be scored before the evaluation is final' });
    } else if (!isNum(c.score)) out.push({ field: `${f}.score`, message: 'must be a number (or null until scored)' });
    else if (c.score < 0 || (!scale && c.score > (scaleMax as number))) {
      // with a bad scale only the lower bound is known
      out.push({ field: `${f}.score`, message: `must be between 0 and ${scale ? 'the scale' : scaleMax}` });
    }
    if (c.comment !== undefined && c.comment !== null) {
      if (typeof c.comment !== 'string') out.push({ field: `${f}.comment`, message: 'must be text' });
      else if (c.comment.length > CRITERION_COMMENT_MAX) out.push({ field: `${f}.comment`, message: `at most ${CRITERION_COMMENT_MAX} characters` });
    }
  });
  return out;
}

export type OverallScore =
  | { ok: true; overallScore: number | null; scored: number; total: number; complete: boolean }
  | { ok: false; errors: EvaluationProblem[] };

/**
 * The overall score: the weighted mean of the scored criteria, each score divided by the scale, times 100, rounded to
 * two decimals (0–100). Criteria not scored yet are left out of the mean; with none scored the overall score is null.
 * Invalid criteria (empty list, weight ≤ 0, score outside 0..scaleMax, bad scale) give the problems instead.
 */
export function computeOverallScore(criteria: unknown, scaleMax: unknown): OverallScore {
  const errors = criteriaProblems(criteria, scaleMax);
  if (errors.length) return { ok: false, errors };
  const list = criteria as EvaluationCriterion[];
  const scale = scaleMax as number;
  let weights = 0;
  let sum = 0;
  let scored = 0;
  for (const c of list) {
    if (c.score === null || c.score === undefined) continue;
    weights += c.weight;
    sum += c.weight * (c.score / scale);
    scored++;
  }
  const overallScore = scored ? Math.round((sum / weights) * 100 * 100) / 100 : null;
  return { ok: true, overallScore, scored, total: list.length, complete: scored === list.length };
}

/** The overall score, or null when it cannot be computed (for display while typing). */
export function overallScoreOrNull(criteria: unknown, scaleMax: unknown): number | null {
  const r = computeOverallScore(criteria, scaleMax);
  return r.ok ? r.overallScore : null;
}

/** Only a draft changes; a final evaluation is corrected through a new version. */
export function isEvaluationEditable(status: string): boolean {
  return status === 'draft';
}

export type FinalizeCheck = { ok: true } | { ok: false; conflict: string } | { ok: false; errors: EvaluationProblem[] };

/**
 * May this evaluation become final? A draft whose criteria are valid and all scored. An evaluation that is already
 * final is a conflict; missing or invalid scores are problems named by field.
 */
export function checkFinalize(e: { status: string; criteria: unknown; scaleMax: unknown }): FinalizeCheck {
  if (e.status !== 'draft') return { ok: false, conflict: 'the evaluation is already final' };
  const errors = criteriaProblems(e.criteria, e.scaleMax, { requireScores: true });
  return errors.length ? { ok: false, errors } : { ok: true };
}

/**
 * May a new version be made from this evaluation? Only from a final one (a draft is simply edited), and only from the
 * latest version of its series (versions form a line, not a tree). Returns the reason it may not, or null.
 */
export function newVersionProblem(e: { status: string; nextVersionId: string | null }): string | null {
  if (e.status !== 'final') return 'only a final evaluation gets a new version; edit the draft instead';
  if (e.nextVersionId) return 'a newer version of this evaluation already exists';
  return null;
}

/** Not done nor cancelled, and due in the past. */
export function isActionOverdue(a: { status: string; dueAt: string | Date | null }, now: number = Date.now()): boolean {
  if (!(OPEN_ACTION_STATUSES as readonly string[]).includes(a.status) || !a.dueAt) return false;
  const due = a.dueAt instanceof Date ? a.dueAt.getTime() : Date.parse(a.dueAt);
  return Number.isFinite(due) && due < now;
}

/** When `doneAt` is stamped: entering done stamps now; leaving done clears it; otherwise it stays. */
export function actionDoneAt(from: string | null, to: string, previous: Date | null, now: Date = new Date()): Date | null {
  if (to !== 'done') return null;
  return from === 'done' && previous ? previous : now;
}

// --- criteria templates ---------------------------------------------------------------------------------------

/** A criterion of a template: a name in both languages, a weight, and what the scale means for it. */
export interface TemplateCriterion {
  name: LocalText;
  weight: number;
  description?: LocalText;
}

export interface EvaluationTemplateDef {
  type: EvaluationType;
  scaleMax: number;
  criteria: TemplateCriterion[];
}

/** Problems of a template's criteria (names in both languages, weight > 0, unique names), named by field. */
export function templateProblems(t: { criteria: unknown; scaleMax: unknown }): EvaluationProblem[] {
  const out: EvaluationProblem[] = [];
  const scale = scaleProblem(t.scaleMax);
  if (scale) out.push(scale);
  if (!Array.isArray(t.criteria)) return [...out, { field: 'criteria', message: 'must be a list of criteria' }];
  if (t.criteria.length === 0) out.push({ field: 'criteria', message: 'needs at least one criterion' });
  if (t.criteria.length > MAX_CRITERIA) out.push({ field: 'criteria', message: `at most ${MAX_CRITERIA} criteria` });
  const seen: Record<Locale, Set<string>> = { 'zh-CN': new Set(), en: new Set() };
  t.criteria.forEach((c: unknown, i: number) => {
    const f = `criteria[${i}]`;
    if (!isObj(c)) {
      out.push({ field: f, message: 'must be an object with name, weight and description' });
      return;
    }
    for (const lang of ['zh-CN', 'en'] as const) {
      const name = isObj(c.name) ? c.name[lang] : undefined;
      if (typeof name !== 'string' || !name.trim()) out.push({ field: `${f}.name.${lang}`, message: 'must not be empty' });
      else if (name.length > CRITERION_NAME_MAX) out.push({ field: `${f}.name.${lang}`, message: `at most ${CRITERION_NAME_MAX} characters` });
      else if (seen[lang].has(name.trim().toLowerCase())) out.push({ field: `${f}.name.${lang}`, message: `duplicate criterion "${name.trim()}"` });
      else seen[lang].add(name.trim().toLowerCase());
      const d = isObj(c.description) ? c.description[lang] : undefined;
      if (c.description !== undefined && c.description !== null && (typeof d !== 'string' || d.length > CRITERION_COMMENT_MAX)) {
        out.push({ field: `${f}.description.${lang}`, message: `must be text of at most ${CRITERION_COMMENT_MAX} characters` });
      }
    }
    if (!isNum(c.weight) || c.weight <= 0) out.push({ field: `${f}.weight`, message: 'must be a number greater than 0' });
    else if (c.weight > MAX_WEIGHT) out.push({ field: `${f}.weight`, message: `at most ${MAX_WEIGHT}` });
  });
  return out;
}

/** A template's criteria as the unscored criteria of a new evaluation, named in `lang`. */
export function criteriaFromTemplate(t: { criteria: TemplateCriterion[] }, lang: Locale): EvaluationCriterion[] {
  return t.criteria.map((c) => ({ name: c.name[lang] || c.name['zh-CN'] || c.name.en, weight: c.weight, score: null, comment: null }));
}

const c = (zh: string, en: string, weight: number, dzh: string, den: string): TemplateCriterion => ({
  name: { 'zh-CN': zh, en },
  weight,
  description: { 'zh-CN': dzh, en: den },
});

/**
 * The criteria each firm starts from, one template per type. Scores run from 0 to the scale (5 by default); the
 * description says what a high score means for the criterion. For an impact assessment a high score means a
 * severe impact; for every other type a high score means good.
 */
export const BUILT_IN_EVALUATION_TEMPLATES: Record<EvaluationType, EvaluationTemplateDef> = {
  impact_assessment: {
    type: 'impact_assessment',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('业务中断程度', 'Business disruption', 3, '0 = 无影响，5 = 核心业务长时间中断', '0 = none, 5 = core business down for a long time'),
      c('数据泄露范围与敏感程度', 'Scope and sensitivity of the data involved', 3, '0 = 未涉及数据，5 = 大量敏感个人信息或重要数据', '0 = no data involved, 5 = large volumes of sensitive personal or important data'),
      c('受影响的个人与客户', 'People and customers affected', 2, '0 = 无，5 = 大范围受影响', '0 = none, 5 = very many affected'),
      c('直接经济损失', 'Direct financial loss', 2, '0 = 无损失，5 = 重大损失', '0 = no loss, 5 = major loss'),
      c('法律与监管后果', 'Legal and regulatory consequences', 2, '0 = 无，5 = 可能被处罚或追责', '0 = none, 5 = penalties or liability likely'),
      c('声誉与舆情影响', 'Reputation and public opinion', 1, '0 = 无，5 = 广泛负面报道', '0 = none, 5 = widespread negative coverage'),
    ],
  },
  security_assessment: {
    type: 'security_assessment',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('访问控制与身份认证', 'Access control and authentication', 3, '最小权限、多因素认证、账号定期复核', 'Least privilege, multi-factor authentication, regular account reviews'),
      c('漏洞与补丁管理', 'Vulnerability and patch management', 2, '定期扫描，高危漏洞按时修复', 'Regular scanning, critical vulnerabilities fixed on time'),
      c('数据保护与加密', 'Data protection and encryption', 3, '数据分类分级，传输与存储加密，脱敏', 'Data classified, encrypted in transit and at rest, masked'),
      c('日志审计与安全监测', 'Logging, audit and monitoring', 2, '关键系统日志留存不少于六个月，异常告警有人处理', 'Key system logs kept at least six months, alerts handled'),
      c('备份与恢复能力', 'Backup and recovery', 2, '备份可用且定期演练恢复', 'Backups work and restores are rehearsed'),
      c('安全制度与人员意识', 'Security policies and staff awareness', 1, '制度健全，员工定期培训', 'Policies in place, staff trained regularly'),
    ],
  },
  post_incident_review: {
    type: 'post_incident_review',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('发现与上报的及时性', 'Timeliness of detection and reporting', 3, '按时限向客户和监管部门报告', 'Reported to the client and the authorities within the deadlines'),
      c('研判与定级的准确性', 'Accuracy of triage and grading', 2, '事件性质与等级判断准确、有依据', 'Nature and grade judged correctly, with reasons'),
      c('应急处置的有效性', 'Effectiveness of containment', 3, '及时遏制，未扩大影响', 'Contained quickly, impact did not spread'),
      c('数据恢复与系统修复', 'Data recovery and repair', 2, '数据完整恢复，漏洞已修复', 'Data fully restored, weaknesses fixed'),
      c('沟通与信息披露', 'Communication and disclosure', 2, '对内对外口径一致、及时准确', 'Consistent, timely and accurate inside and outside'),
      c('根因分析与整改', 'Root cause analysis and remediation', 2, '查明根因并落实整改措施', 'Root cause found and remediation in place'),
      c('合规义务履行', 'Regulatory obligations met', 2, '报告、通知等法定义务按时履行', 'Reports and notices required by law made on time'),
    ],
  },
  drill_evaluation: {
    type: 'drill_evaluation',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('演练方案与准备', 'Plan and preparation', 1, '场景贴近实际，角色与资源到位', 'Realistic scenario, roles and resources ready'),
      c('发现与预警时间', 'Time to detect and alert', 2, '与目标时间相比', 'Against the target time'),
      c('上报与升级时效', 'Reporting and escalation on time', 3, '是否在报告时限内完成上报', 'Reported within the reporting deadline'),
      c('处置流程执行', 'Following the response procedure', 2, '按预案步骤执行，无遗漏', 'Steps of the plan followed, nothing missed'),
      c('团队协同配合', 'Team coordination', 2, '分工清晰，信息传递顺畅', 'Clear roles, information flowed well'),
      c('复盘总结与改进', 'Debrief and improvements', 1, '发现问题并形成改进措施', 'Problems found and improvements agreed'),
    ],
  },
  collaboration_review: {
    type: 'collaboration_review',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('跨部门协同', 'Cross-department coordination', 2, 'IT、法务、公关、业务部门配合顺畅', 'IT, legal, PR and business worked together smoothly'),
      c('跨地区协同', 'Cross-region coordination', 1, '各地分支机构响应一致', 'Branches in every region responded consistently'),
      c('职责分工清晰度', 'Clarity of roles and responsibilities', 2, '每项工作有明确负责人', 'Every piece of work had a clear owner'),
      c('信息共享及时性', 'Timely information sharing', 2, '关键信息及时同步给相关方', 'Key information shared promptly with those who needed it'),
      c('外部合作方配合', 'Cooperation with external parties', 1, '供应商、监管部门、执法机关的配合', 'Vendors, regulators and law enforcement cooperated'),
      c('决策效率', 'Speed of decisions', 2, '关键决策及时作出', 'Key decisions made in time'),
    ],
  },
  customer_feedback: {
    type: 'customer_feedback',
    scaleMax: DEFAULT_SCALE_MAX,
    criteria: [
      c('响应速度', 'Responsiveness', 2, '接到报告后响应是否及时', 'How quickly the firm responded once told'),
      c('专业能力', 'Expertise', 2, '处置方案专业、有效', 'Sound, effective handling'),
      c('沟通清晰度', 'Clarity of communication', 2, '进展通报清楚、及时', 'Clear and timely progress updates'),
      c('处置结果满意度', 'Satisfaction with the outcome', 3, '对最终处置结果的满意程度', 'How satisfied the client is with the outcome'),
      c('服务态度', 'Service attitude', 1, '耐心、负责', 'Patient and responsible'),
      c('推荐意愿', 'Willingness to recommend', 1, '是否愿意向他人推荐本所服务', 'Would the client recommend the firm'),
    ],
  },
};

// --- API shapes -------------------------------------------------------------------------------------------------

/** An evaluation as the API sends it to firm staff (client admins get a subset without internal who-fields). */
export interface EvaluationRecord {
  id: string;
  type: EvaluationType;
  clientId: string;
  incidentId: string | null;
  trainingId: string | null;
  evaluatorId?: string;
  evaluatorName: string | null;
  /** YYYY-MM-DD */
  date: string;
  scaleMax: number;
  criteria: EvaluationCriterion[];
  /** 0–100, two decimals; null while nothing is scored */
  overallScore: number | null;
  riskLevel: RiskLevel | null;
  findings: string;
  recommendations: string;
  status: EvaluationStatus;
  sharedWithClient: boolean;
  version: number;
  /** the id of version 1 of this evaluation: every version shares it */
  seriesId: string;
  previousVersionId: string | null;
  /** the next version, if one was made (null for the latest version) */
  nextVersionId: string | null;
  finalizedAt: string | null;
  finalizedById?: string | null;
  createdById?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluationTemplateRecord {
  id: string;
  type: EvaluationType;
  scaleMax: number;
  criteria: TemplateCriterion[];
  createdAt: string;
  updatedAt: string;
}

/** An improvement action as the API sends it (client admins get a subset). */
export interface ActionRecord {
  id: string;
  clientId: string;
  title: string;
  description: string;
  ownerId?: string | null;
  /** the free-text owner (someone outside the firm's staff), when there is no ownerId */
  ownerName?: string | null;
  /** who owns it, for display: the staff member's name or the free-text owner */
  ownerLabel: string | null;
  dueAt: string;
  status: ActionStatus;
  doneAt: string | null;
  doneById?: string | null;
  overdue: boolean;
  evaluationId: string | null;
  incidentId: string | null;
  clientVisible?: boolean;
  createdById?: string | null;
  createdAt: string;
  updatedAt: string;
}
