/**
 * Communication templates: the placeholders, how a template is filled in from an incident's facts (a small template
 * engine), and the built-in templates every firm gets — their text, the legal wording, is data
 * (templates/communication-templates.json), read by the server (CommonJS build), jest and the Vite build alike.
 */
import type { Locale } from './enums';
import { ENUM_LABELS } from './labels';
import type { LocalText } from './playbook';
import { dateFormat } from './intl';
import { obligationAudienceFor, type CommunicationAudience, type CommunicationChannel } from './communications';
import { OBLIGATION_RULES, type ObligationRule } from './obligations';
import builtInTemplates from './templates/communication-templates.json';

/** What a placeholder stands for (shown to template authors). */
export const TEMPLATE_PLACEHOLDERS: Record<string, LocalText> = {
  'incident.reference': { 'zh-CN': '事件编号', en: 'Incident reference' },
  'incident.title': { 'zh-CN': '事件名称', en: 'Incident title' },
  'incident.description': { 'zh-CN': '事件描述', en: 'Incident description' },
  'incident.category': { 'zh-CN': '事件类型', en: 'Incident category' },
  'incident.nature': { 'zh-CN': '事件性质', en: 'Nature of the incident' },
  'incident.grade': { 'zh-CN': '事件级别', en: 'Incident grade' },
  'incident.status': { 'zh-CN': '处置阶段', en: 'Incident phase' },
  'incident.detectedAt': { 'zh-CN': '发现时间', en: 'Time of detection' },
  'incident.reportedAt': { 'zh-CN': '报告时间', en: 'Time of report' },
  'incident.containedAt': { 'zh-CN': '控制时间', en: 'Time of containment' },
  'incident.resolvedAt': { 'zh-CN': '解决时间', en: 'Time of resolution' },
  'incident.dataCategories': { 'zh-CN': '涉及的数据种类', en: 'Types of data involved' },
  'incident.affectedSystems': { 'zh-CN': '受影响系统', en: 'Affected systems' },
  'incident.peopleAffected': { 'zh-CN': '受影响人数', en: 'People affected' },
  'incident.recordsAffected': { 'zh-CN': '涉及记录数', en: 'Records affected' },
  'incident.directLossRmb': { 'zh-CN': '直接经济损失（元）', en: 'Direct economic loss (RMB)' },
  'incident.businessImpact': { 'zh-CN': '业务影响', en: 'Business impact' },
  'incident.personalInfoInvolved': { 'zh-CN': '是否涉及个人信息', en: 'Personal information involved' },
  'incident.sensitivePersonalInfoInvolved': { 'zh-CN': '是否涉及敏感个人信息', en: 'Sensitive personal information involved' },
  'client.name': { 'zh-CN': '客户名称', en: 'Client name' },
  'client.creditCode': { 'zh-CN': '统一社会信用代码', en: 'Unified social credit code' },
  'client.contactName': { 'zh-CN': '客户联系人', en: 'Client contact' },
  'client.contactTitle': { 'zh-CN': '联系人职务', en: "Contact's title" },
  'client.contactPhone': { 'zh-CN': '联系电话', en: 'Contact phone' },
  'client.contactEmail': { 'zh-CN': '联系邮箱', en: 'Contact email' },
  'firm.name': { 'zh-CN': '服务机构名称', en: 'Firm name' },
  'author.name': { 'zh-CN': '撰写人', en: 'Author' },
  today: { 'zh-CN': '今天的日期', en: "Today's date" },
};
export const TEMPLATE_PLACEHOLDER_KEYS = Object.keys(TEMPLATE_PLACEHOLDERS);

/** The facts a template is filled in from (all times ISO 8601). */
export interface TemplateContext {
  incident: {
    reference: string;
    title: string;
    description: string;
    category: string | null;
    nature: string | null;
    grade: string | null;
    status: string;
    detectedAt: string;
    reportedAt: string | null;
    containedAt: string | null;
    resolvedAt: string | null;
    dataCategories: string[];
    affectedSystems: string[];
    peopleAffected: number | null;
    recordsAffected: number | null;
    /** from the grading dialog's answers, when asked */
    directLossRmb?: number | null;
    businessImpact: string | null;
    personalInfoInvolved: boolean;
    sensitivePersonalInfoInvolved: boolean;
  } | null;
  client: { name: string; creditCode: string | null; contact: { name?: string; title?: string; email?: string; phone?: string } | null };
  firm: { name: string };
  author: { name: string } | null;
  /** the firm's time zone: dates are written in it */
  timeZone: string;
  /** the moment of rendering (for `today`) */
  now: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function formatDate(iso: string | null, lang: Locale, timeZone: string, withTime = true): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (isNaN(d.getTime())) return null;
  const opts: Intl.DateTimeFormatOptions = withTime
    ? { year: 'numeric', month: lang === 'zh-CN' ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }
    : { year: 'numeric', month: lang === 'zh-CN' ? 'long' : 'short', day: 'numeric', timeZone };
  if (withTime && lang === 'en') opts.timeZoneName = 'short';
  return dateFormat(lang, opts).format(d);
}

const label = (kind: string, value: string | null, lang: Locale) => (value ? (ENUM_LABELS[kind]?.[value]?.[lang] ?? value) : null);
const list = (items: string[], lang: Locale) => (items.length ? items.join(lang === 'zh-CN' ? '、' : ', ') : null);
const count = (n: number | null, lang: Locale) => (n === null || n === undefined ? null : new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en').format(n));
const yesNo = (b: boolean, lang: Locale) => (lang === 'zh-CN' ? (b ? '是' : '否') : b ? 'Yes' : 'No');

/** The value of every placeholder for these facts, in `lang`; null when the fact is not known. */
export function placeholderValues(ctx: TemplateContext, lang: Locale): Record<string, string | null> {
  const i = ctx.incident;
  const c = ctx.client.contact ?? {};
  const v: Record<string, string | null> = {
    'incident.reference': i?.reference ?? null,
    'incident.title': i?.title ?? null,
    'incident.description': i?.description ?? null,
    'incident.category': i ? label('incidentCategory', i.category, lang) : null,
    'incident.nature': i ? label('incidentNature', i.nature, lang) : null,
    'incident.grade': i ? label('grade', i.grade, lang) : null,
    'incident.status': i ? label('incidentStatus', i.status, lang) : null,
    'incident.detectedAt': i ? formatDate(i.detectedAt, lang, ctx.timeZone) : null,
    'incident.reportedAt': i ? formatDate(i.reportedAt, lang, ctx.timeZone) : null,
    'incident.containedAt': i ? formatDate(i.containedAt, lang, ctx.timeZone) : null,
    'incident.resolvedAt': i ? formatDate(i.resolvedAt, lang, ctx.timeZone) : null,
    'incident.dataCategories': i ? list(i.dataCategories, lang) : null,
    'incident.affectedSystems': i ? list(i.affectedSystems, lang) : null,
    'incident.peopleAffected': i ? count(i.peopleAffected, lang) : null,
    'incident.recordsAffected': i ? count(i.recordsAffected, lang) : null,
    'incident.directLossRmb': i ? count(i.directLossRmb ?? null, lang) : null,
    'incident.businessImpact': i?.businessImpact ?? null,
    'incident.personalInfoInvolved': i ? yesNo(i.personalInfoInvolved, lang) : null,
    'incident.sensitivePersonalInfoInvolved': i ? yesNo(i.sensitivePersonalInfoInvolved, lang) : null,
    'client.name': ctx.client.name,
    'client.creditCode': ctx.client.creditCode,
    'client.contactName': c.name ?? null,
    'client.contactTitle': c.title ?? null,
    'client.contactPhone': c.phone ?? null,
    'client.contactEmail': c.email ?? null,
    'firm.name': ctx.firm.name,
    'author.name': ctx.author?.name ?? null,
    today: formatDate(ctx.now, lang, ctx.timeZone, false),
  };
  for (const k of Object.keys(v)) if (blank(v[k])) v[k] = null;
  return v;
}

/** What an unknown fact is replaced with, so that the author sees what to complete. */
export function missingMarker(key: string, lang: Locale): string {
  const name = TEMPLATE_PLACEHOLDERS[key]?.[lang] ?? key;
  return lang === 'zh-CN' ? `〔待补充：${name}〕` : `[to be completed: ${name}]`;
}

export interface FilledText {
  text: string;
  /** known placeholders whose fact is not known yet (replaced by a marker) */
  missing: string[];
  /** placeholders that are not known at all (left as they are) */
  unknown: string[];
}

/** Replaces `{{key}}` placeholders by their values; unknown facts become a marker, unknown keys stay. */
export function fillPlaceholders(text: string, values: Record<string, string | null>, lang: Locale): FilledText {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const out = text.replace(PLACEHOLDER, (whole, key: string) => {
    if (!Object.hasOwn(TEMPLATE_PLACEHOLDERS, key)) {
      unknown.add(key);
      return whole;
    }
    const value = Object.hasOwn(values, key) ? values[key] : null;
    if (value === null || value === undefined) {
      missing.add(key);
      return missingMarker(key, lang);
    }
    return value;
  });
  return { text: out, missing: [...missing], unknown: [...unknown] };
}

/** The placeholders a text uses that are not known (for template validation). */
export function unknownPlaceholders(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (!Object.hasOwn(TEMPLATE_PLACEHOLDERS, m[1])) out.add(m[1]);
  return [...out];
}

export interface CommunicationTemplateContent {
  subject: LocalText;
  body: LocalText;
}

export interface RenderedTemplate {
  subject: string;
  body: string;
  /** placeholders whose fact is not known yet, marked in the text for the author to complete */
  missing: string[];
}

/** A template filled in from an incident's facts, in `lang`. */
export function renderTemplate(t: CommunicationTemplateContent, ctx: TemplateContext, lang: Locale): RenderedTemplate {
  const values = placeholderValues(ctx, lang);
  const subject = fillPlaceholders(t.subject[lang] ?? '', values, lang);
  const body = fillPlaceholders(t.body[lang] ?? '', values, lang);
  return { subject: subject.text, body: body.text, missing: [...new Set([...subject.missing, ...body.missing])] };
}

export interface CommunicationTemplateDef extends CommunicationTemplateContent {
  key: string;
  name: LocalText;
  audience: CommunicationAudience;
  channel: CommunicationChannel;
  /** the obligation rules a notice made from it fulfils (the first open one is pre-selected) */
  serves?: readonly ObligationRule[];
}

/**
 * The rules a notice from this template may fulfil: a built-in template's own list; a firm's own template (or a
 * built-in one whose key is unknown) any rule of the obligation audience of its audience.
 */
export function templateServes(t: { key: string; audience: string }): ObligationRule[] {
  const def = BUILT_IN_COMMUNICATION_TEMPLATES.find((d) => d.key === t.key);
  if (def?.serves) return [...def.serves];
  const audience = obligationAudienceFor(t.audience);
  if (!audience) return [];
  return OBLIGATION_RULES.filter((r) => OBLIGATION_RULE_AUDIENCE[r] === audience);
}

/** The audience of each rule's obligations (computeObligations gives the same). */
export const OBLIGATION_RULE_AUDIENCE: Record<ObligationRule, 'regulator' | 'affected_individuals' | 'client'> = {
  prc_incident_report: 'regulator',
  prc_summary_report: 'regulator',
  dsl_notify_users: 'affected_individuals',
  dsl_report_authority: 'regulator',
  crime_report_police: 'regulator',
  pipl_notify_authority: 'regulator',
  pipl_notify_individuals: 'affected_individuals',
  gdpr_art33_authority: 'regulator',
  gdpr_art34_individuals: 'affected_individuals',
  sla_acknowledge: 'client',
  sla_resolve: 'client',
};


const PROMPT_CJK = /【[^【】\n]*】/g;
const PROMPT_LATIN = /\[[^\[\]\n]*\]/g;
const MISSING_MARKER = /〔待补充：[^〔〕\n]*〕|\[to be completed: [^\[\]\n]*\]/g;

/** The prompts a template's texts hold for the author to replace (【…】, and […] in the English texts). */
export function templatePrompts(t: CommunicationTemplateContent): string[] {
  const out = new Set<string>();
  for (const part of [t.subject, t.body]) {
    for (const lang of ['zh-CN', 'en'] as const) {
      const text = part?.[lang] ?? '';
      for (const m of text.matchAll(PROMPT_CJK)) out.add(m[0]);
      for (const m of text.matchAll(PROMPT_LATIN)) out.add(m[0]);
    }
  }
  return [...out];
}

/**
 * What is still unfilled in a communication's text, in order of appearance: every 【…】 prompt, every
 * 〔待补充：…〕 / [to be completed: …] marker of a fact not known when the template was filled, every `{{placeholder}}`
 * left as it is, and every prompt of its template (`prompts`, e.g. "[fill in]") still in the text.
 */
export function unfilledPlaceholders(text: string, prompts: readonly string[] = []): string[] {
  const found: { at: number; s: string }[] = [];
  const add = (re: RegExp) => {
    for (const m of text.matchAll(re)) found.push({ at: m.index ?? 0, s: m[0] });
  };
  add(PROMPT_CJK);
  add(MISSING_MARKER);
  add(PLACEHOLDER);
  for (const p of prompts) {
    if (p.startsWith('【')) continue;
    let i = text.indexOf(p);
    while (i >= 0) {
      found.push({ at: i, s: p });
      i = text.indexOf(p, i + p.length);
    }
  }
  const seen = new Set<string>();
  return found.sort((a, b) => a.at - b.at).map((f) => f.s).filter((s) => (seen.has(s) ? false : (seen.add(s), true)));
}

/**
 * The built-in templates every firm gets. The regulator notice holds what PIPL Art. 57 requires a notice to say:
 * the kinds of personal information involved, the cause and the possible harm; the remedies taken and what
 * individuals can do to reduce the harm; and the contact of the personal information handler. Prompts in 【】 are
 * for the author to replace with what the incident's record does not hold.
 */
export const BUILT_IN_COMMUNICATION_TEMPLATES: CommunicationTemplateDef[] = builtInTemplates as CommunicationTemplateDef[];

/** Problems with a template's texts: unknown placeholders, per field (`subject.zh-CN`, `body.en`, …). */
export function validateTemplateTexts(t: Partial<CommunicationTemplateContent> & { name?: Partial<LocalText> }): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const part of ['name', 'subject', 'body'] as const) {
    const text = t[part];
    if (text === undefined) continue;
    for (const lang of ['zh-CN', 'en'] as const) {
      const s = text?.[lang];
      if (typeof s !== 'string' || !s.trim()) {
        problems.push({ field: `${part}.${lang}`, message: 'is required' });
        continue;
      }
      const unknown = unknownPlaceholders(s);
      if (unknown.length) problems.push({ field: `${part}.${lang}`, message: `unknown placeholder ${unknown.map((k) => `{{${k}}}`).join(', ')}` });
    }
  }
  return problems;
}
