/**
 * Communications — the register of everything said to anyone about an incident, and the templates that carry what
 * the law requires a notice to say. Pure functions: the moves of the flow, who may approve, which obligations a
 * communication can fulfil, and how a template is filled in from an incident's facts.
 */
import type { Locale, Role } from './enums';
import { ENUM_LABELS } from './labels';
import type { LocalText } from './playbook';
import { dateFormat } from './intl';
import { OBLIGATION_RULES, type ObligationRule } from './obligations';

export const COMMUNICATION_AUDIENCES = ['internal', 'client', 'partner', 'regulator', 'media', 'public', 'affected_individuals'] as const;
export type CommunicationAudience = (typeof COMMUNICATION_AUDIENCES)[number];

export const COMMUNICATION_CHANNELS = ['email', 'phone', 'meeting', 'letter', 'sms', 'wechat', 'portal', 'press_release', 'other'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];

export const COMMUNICATION_DIRECTIONS = ['outbound', 'inbound'] as const;
export type CommunicationDirection = (typeof COMMUNICATION_DIRECTIONS)[number];

/** Outbound: draft → in_review → approved → sent (in_review → draft sends it back). Inbound: received, for good. */
export const COMMUNICATION_STATUSES = ['draft', 'in_review', 'approved', 'sent', 'received'] as const;
export type CommunicationStatus = (typeof COMMUNICATION_STATUSES)[number];

export const COMMUNICATION_TRANSITIONS: Record<CommunicationStatus, CommunicationStatus[]> = {
  draft: ['in_review'],
  in_review: ['approved', 'draft'],
  approved: ['sent'],
  sent: [],
  received: [],
};

/** A report to a regulator: the first report, a follow-up (补报, Measures Art. 7 ¶2–3), the summary report (Art. 8). */
export const REPORT_STAGES = ['first', 'follow_up', 'summary'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Audiences whose communications only a manager or the incident's legal team member may approve. */
export const RESTRICTED_APPROVAL_AUDIENCES: readonly CommunicationAudience[] = ['regulator', 'media'];

/** The status a new communication starts in. */
export function initialCommunicationStatus(direction: CommunicationDirection): CommunicationStatus {
  return direction === 'inbound' ? 'received' : 'draft';
}

/** The statuses a communication may move to (a copy). Inbound ones never move. */
export function allowedCommunicationTransitions(status: CommunicationStatus, direction: CommunicationDirection): CommunicationStatus[] {
  if (direction === 'inbound') return [];
  return [...(COMMUNICATION_TRANSITIONS[status] ?? [])];
}

export type CommunicationTransitionCheck = { ok: true } | { ok: false; allowed: CommunicationStatus[] };

export function checkCommunicationTransition(input: {
  from: CommunicationStatus;
  to: CommunicationStatus;
  direction: CommunicationDirection;
}): CommunicationTransitionCheck {
  const allowed = allowedCommunicationTransitions(input.from, input.direction);
  return allowed.includes(input.to) ? { ok: true } : { ok: false, allowed };
}

/**
 * May its content still change? Outbound drafts only (in review or approved it must go back to draft first, so that
 * what is sent is what was approved; a sent one is final). An inbound record can be corrected.
 */
export function isCommunicationEditable(status: CommunicationStatus): boolean {
  return status === 'draft' || status === 'received';
}

export interface ApprovalTeamMember {
  userId: string | null;
  role: string;
}

export type ApprovalCheck =
  | { ok: true }
  | { ok: false; reason: 'not_in_review' | 'not_staff' | 'own_communication' | 'needs_manager_or_legal' };

/**
 * Who may approve a communication in review:
 * - firm staff only (a manager or a consultant);
 * - never its author: neither who wrote it nor who submitted it for review;
 * - to a regulator or the media: a manager, or the member of the incident's team with the role `legal`.
 */
export function checkApproval(input: {
  approver: { id: string; role: Role };
  communication: { status: string; direction: string; audience: string; createdById: string | null; submittedById: string | null };
  /** the incident's response team (empty when the communication has no incident) */
  team: ApprovalTeamMember[];
}): ApprovalCheck {
  const { approver, communication: c, team } = input;
  if (c.direction !== 'outbound' || c.status !== 'in_review') return { ok: false, reason: 'not_in_review' };
  if (approver.role !== 'manager' && approver.role !== 'consultant') return { ok: false, reason: 'not_staff' };
  if (approver.id === c.createdById || approver.id === c.submittedById) return { ok: false, reason: 'own_communication' };
  if ((RESTRICTED_APPROVAL_AUDIENCES as readonly string[]).includes(c.audience) && approver.role !== 'manager') {
    const legal = team.some((m) => m.role === 'legal' && !!m.userId && m.userId === approver.id);
    if (!legal) return { ok: false, reason: 'needs_manager_or_legal' };
  }
  return { ok: true };
}

export const canApproveCommunication = (input: Parameters<typeof checkApproval>[0]): boolean => checkApproval(input).ok;

/**
 * The moves this user may make now: the flow's moves, without `approved` when the approval rule says no.
 * (Used by the admin to show buttons; the server checks the same.)
 */
export function communicationMovesFor(input: Parameters<typeof checkApproval>[0]): CommunicationStatus[] {
  const { communication: c } = input;
  const moves = allowedCommunicationTransitions(c.status as CommunicationStatus, c.direction as CommunicationDirection);
  if (input.approver.role !== 'manager' && input.approver.role !== 'consultant') return [];
  return moves.filter((to) => to !== 'approved' || checkApproval(input).ok);
}

/** The obligation audience a communication to `audience` can fulfil (regulator → regulator, individuals → individuals). */
export function obligationAudienceFor(audience: string): 'regulator' | 'affected_individuals' | null {
  if (audience === 'regulator') return 'regulator';
  if (audience === 'affected_individuals') return 'affected_individuals';
  return null;
}

/** A client admin acknowledges a sent, client-visible communication, once. */
export function canAcknowledge(c: { status: string; clientVisible: boolean; acknowledgedAt: string | Date | null }): boolean {
  return c.status === 'sent' && c.clientVisible && !c.acknowledgedAt;
}

// ---------------------------------------------------------------------------------------------------------------
// Templates

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

/** Audiences whose communications cannot be approved or sent while a placeholder of their template is unfilled. */
export const PLACEHOLDER_CHECKED_AUDIENCES: readonly CommunicationAudience[] = ['regulator', 'affected_individuals'];

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
export const BUILT_IN_COMMUNICATION_TEMPLATES: CommunicationTemplateDef[] = [
  {
    key: 'pipl_regulator_notice',
    serves: ['pipl_notify_authority', 'dsl_report_authority'],
    name: { 'zh-CN': '个人信息安全事件报告（监管部门，个保法第五十七条）', en: 'Personal information incident report to the authority (PIPL Art. 57)' },
    audience: 'regulator',
    channel: 'letter',
    subject: {
      'zh-CN': '关于{{client.name}}个人信息安全事件的报告（{{incident.reference}}）',
      en: 'Report of a personal information security incident at {{client.name}} ({{incident.reference}})',
    },
    body: {
      'zh-CN': [
        '致：履行个人信息保护职责的部门',
        '',
        '根据《中华人民共和国个人信息保护法》第五十七条及《中华人民共和国数据安全法》第二十九条，{{client.name}}（统一社会信用代码：{{client.creditCode}}）现将发生的个人信息安全事件报告如下：',
        '',
        '一、事件概况',
        '事件编号：{{incident.reference}}',
        '事件名称：{{incident.title}}',
        '发现时间：{{incident.detectedAt}}',
        '事件类型：{{incident.category}}',
        '事件经过：{{incident.description}}',
        '',
        '二、发生或者可能发生泄露、篡改、丢失的个人信息种类',
        '个人信息种类：{{incident.dataCategories}}',
        '是否涉及敏感个人信息：{{incident.sensitivePersonalInfoInvolved}}',
        '涉及个人数量：{{incident.peopleAffected}}；涉及记录数量：{{incident.recordsAffected}}',
        '',
        '三、事件发生的原因',
        '初步判断：{{incident.nature}}。【请补充具体原因及调查进展】',
        '',
        '四、可能造成的危害',
        '【请说明上述个人信息泄露、篡改或丢失可能对个人造成的危害，例如被用于诈骗、骚扰或造成财产损失】',
        '对业务的影响：{{incident.businessImpact}}',
        '',
        '五、已采取的补救措施',
        '【请列明已采取的补救措施及时间，例如封堵漏洞、重置凭证、追回或删除外泄数据、加强监测】',
        '',
        '六、个人可以采取的减轻危害的措施',
        '【请列明个人可以采取的措施，例如修改相关账户密码、警惕冒充本单位的来电和短信、关注账户异常变动】',
        '',
        '七、个人信息处理者的联系方式',
        '个人信息处理者：{{client.name}}',
        '联系人：{{client.contactName}}（{{client.contactTitle}}）',
        '电话：{{client.contactPhone}}',
        '电子邮箱：{{client.contactEmail}}',
        '',
        '{{client.name}}',
        '{{today}}',
      ].join('\n'),
      en: [
        'To: the department performing personal information protection duties',
        '',
        'Under Article 57 of the Personal Information Protection Law of the PRC and Article 29 of the Data Security Law, {{client.name}} (unified social credit code {{client.creditCode}}) reports the following personal information security incident.',
        '',
        '1. The incident',
        'Reference: {{incident.reference}}',
        'Title: {{incident.title}}',
        'Detected: {{incident.detectedAt}}',
        'Category: {{incident.category}}',
        'What happened: {{incident.description}}',
        '',
        '2. Personal information leaked, tampered with or lost (or that may be)',
        'Types of personal information: {{incident.dataCategories}}',
        'Sensitive personal information involved: {{incident.sensitivePersonalInfoInvolved}}',
        'Individuals concerned: {{incident.peopleAffected}}; records concerned: {{incident.recordsAffected}}',
        '',
        '3. Cause',
        'Initial assessment: {{incident.nature}}. [Describe the cause and the state of the investigation]',
        '',
        '4. Possible harm',
        '[Describe the harm the leak, tampering or loss may cause the individuals, e.g. fraud, harassment, financial loss]',
        'Impact on the business: {{incident.businessImpact}}',
        '',
        '5. Remedies taken',
        '[List the remedial measures taken and when, e.g. closing the vulnerability, resetting credentials, recovering or deleting leaked data, closer monitoring]',
        '',
        '6. What individuals can do to reduce the harm',
        '[List what individuals can do, e.g. change the passwords of the accounts concerned, beware of calls and messages impersonating us, watch their accounts for unusual activity]',
        '',
        '7. Contact of the personal information handler',
        'Handler: {{client.name}}',
        'Contact person: {{client.contactName}} ({{client.contactTitle}})',
        'Phone: {{client.contactPhone}}',
        'Email: {{client.contactEmail}}',
        '',
        '{{client.name}}',
        '{{today}}',
      ].join('\n'),
    },
  },
  {
    key: 'pipl_individuals_notice',
    serves: ['pipl_notify_individuals', 'dsl_notify_users'],
    name: { 'zh-CN': '致受影响个人的告知书（个保法第五十七条）', en: 'Notice to the affected individuals (PIPL Art. 57)' },
    audience: 'affected_individuals',
    channel: 'sms',
    subject: {
      'zh-CN': '{{client.name}}关于您个人信息安全的告知',
      en: 'Important notice from {{client.name}} about your personal information',
    },
    body: {
      'zh-CN': [
        '尊敬的用户：',
        '',
        '{{client.name}}于{{incident.detectedAt}}发现一起个人信息安全事件（{{incident.title}}），您的以下个人信息可能受到影响：{{incident.dataCategories}}。',
        '',
        '事件原因：【请用通俗的语言说明事件原因】',
        '可能对您造成的影响：【请说明可能的危害，例如冒充我司的诈骗电话或短信】',
        '我们已采取的措施：【请列明已采取的补救措施】',
        '建议您采取的措施：【例如修改密码、不向任何人透露验证码、警惕冒充我司的来电和短信】',
        '',
        '如有疑问，请联系：{{client.contactName}}，电话 {{client.contactPhone}}，邮箱 {{client.contactEmail}}。',
        '',
        '对由此给您带来的不便，我们深表歉意。',
        '{{client.name}}',
        '{{today}}',
      ].join('\n'),
      en: [
        'Dear customer,',
        '',
        'On {{incident.detectedAt}} {{client.name}} detected a personal information security incident ({{incident.title}}). The following personal information of yours may be affected: {{incident.dataCategories}}.',
        '',
        'What happened: [explain the cause in plain words]',
        'How it may affect you: [describe the possible harm, e.g. fraudulent calls or messages impersonating us]',
        'What we have done: [list the remedies taken]',
        'What you can do: [e.g. change your password, never share verification codes, beware of calls and messages impersonating us]',
        '',
        'Questions: {{client.contactName}}, phone {{client.contactPhone}}, email {{client.contactEmail}}.',
        '',
        'We sincerely apologise for the inconvenience.',
        '{{client.name}}',
        '{{today}}',
      ].join('\n'),
    },
  },
  {
    key: 'client_update',
    serves: [],
    name: { 'zh-CN': '事件进展通报（客户）', en: 'Incident progress update (client)' },
    audience: 'client',
    channel: 'email',
    subject: {
      'zh-CN': '【事件进展】{{incident.reference}} {{incident.title}}',
      en: '[Incident update] {{incident.reference}} {{incident.title}}',
    },
    body: {
      'zh-CN': [
        '{{client.contactName}}您好：',
        '',
        '现将事件 {{incident.reference}}（{{incident.title}}）的最新进展通报如下：',
        '',
        '当前阶段：{{incident.status}}',
        '事件级别：{{incident.grade}}',
        '发现时间：{{incident.detectedAt}}',
        '受影响系统：{{incident.affectedSystems}}',
        '',
        '本阶段已完成的工作：【请填写】',
        '下一步计划：【请填写】',
        '需要贵司配合的事项：【请填写】',
        '',
        '如有任何问题，请随时与我们联系。',
        '{{author.name}}',
        '{{firm.name}}',
        '{{today}}',
      ].join('\n'),
      en: [
        'Dear {{client.contactName}},',
        '',
        'Here is the latest on incident {{incident.reference}} ({{incident.title}}):',
        '',
        'Current phase: {{incident.status}}',
        'Grade: {{incident.grade}}',
        'Detected: {{incident.detectedAt}}',
        'Affected systems: {{incident.affectedSystems}}',
        '',
        'Done in this phase: [fill in]',
        'Next steps: [fill in]',
        'What we need from you: [fill in]',
        '',
        'Do not hesitate to contact us with any question.',
        '{{author.name}}',
        '{{firm.name}}',
        '{{today}}',
      ].join('\n'),
    },
  },
  {
    key: 'prc_incident_report',
    serves: ['prc_incident_report', 'prc_summary_report'],
    name: { 'zh-CN': '网络安全事件报告（网信/公安，《国家网络安全事件报告管理办法》第七条）', en: 'Cybersecurity incident report (cyberspace administration / police; National Measures Art. 7)' },
    audience: 'regulator',
    channel: 'portal',
    subject: {
      'zh-CN': '网络安全事件报告：{{client.name}} {{incident.title}}（{{incident.reference}}）',
      en: 'Cybersecurity incident report: {{client.name}} {{incident.title}} ({{incident.reference}})',
    },
    body: {
      'zh-CN': [
        '根据《国家网络安全事件报告管理办法》第四条、第七条，现报告如下：',
        '',
        '（一）涉事单位及涉事系统或设施基本情况',
        '涉事单位：{{client.name}}（统一社会信用代码：{{client.creditCode}}）',
        '涉事系统或设施：{{incident.affectedSystems}}',
        '',
        '（二）事件发现或发生的时间、地点、类型、级别，已造成的影响和危害，已采取的措施及效果',
        '事件名称：{{incident.title}}（编号 {{incident.reference}}）',
        '发现时间：{{incident.detectedAt}}；发生时间：【请填写】；地点：【请填写】',
        '事件类型：{{incident.category}}；事件级别：{{incident.grade}}',
        '已造成的影响和危害：{{incident.businessImpact}}；受影响人数：{{incident.peopleAffected}}；涉及记录数：{{incident.recordsAffected}}；直接经济损失（元）：{{incident.directLossRmb}}',
        '已采取的措施及效果：【请填写】',
        '勒索软件攻击事件还须填写：要求支付赎金的金额【请填写，非勒索事件填“不适用”】、方式【请填写】、日期【请填写】',
        '',
        '（三）事态发展趋势及可能造成的进一步影响和危害：【请填写】',
        '（四）事件原因初步分析意见：{{incident.description}}【请补充初步原因】',
        '（五）溯源调查工作线索（可能的攻击者信息、攻击路径、存在的漏洞等）：【请填写】',
        '（六）拟进一步采取的应对措施以及请求支援事项：【请填写】',
        '（七）现场保护情况：【请填写】',
        '（八）其他应当报告的情况：【请填写，无则填“无”】',
        '',
        '报告人：{{author.name}}（{{firm.name}}，受{{client.name}}委托）',
        '单位联系人：{{client.contactName}}，电话 {{client.contactPhone}}',
        '{{today}}',
      ].join('\n'),
      en: [
        'Under Articles 4 and 7 of the National Cybersecurity Incident Reporting Measures we report the following:',
        '',
        '1. The organisation and the system or facility concerned',
        'Organisation: {{client.name}} (unified social credit code {{client.creditCode}})',
        'System or facility: {{incident.affectedSystems}}',
        '',
        '2. Time of discovery or occurrence, place, category, grade, impact and harm so far, measures taken and their effect',
        'Incident: {{incident.title}} (reference {{incident.reference}})',
        'Detected: {{incident.detectedAt}}; occurred: [fill in]; place: [fill in]',
        'Category: {{incident.category}}; grade: {{incident.grade}}',
        'Impact and harm so far: {{incident.businessImpact}}; people affected: {{incident.peopleAffected}}; records affected: {{incident.recordsAffected}}; direct loss (RMB): {{incident.directLossRmb}}',
        'Measures taken and their effect: [fill in]',
        'Ransomware only: ransom demanded — amount [fill in, or "not applicable"], method [fill in], date [fill in]',
        '',
        '3. Expected development and possible further impact and harm: [fill in]',
        '4. Initial analysis of the cause: {{incident.description}} [add the initial cause]',
        '5. Leads for tracing (possible attacker, attack path, vulnerabilities): [fill in]',
        '6. Further measures planned and support requested: [fill in]',
        '7. Protection of the scene: [fill in]',
        '8. Anything else to report: [fill in, or "none"]',
        '',
        'Reported by: {{author.name}} ({{firm.name}}, on behalf of {{client.name}})',
        'Contact at the organisation: {{client.contactName}}, phone {{client.contactPhone}}',
        '{{today}}',
      ].join('\n'),
    },
  },
];

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

/** A communication as the API sends it to firm staff (client admins get a subset: no drafting or approval fields). */
export interface CommunicationRecord {
  id: string;
  clientId: string;
  incidentId: string | null;
  audience: CommunicationAudience;
  channel: CommunicationChannel;
  direction: CommunicationDirection;
  subject: string;
  body: string;
  recipients: string[];
  clientVisible: boolean;
  status: CommunicationStatus;
  templateId?: string | null;
  obligationId?: string | null;
  createdById?: string | null;
  createdByName?: string | null;
  submittedById?: string | null;
  submittedByName?: string | null;
  submittedAt?: string | null;
  approvedById?: string | null;
  approvedByName?: string | null;
  approvedAt?: string | null;
  sentById?: string | null;
  sentByName?: string | null;
  sentAt: string | null;
  receivedAt: string | null;
  acknowledgedById: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
  /** sent or received, else created */
  date: string;
  createdAt: string;
  updatedAt?: string;
}

export interface CommunicationTemplateRecord {
  id: string;
  key: string;
  name: LocalText;
  audience: CommunicationAudience;
  channel: CommunicationChannel;
  subject: LocalText;
  body: LocalText;
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}
