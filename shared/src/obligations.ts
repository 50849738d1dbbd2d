/**
 * Obligations — the clocks. Pure functions: which duties the facts of an incident give rise to, when each is due,
 * its status at a moment, and how a stored set is brought in line with a fresh computation.
 * All times are ISO 8601 strings in and out.
 */
import { gradeAtLeast, type Grade, type IncidentStatus } from './incident';

export const OBLIGATION_RULES = [
  'prc_incident_report',
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

export const OBLIGATION_STATUSES = ['pending', 'met', 'overdue', 'met_late', 'not_applicable'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export interface FirmPolicy {
  /** the firm's internal target for the "immediately" of PIPL Art. 57 / DSL Art. 29 and GDPR Art. 34, in hours */
  piNotifyHours: number;
}
export const DEFAULT_FIRM_POLICY: FirmPolicy = { piNotifyHours: 24 };

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
}

const HOUR = 3_600_000;

function toMs(t: string | Date): number {
  const ms = t instanceof Date ? t.getTime() : Date.parse(t);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid date: ${String(t)}`);
  return ms;
}
const addHours = (iso: string, hours: number) => new Date(toMs(iso) + hours * HOUR).toISOString();
const validHours = (h: unknown): h is number => typeof h === 'number' && Number.isFinite(h) && h > 0;

/** The PRC reporting clock by operator type: hours from discovery and the authority to report to. */
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
  piplIndividuals: { 'zh-CN': '受影响的个人', en: 'The affected individuals' },
  gdprAuthority: { 'zh-CN': '欧盟主管数据保护监管机构(牵头监管机构)', en: 'The competent EU supervisory authority (lead authority)' },
  gdprIndividuals: { 'zh-CN': '受影响的数据主体', en: 'The affected data subjects' },
  client: { 'zh-CN': '客户', en: 'The client' },
} as const;

const GDPR_ART33_HOURS = 72;

/**
 * The obligations that apply to these facts now. A dismissed incident has none.
 * - prc_incident_report: grade 较大 or above → 1 h (CII operator) / 2 h (central or state organ) / 4 h (other) from detection.
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

  if (gradeAtLeast(f.grade, 'relatively_major')) {
    const op = PRC_REPORT_BY_OPERATOR[f.operatorType] ?? PRC_REPORT_BY_OPERATOR.other;
    fromDetection(
      'prc_incident_report', 'regulator', op.authority, op.hours,
      `《网络安全事件报告管理办法》第四条 (Measures for Cybersecurity Incident Reporting, Art. 4, in force 2025-11-01): incidents graded 较大 or above, ${f.operatorType} operator — report within ${op.hours} h of discovery`,
    );
  }

  if (f.personalInfoInvolved || f.sensitivePersonalInfoInvolved) {
    fromDetection(
      'pipl_notify_authority', 'regulator', AUTHORITIES.piplAuthority, piHours,
      `《个人信息保护法》第五十七条 (PIPL Art. 57) and 《数据安全法》第二十九条 (DSL Art. 29): notify immediately; firm target ${piHours} h from detection`,
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
 * Status at `now`: not applicable when flagged; fulfilled → met, or met_late when fulfilledAt is after dueAt;
 * otherwise overdue when now is after dueAt, else pending. Exactly at the deadline counts as on time.
 */
export function obligationStatus(o: { dueAt: string; fulfilledAt: string | null; notApplicable?: boolean }, now: string | Date): ObligationStatus {
  if (o.notApplicable) return 'not_applicable';
  const due = toMs(o.dueAt);
  if (o.fulfilledAt) return toMs(o.fulfilledAt) > due ? 'met_late' : 'met';
  return toMs(now) > due ? 'overdue' : 'pending';
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
}

export interface ObligationPlan {
  insert: ObligationSpec[];
  update: { id: string; dueAt: string; source: string; authority: ObligationSpec['authority']; audience: ObligationAudience }[];
  notApplicable: string[];
  /** ids that were not_applicable and apply again (they are also in `update`, with their current due time) */
  reapply: string[];
}

const isFulfilled = (s: StoredObligation) => !!s.fulfilledAt || s.status === 'met' || s.status === 'met_late';

function describedDifferently(s: StoredObligation, spec: ObligationSpec): boolean {
  if (s.source !== undefined && s.source !== spec.source) return true;
  if (s.audience !== undefined && s.audience !== spec.audience) return true;
  if (s.authority !== undefined && (s.authority?.['zh-CN'] !== spec.authority['zh-CN'] || s.authority?.en !== spec.authority.en)) return true;
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
      plan.update.push({ id: s.id, dueAt, source: spec.source, authority: { ...spec.authority }, audience: spec.audience });
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
