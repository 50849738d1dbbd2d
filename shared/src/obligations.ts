/**
 * Obligations — the clocks. Pure functions: which duties the facts of an incident give rise to, when each is due,
 * its status at a moment, and how a stored set is brought in line with a fresh computation.
 * All times are ISO 8601 strings in and out.
 */
import { gradeAtLeast, type Grade, type IncidentStatus } from './incident';
import { missingYearsWarning, PRC_CALENDAR, workingDaysAfter, type WorkingDayCalendar } from './working-days';

export const OBLIGATION_RULES = [
  'prc_incident_report',
  'prc_summary_report',
  'dsl_notify_users',
  'dsl_report_authority',
  'crime_report_police',
  'pipl_notify_authority',
  'pipl_notify_individuals',
  'gdpr_art33_authority',
  'gdpr_art34_individuals',
  'sla_acknowledge',
  'sla_resolve',
] as const;
export type ObligationRule = (typeof OBLIGATION_RULES)[number];

export const OBLIGATION_AUDIENCES = ['regulator', 'affected_individuals', 'client'] as const;
export type ObligationAudience = (typeof OBLIGATION_AUDIENCES)[number];

export const OBLIGATION_STATUSES = ['pending', 'met', 'overdue', 'met_late', 'not_applicable', 'waived'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];
/** An obligation still to fulfil: not yet due, or due and not met (the deadline cards' and pickers' filter). */
export const OPEN_OBLIGATION_STATUSES = ['pending', 'overdue'] as const satisfies readonly ObligationStatus[];

export interface FirmPolicy {
  /** the firm's internal target for the "immediately" of PIPL Art. 57 / DSL Art. 29 and GDPR Art. 34, in hours */
  piNotifyHours: number;
  /**
   * the firm's internal target for the summary report (事件处置总结报告), in working days on the PRC calendar after the
   * handling ends. The law's limit is 30 days (Measures Art. 8); the target is kept well inside it.
   */
  summaryReportWorkingDays?: number;
}
export const DEFAULT_FIRM_POLICY: FirmPolicy = { piNotifyHours: 24, summaryReportWorkingDays: 5 };

/** The Measures' limit for the summary report: 30 days after the handling ends (Art. 8). */
export const PRC_SUMMARY_REPORT_LEGAL_DAYS = 30;

/** The measure's title as published (CAC, 2025-09-11; in force 2025-11-01). */
export const PRC_MEASURES = '《国家网络安全事件报告管理办法》';
export const PRC_MEASURES_EN = 'National Cybersecurity Incident Reporting Measures';

export interface ObligationFacts {
  grade: Grade | null;
  status: IncidentStatus;
  detectedAt: string;
  reportedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  personalInfoInvolved: boolean;
  sensitivePersonalInfoInvolved: boolean;
  euPersonalData: boolean;
  highRiskToIndividuals: boolean;
  operatorType: 'cii' | 'state_organ' | 'other';
  /** GB/T 20986 class: a data_security incident brings the Data Security Law's duties whatever the data */
  category?: string | null;
  /** an internal or external attack: leads of a suspected crime, to be reported to the police */
  nature?: string | null;
  /** when the incident left the response and recovery phases (entered investigating): the handling ended */
  recoveredAt?: string | null;
  /** the working-day calendar (default: the built-in PRC one) */
  calendar?: WorkingDayCalendar;
  contractSla: { acknowledgeHours?: Partial<Record<Grade, number>>; resolveHours?: Partial<Record<Grade, number>> };
  policy: FirmPolicy;
}

export interface ObligationSpec {
  rule: ObligationRule;
  audience: ObligationAudience;
  authority: { 'zh-CN': string; en: string };
  /** when the clock started */
  startsAt: string;
  dueAt: string;
  source: string;
  /** a problem with the due time the firm should see (a year missing from the working-day calendar) */
  warning?: { 'zh-CN': string; en: string } | null;
}

const HOUR = 3_600_000;

function toMs(t: string | Date): number {
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid date: ${String(t)}`);
  return ms;
}
const addHours = (iso: string, hours: number) => new Date(toMs(iso) + hours * HOUR).toISOString();
const validHours = (h: unknown): h is number => typeof h === 'number' && Number.isFinite(h) && h > 0;

/**
 * The PRC reporting clock by operator type (Measures Art. 4): hours from discovery and the authority to report to.
 * `state_organ` is 中央和国家机关各部门及其直属单位 only (central level): local Party and government bodies and their
 * public institutions are `other` (4 h, the provincial cyberspace office), unless the incident involves a CII.
 */
export const PRC_REPORT_BY_OPERATOR: Record<ObligationFacts['operatorType'], { hours: number; authority: ObligationSpec['authority'] }> = {
  cii: {
    hours: 1,
    authority: { 'zh-CN': '关键信息基础设施保护工作部门、公安机关', en: 'The CII protection department and the public security authority' },
  },
  state_organ: {
    hours: 2,
    authority: { 'zh-CN': '本部门网信工作机构', en: "The organ's own cyberspace-affairs office" },
  },
  other: {
    hours: 4,
    authority: { 'zh-CN': '属地省级网信部门', en: 'The provincial cyberspace administration where the operator is located' },
  },
};

const AUTHORITIES = {
  piplAuthority: { 'zh-CN': '履行个人信息保护职责的部门', en: 'The departments with personal-information protection duties' },
  dslUsers: { 'zh-CN': '受影响的用户（个人和组织）', en: 'The affected users (individuals and organisations)' },
  dslAuthority: { 'zh-CN': '有关主管部门', en: 'The competent authority' },
  police: { 'zh-CN': '公安机关、国家安全机关', en: 'The public security and state security authorities' },
  piplIndividuals: { 'zh-CN': '受影响的个人', en: 'The affected individuals' },
  gdprAuthority: { 'zh-CN': '欧盟主管数据保护监管机构(牵头监管机构)', en: 'The competent EU supervisory authority (lead authority)' },
  gdprIndividuals: { 'zh-CN': '受影响的数据主体', en: 'The affected data subjects' },
  client: { 'zh-CN': '客户', en: 'The client' },
} as const;

const GDPR_ART33_HOURS = 72;

/** The statuses after the response and recovery phases: the handling of the incident has ended. */
const HANDLING_ENDED: readonly IncidentStatus[] = ['investigating', 'follow_up', 'closed'];

/**
 * The obligations that apply to these facts now. A dismissed incident has none.
 * - prc_incident_report: grade 较大 or above → 1 h (CII operator) / 2 h (central and state organs) / 4 h (other) from
 *   detection (Measures Art. 4).
 * - prc_summary_report: grade 较大 or above and the handling ended (the incident left the response and recovery
 *   phases) → the firm's target of N working days on the PRC calendar (default 5), within the law's 30 days (Art. 8).
 * - dsl_notify_users, dsl_report_authority: any data-security incident (class data_security, or personal information
 *   involved) → the firm's target hours from detection (DSL Art. 29, 条例 Art. 11).
 * - crime_report_police: an internal or external attack (leads of a suspected crime) → the firm's target hours
 *   (Measures Art. 4 ¶6, 条例 Art. 11).
 * - pipl_notify_authority, pipl_notify_individuals: personal information (or sensitive personal information) involved →
 *   the firm's target hours from detection.
 * - gdpr_art33_authority: EU personal data → 72 h from detection (awareness); gdpr_art34_individuals: and a high risk to
 *   the individuals → the firm's target hours.
 * - sla_acknowledge, sla_resolve: a grade is set and the contract has hours for it → from the report.
 */
export function computeObligations(f: ObligationFacts): ObligationSpec[] {
  if (f.status === 'dismissed') return [];
  const out: ObligationSpec[] = [];
  const piHours = validHours(f.policy?.piNotifyHours) ? f.policy.piNotifyHours : DEFAULT_FIRM_POLICY.piNotifyHours;
  const fromDetection = (rule: ObligationRule, audience: ObligationAudience, authority: ObligationSpec['authority'], hours: number, source: string) =>
    out.push({ rule, audience, authority: { ...authority }, startsAt: new Date(toMs(f.detectedAt)).toISOString(), dueAt: addHours(f.detectedAt, hours), source });

  const reportable = gradeAtLeast(f.grade, 'relatively_major');
  if (reportable) {
    const op = PRC_REPORT_BY_OPERATOR[f.operatorType] ?? PRC_REPORT_BY_OPERATOR.other;
    fromDetection(
      'prc_incident_report', 'regulator', op.authority, op.hours,
      `${PRC_MEASURES}第四条 (${PRC_MEASURES_EN}, Art. 4, CAC 2025-09-11, in force 2025-11-01): incidents graded 较大 or above, ${f.operatorType} operator — report within ${op.hours} h of discovery; what cannot be established in time is reported later (补报, Art. 7 ¶2)`,
    );
  }

  if (reportable && f.recoveredAt && HANDLING_ENDED.includes(f.status)) {
    const days = Number.isInteger(f.policy?.summaryReportWorkingDays) && f.policy.summaryReportWorkingDays! > 0 && f.policy.summaryReportWorkingDays! <= PRC_SUMMARY_REPORT_LEGAL_DAYS
      ? f.policy.summaryReportWorkingDays! : DEFAULT_FIRM_POLICY.summaryReportWorkingDays!;
    const due = workingDaysAfter(f.recoveredAt, days, f.calendar ?? PRC_CALENDAR);
    const legal = addHours(f.recoveredAt, PRC_SUMMARY_REPORT_LEGAL_DAYS * 24);
    const op = PRC_REPORT_BY_OPERATOR[f.operatorType] ?? PRC_REPORT_BY_OPERATOR.other;
    out.push({
      rule: 'prc_summary_report', audience: 'regulator', authority: { ...op.authority },
      startsAt: new Date(toMs(f.recoveredAt)).toISOString(),
      // the firm's target never lies beyond the law's limit
      dueAt: toMs(due.dueAt) <= toMs(legal) ? due.dueAt : legal,
      source: `${PRC_MEASURES}第八条 (${PRC_MEASURES_EN}, Art. 8): after the handling ends, a summary report (事件处置总结报告: cause, response, harm, accountability, remediation, lessons) through the same channel within ${PRC_SUMMARY_REPORT_LEGAL_DAYS} days (by ${legal.slice(0, 10)}); firm target ${days} working days on the PRC calendar`,
      warning: missingYearsWarning(due.missingYears),
    });
  }

  const dataSecurity = f.category === 'data_security' || f.personalInfoInvolved || f.sensitivePersonalInfoInvolved;
  if (dataSecurity) {
    fromDetection(
      'dsl_notify_users', 'affected_individuals', AUTHORITIES.dslUsers, piHours,
      `《数据安全法》第二十九条 (DSL Art. 29): for any data-security incident, inform the users promptly as provided; 《网络数据安全管理条例》第十一条 (Network Data Security Regulations Art. 11, in force 2025-01-01): notify the individuals and organisations whose rights are harmed (risk, harm, remedies; by phone, SMS, instant messaging, e-mail or announcement) unless a law allows not to; firm target ${piHours} h from detection`,
    );
    fromDetection(
      'dsl_report_authority', 'regulator', AUTHORITIES.dslAuthority, piHours,
      `《数据安全法》第二十九条 (DSL Art. 29) and 《网络数据安全管理条例》第十一条: report a data-security incident to the competent authority promptly as provided; firm target ${piHours} h from detection`,
    );
  }

  if (f.nature === 'internal_attack' || f.nature === 'external_attack') {
    fromDetection(
      'crime_report_police', 'regulator', AUTHORITIES.police, piHours,
      `${PRC_MEASURES}第四条第六款 (Art. 4 ¶6) and 《网络数据安全管理条例》第十一条: leads of a suspected crime are reported to the public security (and state security) authorities promptly; firm target ${piHours} h from detection`,
    );
  }

  if (f.personalInfoInvolved || f.sensitivePersonalInfoInvolved) {
    fromDetection(
      'pipl_notify_authority', 'regulator', AUTHORITIES.piplAuthority, piHours,
      `《个人信息保护法》第五十七条 (PIPL Art. 57): notify the departments with personal-information protection duties immediately (never waivable); firm target ${piHours} h from detection`,
    );
    fromDetection(
      'pipl_notify_individuals', 'affected_individuals', AUTHORITIES.piplIndividuals, piHours,
      `《个人信息保护法》第五十七条 (PIPL Art. 57): notify the individuals immediately (may be waived when the measures taken effectively avoid harm, unless the authority requires it); firm target ${piHours} h from detection`,
    );
  }

  if (f.euPersonalData) {
    fromDetection(
      'gdpr_art33_authority', 'regulator', AUTHORITIES.gdprAuthority, GDPR_ART33_HOURS,
      'GDPR Art. 33(1): notify the supervisory authority without undue delay and, where feasible, within 72 h of becoming aware',
    );
    if (f.highRiskToIndividuals) {
      fromDetection(
        'gdpr_art34_individuals', 'affected_individuals', AUTHORITIES.gdprIndividuals, piHours,
        `GDPR Art. 34(1): high risk to the data subjects — communicate without undue delay; firm target ${piHours} h from detection`,
      );
    }
  }

  if (f.grade) {
    const sla = f.contractSla ?? {};
    const start = new Date(toMs(f.reportedAt)).toISOString();
    const ack = sla.acknowledgeHours?.[f.grade];
    if (validHours(ack)) {
      out.push({ rule: 'sla_acknowledge', audience: 'client', authority: { ...AUTHORITIES.client }, startsAt: start, dueAt: addHours(f.reportedAt, ack), source: `Client contract SLA: acknowledge a ${f.grade} incident within ${ack} h of the report` });
    }
    const res = sla.resolveHours?.[f.grade];
    if (validHours(res)) {
      out.push({ rule: 'sla_resolve', audience: 'client', authority: { ...AUTHORITIES.client }, startsAt: start, dueAt: addHours(f.reportedAt, res), source: `Client contract SLA: resolve a ${f.grade} incident within ${res} h of the report` });
    }
  }
  return out;
}

/**
 * Status at `now`: not applicable when flagged, waived when waived; fulfilled → met, or met_late when fulfilledAt is
 * after dueAt; otherwise overdue when now is after dueAt, else pending. Exactly at the deadline counts as on time.
 */
export function obligationStatus(o: { dueAt: string; fulfilledAt: string | null; notApplicable?: boolean; waived?: boolean }, now: string | Date): ObligationStatus {
  if (o.notApplicable) return 'not_applicable';
  if (o.waived) return 'waived';
  const due = toMs(o.dueAt);
  if (o.fulfilledAt) return toMs(o.fulfilledAt) > due ? 'met_late' : 'met';
  return toMs(now) > due ? 'overdue' : 'pending';
}

// ---------------------------------------------------------------------------------------------------------------
// Waivers: the cases where the law itself allows not notifying, recorded as a reasoned decision.

export const WAIVER_BASES = ['pipl_57_2', 'nds_11_2', 'gdpr_33_1', 'gdpr_34_3_a', 'gdpr_34_3_b', 'gdpr_34_3_c', 'client_agreement'] as const;
export type WaiverBasis = (typeof WAIVER_BASES)[number];

/** Each basis: the rules it may waive and what the law says. */
export const WAIVER_BASIS_RULES: Record<WaiverBasis, { rules: readonly ObligationRule[]; text: { 'zh-CN': string; en: string } }> = {
  pipl_57_2: {
    rules: ['pipl_notify_individuals'],
    text: {
      'zh-CN': '《个人信息保护法》第五十七条第二款：采取措施能够有效避免信息泄露、篡改、丢失造成危害的，可以不通知个人（履行个人信息保护职责的部门认为可能造成危害的，有权要求通知）',
      en: 'PIPL Art. 57 ¶2: the measures taken effectively avoid harm, so the individuals need not be notified (unless the authority requires it)',
    },
  },
  nds_11_2: {
    rules: ['dsl_notify_users'],
    text: {
      'zh-CN': '《网络数据安全管理条例》第十一条第二款：法律、行政法规规定可以不通知的，从其规定',
      en: 'Network Data Security Regulations Art. 11 ¶2: a law or administrative regulation allows not notifying',
    },
  },
  gdpr_33_1: {
    rules: ['gdpr_art33_authority'],
    text: { 'zh-CN': 'GDPR 第33条第1款：该个人数据泄露不太可能对自然人的权利和自由造成风险', en: 'GDPR Art. 33(1): the breach is unlikely to result in a risk to the rights and freedoms of natural persons' },
  },
  gdpr_34_3_a: {
    rules: ['gdpr_art34_individuals'],
    text: { 'zh-CN': 'GDPR 第34条第3款(a)：已采取使数据对未经授权者不可读的保护措施（如加密）', en: 'GDPR Art. 34(3)(a): protection measures render the data unintelligible to anyone not authorised (e.g. encryption)' },
  },
  gdpr_34_3_b: {
    rules: ['gdpr_art34_individuals'],
    text: { 'zh-CN': 'GDPR 第34条第3款(b)：后续措施确保高风险不再可能发生', en: 'GDPR Art. 34(3)(b): subsequent measures ensure the high risk is no longer likely to materialise' },
  },
  gdpr_34_3_c: {
    rules: ['gdpr_art34_individuals'],
    text: { 'zh-CN': 'GDPR 第34条第3款(c)：逐一通知需付出不成比例的努力，改为同样有效的公开通告', en: 'GDPR Art. 34(3)(c): it would involve disproportionate effort; a public communication informs the data subjects instead' },
  },
  client_agreement: {
    rules: ['sla_acknowledge', 'sla_resolve'],
    text: { 'zh-CN': '客户书面同意不适用该服务时限', en: 'The client agreed in writing that this service-level clock does not apply' },
  },
};

/** Who may waive (or undo a waiver): a manager, or the member of the incident's team with the role `legal`. */
export function canWaive(user: { id: string; role: string }, team: { userId?: string | null; role: string }[]): boolean {
  if (user.role === 'manager') return true;
  if (user.role !== 'consultant') return false;
  return team.some((m) => m.role === 'legal' && !!m.userId && m.userId === user.id);
}

/**
 * The problem with waiving an obligation of `rule` on `basis`, or null. The Measures' reporting clocks, the report to
 * the PIPL/DSL authority and the report to the police are never waivable.
 */
export function waiverProblem(rule: ObligationRule, basis: string): string | null {
  const allowed = WAIVER_BASES.filter((b) => WAIVER_BASIS_RULES[b].rules.includes(rule));
  if (!allowed.length) return `an obligation of rule ${rule} cannot be waived`;
  if (!(WAIVER_BASES as readonly string[]).includes(basis)) return `must be one of ${WAIVER_BASES.join(', ')}`;
  if (!allowed.includes(basis as WaiverBasis)) return `does not apply to rule ${rule} (one of ${allowed.join(', ')})`;
  return null;
}

export interface StoredObligation {
  id: string;
  rule: ObligationRule;
  dueAt: string;
  fulfilledAt: string | null;
  status: ObligationStatus;
  /** optional: when given, a changed text or audience is updated even if the due time is the same */
  source?: string;
  authority?: ObligationSpec['authority'];
  audience?: ObligationAudience;
  /** optional: when given (null for none), a changed calendar warning is updated too */
  warning?: ObligationSpec['warning'];
  /** optional: when given, a changed start (the summary report's, when the handling ends again) is updated too */
  startsAt?: string;
}

export interface ObligationPlan {
  insert: ObligationSpec[];
  update: {
    id: string; dueAt: string; startsAt: string; source: string; authority: ObligationSpec['authority']; audience: ObligationAudience; warning: ObligationSpec['warning'];
  }[];
  notApplicable: string[];
  /** ids that were not_applicable and apply again (they are also in `update`, with their current due time) */
  reapply: string[];
}

/** met, met late or waived: a decided obligation never moves */
const isFulfilled = (s: StoredObligation) => !!s.fulfilledAt || s.status === 'met' || s.status === 'met_late' || s.status === 'waived';

function describedDifferently(s: StoredObligation, spec: ObligationSpec): boolean {
  if (s.source !== undefined && s.source !== spec.source) return true;
  if (s.audience !== undefined && s.audience !== spec.audience) return true;
  if (s.authority !== undefined && (s.authority?.['zh-CN'] !== spec.authority['zh-CN'] || s.authority?.en !== spec.authority.en)) return true;
  if (s.warning !== undefined && (s.warning?.['zh-CN'] ?? null) !== (spec.warning?.['zh-CN'] ?? null)) return true;
  if (s.startsAt !== undefined && toMs(s.startsAt) !== toMs(spec.startsAt)) return true;
  return false;
}

/**
 * Reconcile the stored obligations of one incident with freshly computed specs: which to insert, which to update
 * (a new due time — or a changed source, authority or audience when the stored rows carry them), which become
 * not_applicable (their rule no longer applies) and which apply again.
 * A met obligation keeps its fulfilment and its due time, and stays met even when its rule no longer applies.
 * When several stored rows share a rule, the first is reconciled and the others are left alone.
 */
export function reconcileObligations(stored: StoredObligation[], computed: ObligationSpec[]): ObligationPlan {
  const plan: ObligationPlan = { insert: [], update: [], notApplicable: [], reapply: [] };
  const byRule = new Map<ObligationRule, StoredObligation>();
  for (const s of stored) if (!byRule.has(s.rule)) byRule.set(s.rule, s);
  const computedRules = new Set<ObligationRule>();

  for (const spec of computed) {
    if (computedRules.has(spec.rule)) continue;
    computedRules.add(spec.rule);
    const s = byRule.get(spec.rule);
    if (!s) {
      plan.insert.push(spec);
      continue;
    }
    const reapplies = s.status === 'not_applicable';
    if (reapplies) plan.reapply.push(s.id);
    else if (isFulfilled(s)) continue; // a met obligation never moves
    // a fulfilment (even on a row that was set aside) keeps the due time it was measured against
    const dueAt = isFulfilled(s) ? new Date(toMs(s.dueAt)).toISOString() : spec.dueAt;
    if (reapplies || toMs(s.dueAt) !== toMs(dueAt) || describedDifferently(s, spec)) {
      // a fulfilment also keeps the start it was measured from
      const startsAt = isFulfilled(s) && s.startsAt !== undefined ? new Date(toMs(s.startsAt)).toISOString() : spec.startsAt;
      plan.update.push({ id: s.id, dueAt, startsAt, source: spec.source, authority: { ...spec.authority }, audience: spec.audience, warning: spec.warning ?? null });
    }
  }

  for (const s of stored) {
    if (byRule.get(s.rule) !== s) continue;
    if (computedRules.has(s.rule) || s.status === 'not_applicable' || isFulfilled(s)) continue;
    plan.notApplicable.push(s.id);
  }
  return plan;
}

/** Milliseconds until `dueAt`: negative when overdue (for UI countdowns). */
export function msUntil(dueAt: string, now: Date | string): number {
  return toMs(dueAt) - toMs(now);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Time left: "2h 05m" / "2小时05分"; a day or more: "1d 02h 05m" / "1天02小时05分" (rounded down to the minute).
 * Overdue (negative), in words and only as precise as it matters: "overdue by 28 d 4 h" / "已超时 28天4小时", under a day
 * "overdue by 1 h 10 min" / "已超时 1小时10分", under an hour "overdue by 5 min" / "已超时 5分钟".
 */
export function formatCountdown(ms: number, locale: 'zh-CN' | 'en'): string {
  if (!Number.isFinite(ms)) return '—';
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (ms < 0) {
    if (locale === 'zh-CN') return `已超时 ${days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes}分` : `${minutes}分钟`}`;
    return `overdue by ${days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`}`;
  }
  if (locale === 'zh-CN') return days > 0 ? `${days}天${pad2(hours)}小时${pad2(minutes)}分` : `${hours}小时${pad2(minutes)}分`;
  return days > 0 ? `${days}d ${pad2(hours)}h ${pad2(minutes)}m` : `${hours}h ${pad2(minutes)}m`;
}
