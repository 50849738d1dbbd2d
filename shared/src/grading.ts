/**
 * Grading: the rules that suggest a grade from a few questions, kept as data with their source so that they are
 * easy to check and correct. The consultant chooses the grade; the suggestion is the most severe grade any rule
 * matches, 一般 (general) when none does.
 */
import { gradeRank, type Grade } from './incident';

export const CONTENT_SPREADS = ['none', 'limited', 'wide', 'massive'] as const;
export type ContentSpread = (typeof CONTENT_SPREADS)[number];

export const DATA_LEVELS = ['none', 'important', 'core'] as const;
export type DataLevel = (typeof DATA_LEVELS)[number];

/**
 * The kind of website that became unreachable (annex item 1 of each level): none of these; a portal of a Party or
 * government organ or of an enterprise or institution at prefecture level or above, or a key news site of a province
 * or above (重大 6 h, 较大 2 h); a portal of a Party or government organ at province level or above, or a central key
 * news site (also 特别重大 24 h).
 */
export const WEBSITE_CLASSES = ['none', 'city_or_above', 'province_or_above'] as const;
export type WebsiteClass = (typeof WEBSITE_CLASSES)[number];

export interface GradingInputs {
  /** a critical information infrastructure (关键信息基础设施) is affected */
  criticalInfrastructureAffected: boolean;
  /** hours the affected system was (or has been) interrupted */
  outageHours: number;
  /** people whose work or daily life (water, power, gas, transport, medical care, shopping…) is affected */
  peopleAffected: number;
  /** personal-information records leaked, stolen, tampered with or lost */
  personalInfoRecords: number;
  /** direct economic loss, RMB */
  directLossRmb: number;
  /** spread of illegal or harmful content after tampering: none / limited (较大范围) / wide (大范围) / massive (特大范围) */
  contentSpread: ContentSpread;
  /** the most sensitive data class involved (Data Security Law): none / important (重要数据) / core (核心数据) */
  coreOrImportantData: DataLevel;
  /** the kind of website that could not be reached because of an attack or fault (none: no such site) */
  websiteClass: WebsiteClass;
  /** hours that website could not be reached */
  websiteUnreachableHours: number;
  /** share (%) of the population of one or more provinces (省级行政区) whose work or daily life is affected */
  provincePopulationSharePct: number;
  /** share (%) of the population of one or more prefecture-level cities (地市级行政区) whose work or daily life is affected */
  cityPopulationSharePct: number;
}

/** The inputs added after the first gradings were stored: optional in a request and in stored gradings (EMPTY_GRADING_INPUTS fills them). */
export const LATER_GRADING_INPUTS = ['websiteClass', 'websiteUnreachableHours', 'provincePopulationSharePct', 'cityPopulationSharePct'] as const;

/** The boolean inputs (usable as extra conditions of a rule). */
export type BooleanGradingInput = { [K in keyof GradingInputs]: GradingInputs[K] extends boolean ? K : never }[keyof GradingInputs];

export interface GradingRule {
  id: string;
  grade: Grade;
  criterion: keyof GradingInputs;
  /** numeric criterion: matches when input >= threshold */
  threshold?: number;
  /** enum criterion: matches when the input is one of these (a boolean criterion matches when true) */
  values?: string[];
  /** boolean inputs that must also be true for the rule to match (e.g. the outage rules need a CII) */
  requires?: BooleanGradingInput[];
  /** an enum input that must also hold one of these values (e.g. the website rules need the kind of site) */
  requiresValue?: { input: 'websiteClass'; values: WebsiteClass[] };
  source: string;
  text: { 'zh-CN': string; en: string };
}

const MEASURES = '《国家网络安全事件报告管理办法》(国家网信办 2025-09-11, in force 2025-11-01) annex 《网络安全事件分级指南》';
const UNCONFIRMED = 'threshold to be confirmed against the official annex';
const src = (section: string, confirmed: boolean) => `${MEASURES}, ${section}${confirmed ? '' : `; ${UNCONFIRMED}`}`;
const EM = '一、特别重大';
const MA = '二、重大';
const RM = '三、较大';

/**
 * The table, checked against the annex of the final text (2025-09-11; a secondary copy of the CAC page, matching every
 * other copy found): the 重大 and 较大 CII thresholds of the 2023 draft (2 h / 30 min) are those of the final annex now
 * (1 h / 10 min), and every rule cites its item. Where the annex measures something
 * the questions cannot capture exactly (whole vs main-function outage, people vs records, the severity of a threat
 * to national security), the rule errs on the side of the more severe grade so that no reporting duty is missed.
 */
export const GRADING_RULES: GradingRule[] = [
  // Websites that cannot be reached because of an attack or fault (item 1 of each level). Whether 地市级以上 also
  // qualifies 企事业单位 is not clear from the text; the question names the sites as the annex does.
  {
    id: 'website_especially_major', grade: 'especially_major', criterion: 'websiteUnreachableHours', threshold: 24,
    requiresValue: { input: 'websiteClass', values: ['province_or_above'] },
    source: src(`${EM} 1 (省级以上党政机关门户网站、中央重点新闻网站因攻击、故障，导致24小时以上不能访问)`, true),
    text: { 'zh-CN': '省级以上党政机关门户网站、中央重点新闻网站24小时以上不能访问', en: 'Portal of a provincial or higher Party or government organ, or a central key news site, unreachable for 24 h or more' },
  },
  {
    id: 'website_major', grade: 'major', criterion: 'websiteUnreachableHours', threshold: 6,
    requiresValue: { input: 'websiteClass', values: ['city_or_above', 'province_or_above'] },
    source: src(`${MA} 1 (地市级以上党政机关、企事业单位门户网站，省级以上重点新闻网站因攻击、故障，导致6小时以上不能访问)`, true),
    text: { 'zh-CN': '地市级以上党政机关、企事业单位门户网站或省级以上重点新闻网站6小时以上不能访问', en: 'Portal of a prefecture-level or higher organ, enterprise or institution, or a provincial key news site, unreachable for 6 h or more' },
  },
  {
    id: 'website_relatively_major', grade: 'relatively_major', criterion: 'websiteUnreachableHours', threshold: 2,
    requiresValue: { input: 'websiteClass', values: ['city_or_above', 'province_or_above'] },
    source: src(`${RM} 1 (地市级以上党政机关、企事业单位门户网站，省级以上重点新闻网站因攻击、故障，导致2小时以上不能访问)`, true),
    text: { 'zh-CN': '地市级以上党政机关、企事业单位门户网站或省级以上重点新闻网站2小时以上不能访问', en: 'Portal of a prefecture-level or higher organ, enterprise or institution, or a provincial key news site, unreachable for 2 h or more' },
  },
  // CII interruption. The annex: whole CII down ≥ 6 h OR its main functions down ≥ 24 h (特别重大). The single
  // question cannot tell the two apart, so the whole-interruption thresholds are used (6 h / 1 h / 10 min).
  {
    id: 'cii_outage_especially_major', grade: 'especially_major', criterion: 'outageHours', threshold: 6, requires: ['criticalInfrastructureAffected'],
    source: src(`${EM} 2 (整体中断运行6小时以上或主要功能中断运行24小时以上)`, true),
    text: { 'zh-CN': '关键信息基础设施整体中断运行6小时以上(主要功能中断24小时以上同级)', en: 'Critical information infrastructure down as a whole for 6 h or more (main functions down 24 h or more: same grade)' },
  },
  {
    id: 'cii_outage_major', grade: 'major', criterion: 'outageHours', threshold: 1, requires: ['criticalInfrastructureAffected'],
    source: src(`${MA} 2 (整体中断运行1小时以上或主要功能中断运行3小时以上)`, true),
    text: { 'zh-CN': '关键信息基础设施整体中断运行1小时以上(主要功能中断3小时以上同级)', en: 'Critical information infrastructure down as a whole for 1 h or more (main functions down 3 h or more: same grade)' },
  },
  {
    id: 'cii_outage_relatively_major', grade: 'relatively_major', criterion: 'outageHours', threshold: 1 / 6, requires: ['criticalInfrastructureAffected'],
    source: src(`${RM} 2 (整体中断运行10分钟以上或主要功能中断运行30分钟以上)`, true),
    text: { 'zh-CN': '关键信息基础设施整体中断运行10分钟以上(主要功能中断30分钟以上同级)', en: 'Critical information infrastructure down as a whole for 10 min or more (main functions down 30 min or more: same grade)' },
  },
  // People whose work and life are affected: a number of people, or a share of the population (50 % of one or more
  // provinces for 特别重大, 50 % / 30 % of one or more prefecture-level cities for 重大 / 较大), whichever is reached.
  {
    id: 'people_share_province_especially_major', grade: 'especially_major', criterion: 'provincePopulationSharePct', threshold: 50,
    source: src(`${EM} 3 (影响一个或多个省级行政区50%以上人口的工作、生活)`, true),
    text: { 'zh-CN': '影响一个或多个省级行政区50%以上人口的工作、生活', en: 'Work or daily life of 50 % or more of the population of one or more provinces affected' },
  },
  {
    id: 'people_share_city_major', grade: 'major', criterion: 'cityPopulationSharePct', threshold: 50,
    source: src(`${MA} 3 (影响一个或多个地市级行政区50%以上人口的工作、生活)`, true),
    text: { 'zh-CN': '影响一个或多个地市级行政区50%以上人口的工作、生活', en: 'Work or daily life of 50 % or more of the population of one or more prefecture-level cities affected' },
  },
  {
    id: 'people_share_city_relatively_major', grade: 'relatively_major', criterion: 'cityPopulationSharePct', threshold: 30,
    source: src(`${RM} 3 (影响一个或多个地市级行政区30%以上人口的工作、生活)`, true),
    text: { 'zh-CN': '影响一个或多个地市级行政区30%以上人口的工作、生活', en: 'Work or daily life of 30 % or more of the population of one or more prefecture-level cities affected' },
  },
  {
    id: 'people_especially_major', grade: 'especially_major', criterion: 'peopleAffected', threshold: 10_000_000,
    source: src(`${EM} 3 (1000万人以上用水、用电、用气、用油、取暖、交通出行、就医、购物等工作、生活)`, true),
    text: { 'zh-CN': '影响1000万人以上的工作、生活(用水、用电、交通出行等)', en: 'Work or daily life (water, power, transport…) of 10 million people or more affected' },
  },
  {
    id: 'people_major', grade: 'major', criterion: 'peopleAffected', threshold: 1_000_000, source: src(`${MA} 3 (100万人以上, or 一个或多个地市级行政区50%以上人口)`, true),
    text: { 'zh-CN': '影响100万人以上的工作、生活', en: 'Work or daily life of 1 million people or more affected' },
  },
  {
    id: 'people_relatively_major', grade: 'relatively_major', criterion: 'peopleAffected', threshold: 100_000, source: src(`${RM} 3 (10万人以上, or 一个或多个地市级行政区30%以上人口)`, true),
    text: { 'zh-CN': '影响10万人以上的工作、生活', en: 'Work or daily life of 100,000 people or more affected' },
  },
  // Personal information. The annex counts people (人); records are used here as the measurable proxy.
  {
    id: 'personal_info_especially_major', grade: 'especially_major', criterion: 'personalInfoRecords', threshold: 100_000_000,
    source: src(`${EM} 5 (泄露1亿人以上公民个人信息; counted in people, records used as proxy)`, true),
    text: { 'zh-CN': '泄露1亿条(人)以上公民个人信息', en: 'Personal information of 100 million people (records) or more leaked' },
  },
  {
    id: 'personal_info_major', grade: 'major', criterion: 'personalInfoRecords', threshold: 10_000_000, source: src(`${MA} 5 (泄露1000万人以上公民个人信息)`, true),
    text: { 'zh-CN': '泄露1000万条(人)以上公民个人信息', en: 'Personal information of 10 million people (records) or more leaked' },
  },
  {
    id: 'personal_info_relatively_major', grade: 'relatively_major', criterion: 'personalInfoRecords', threshold: 1_000_000, source: src(`${RM} 5 (泄露100万人以上公民个人信息)`, true),
    text: { 'zh-CN': '泄露100万条(人)以上公民个人信息', en: 'Personal information of 1 million people (records) or more leaked' },
  },
  // Direct economic loss.
  {
    id: 'loss_especially_major', grade: 'especially_major', criterion: 'directLossRmb', threshold: 100_000_000, source: src(`${EM} 7 (1亿元以上直接经济损失)`, true),
    text: { 'zh-CN': '直接经济损失1亿元以上', en: 'Direct economic loss of RMB 100 million or more' },
  },
  {
    id: 'loss_major', grade: 'major', criterion: 'directLossRmb', threshold: 20_000_000, source: src(`${MA} 7 (2000万元以上直接经济损失)`, true),
    text: { 'zh-CN': '直接经济损失2000万元以上', en: 'Direct economic loss of RMB 20 million or more' },
  },
  {
    id: 'loss_relatively_major', grade: 'relatively_major', criterion: 'directLossRmb', threshold: 5_000_000, source: src(`${RM} 7 (500万元以上直接经济损失)`, true),
    text: { 'zh-CN': '直接经济损失500万元以上', en: 'Direct economic loss of RMB 5 million or more' },
  },
  // Illegal or harmful content spread after a site or platform was tampered with.
  {
    id: 'content_especially_major', grade: 'especially_major', criterion: 'contentSpread', values: ['massive'],
    source: src(`${EM} 6 (违法有害信息特大范围传播: 主页6小时/其他页面24小时以上, 转发10万次或浏览100万次以上)`, true),
    text: { 'zh-CN': '篡改导致违法有害信息特大范围传播', en: 'Tampering spread illegal or harmful content on a massive scale' },
  },
  {
    id: 'content_major', grade: 'major', criterion: 'contentSpread', values: ['wide'], source: src(`${MA} 6 (大范围传播: 主页2小时/其他页面12小时以上, 转发1万次或浏览10万次以上)`, true),
    text: { 'zh-CN': '篡改导致违法有害信息大范围传播', en: 'Tampering spread illegal or harmful content widely' },
  },
  {
    id: 'content_relatively_major', grade: 'relatively_major', criterion: 'contentSpread', values: ['limited'], source: src(`${RM} 6 (较大范围传播: 主页30分钟/其他页面2小时以上, 转发1000次或浏览1万次以上)`, true),
    text: { 'zh-CN': '篡改导致违法有害信息较大范围传播', en: 'Tampering spread illegal or harmful content fairly widely' },
  },
  // Core and important data (Data Security Law). The annex grades these by the threat to national security and
  // social stability (特别严重 / 严重 / 较严重), which the question does not capture: these are minimum grades.
  {
    id: 'data_core', grade: 'major', criterion: 'coreOrImportantData', values: ['core'],
    source: src(`${EM} 4 / ${MA} 4: 核心数据、重要数据泄露或被窃取、篡改、假冒, graded by the threat to national security; project minimum, raise to 特别重大 when the threat is especially serious`, true),
    text: { 'zh-CN': '核心数据泄露、被窃取、篡改或假冒(威胁特别严重时定为特别重大)', en: 'Core data leaked, stolen, tampered with or forged (especially major when the threat is especially serious)' },
  },
  {
    id: 'data_important', grade: 'relatively_major', criterion: 'coreOrImportantData', values: ['important'],
    source: src(`${RM} 4: 重要数据泄露或被窃取, graded by the threat; project minimum`, true),
    text: { 'zh-CN': '重要数据泄露、被窃取、篡改或假冒', en: 'Important data leaked, stolen, tampered with or forged' },
  },
];

export interface GradeSuggestion {
  /** the most severe grade any rule matches; 'general' when none */
  grade: Grade;
  /** every rule that matched, most severe first */
  matched: GradingRule[];
}

/** Does one rule match these inputs? */
export function ruleMatches(rule: GradingRule, inputs: GradingInputs): boolean {
  for (const r of rule.requires ?? []) if (inputs[r] !== true) return false;
  if (rule.requiresValue && !(rule.requiresValue.values as string[]).includes(inputs[rule.requiresValue.input])) return false;
  const v: unknown = inputs[rule.criterion];
  if (typeof v === 'boolean') return v === true;
  if (typeof v === 'number') return rule.threshold !== undefined && Number.isFinite(v) && v >= rule.threshold;
  if (typeof v === 'string') return (rule.values ?? []).includes(v);
  return false;
}

export function suggestGrade(inputs: GradingInputs, rules: GradingRule[] = GRADING_RULES): GradeSuggestion {
  const matched = rules
    .map((rule, i) => ({ rule, i }))
    .filter(({ rule }) => ruleMatches(rule, inputs))
    .sort((a, b) => gradeRank(a.rule.grade) - gradeRank(b.rule.grade) || a.i - b.i)
    .map(({ rule }) => rule);
  return { grade: matched[0]?.grade ?? 'general', matched };
}

/** Neutral answers: nothing affected. */
export const EMPTY_GRADING_INPUTS: GradingInputs = {
  criticalInfrastructureAffected: false,
  outageHours: 0,
  peopleAffected: 0,
  personalInfoRecords: 0,
  directLossRmb: 0,
  contentSpread: 'none',
  coreOrImportantData: 'none',
  websiteClass: 'none',
  websiteUnreachableHours: 0,
  provincePopulationSharePct: 0,
  cityPopulationSharePct: 0,
};

/**
 * Inputs as stored or sent, complete: an answer left out (or undefined; those asked later, LATER_GRADING_INPUTS) is
 * nothing affected. Only the questions' fields.
 */
export function completeGradingInputs(x: Partial<GradingInputs>): GradingInputs {
  const out: Record<string, unknown> = { ...EMPTY_GRADING_INPUTS };
  for (const k of Object.keys(EMPTY_GRADING_INPUTS)) if ((x as Record<string, unknown>)[k] !== undefined) out[k] = (x as Record<string, unknown>)[k];
  return out as unknown as GradingInputs;
}

const BOOLEAN_FIELDS = ['criticalInfrastructureAffected'] as const;
const NUMBER_FIELDS = ['outageHours', 'peopleAffected', 'personalInfoRecords', 'directLossRmb', 'websiteUnreachableHours'] as const;
/** shares of a population, in per cent */
const SHARE_FIELDS = ['provincePopulationSharePct', 'cityPopulationSharePct'] as const;
const ENUM_FIELDS: { field: 'contentSpread' | 'coreOrImportantData' | 'websiteClass'; values: readonly string[] }[] = [
  { field: 'contentSpread', values: CONTENT_SPREADS },
  { field: 'coreOrImportantData', values: DATA_LEVELS },
  { field: 'websiteClass', values: WEBSITE_CLASSES },
];

/**
 * [] when `x` is a valid GradingInputs (those of LATER_GRADING_INPUTS may be left out); otherwise one problem per bad
 * field. Extra fields are ignored.
 */
export function validateGradingInputs(x: unknown): { field: string; message: string }[] {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return [{ field: 'inputs', message: 'must be an object' }];
  const o = x as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  const later = (f: string) => (LATER_GRADING_INPUTS as readonly string[]).includes(f) && !Object.hasOwn(o, f);
  for (const f of BOOLEAN_FIELDS) if (typeof o[f] !== 'boolean') problems.push({ field: f, message: 'must be true or false' });
  for (const f of NUMBER_FIELDS) {
    const v = o[f];
    if (later(f)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push({ field: f, message: 'must be a non-negative number' });
  }
  for (const f of SHARE_FIELDS) {
    const v = o[f];
    if (later(f)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) problems.push({ field: f, message: 'must be a percentage from 0 to 100' });
  }
  for (const { field, values } of ENUM_FIELDS) {
    const v = o[field];
    if (later(field)) continue;
    if (typeof v !== 'string' || !values.includes(v)) problems.push({ field, message: `must be one of: ${values.join(', ')}` });
  }
  return problems;
}
