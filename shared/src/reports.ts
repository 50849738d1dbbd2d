/**
 * Service reports — the figures a firm shows its clients and its board, for a period and a set of clients.
 * Pure parts shared by the server (which aggregates in SQL), the admin (which shows them) and the tests:
 * the report's JSON shape, the statistics and their definitions, calendar helpers in the firm's time zone,
 * the report's tables (one definition for the screen, the CSV and the PDF) and their zh-CN / en labels.
 *
 * Definitions (stated once, here, and printed with every report):
 * - Period: the calendar dates `from`..`to` inclusive in the firm's time zone, i.e. the instants
 *   [from 00:00, to + 1 day 00:00) there. Months are calendar months in the firm's time zone.
 * - Incidents opened: detected in the period (any status, dismissed ones included and also counted apart).
 *   Closed: status closed with closedAt in the period. Open at the end: detected before the end of the period and
 *   not closed or dismissed before it.
 * - Time to acknowledge: acknowledgedAt − reportedAt; to contain: containedAt − detectedAt; to resolve:
 *   resolvedAt − detectedAt; in hours, over the incidents opened in the period that have the timestamp.
 * - Median and p90: the continuous percentile (PostgreSQL `percentile_cont`, Excel `PERCENTILE.INC`): sort the n
 *   values, h = (n − 1)·p, interpolate linearly between the values at floor(h) and ceil(h). Rounded to 0.01 h.
 * - Obligations: those due in the period (not the ones that no longer apply), by their state now: met on time,
 *   met late, missed (not met and past due) or pending (not met, not yet due). On-time rate (and SLA compliance) =
 *   met on time / (met on time + met late + missed); pending ones are not decided yet.
 * - Communications: sent (outbound) or received (inbound) in the period, by audience.
 * - Trainings: completed, dated in the period. Attendance rate = attended / participants; pass rate = passed /
 *   attended participants with a pass result. Drills (emergency drills, tabletop exercises) compare their measured
 *   report time with the PRC reporting clock of the client's operator type (CII 60 min, state organ 120, other 240).
 * - Evaluations: final, dated in the period, the latest final version of each evaluation; average overall score
 *   (0–100) by type.
 * - Improvement actions as of the end of the period (or now, when that is earlier): open = created by then, not
 *   cancelled and not done by then; overdue = open and due before then.
 * - Rates are fractions rounded to 4 decimals in the JSON and shown as percentages (2 decimals) in tables.
 * - The client version (what a client admin gets, and what staff hand to a client) counts only what the client may
 *   see (client-visible communications that were sent or received, final evaluations shared with the client, actions
 *   shown to the client) and has neither the internal figures nor the consultant workload.
 */
import type { Locale, OperatorType } from './enums';
import { OPERATOR_TYPES } from './enums';
import { ENUM_LABELS } from './labels';
import { GRADES, INCIDENT_CATEGORIES, INCIDENT_NATURES, type Grade, type IncidentCategory, type IncidentNature } from './incident';
import { COMMUNICATION_AUDIENCES, type CommunicationAudience } from './communications';
import { EVALUATION_TYPES, type EvaluationType } from './evaluations';
import { isCalendarDate, addDays, TRAINING_TYPES, type TrainingType } from './trainings';
import { sanitizeFileName } from './attachments';
import { dateFormat } from './intl';

// ---------------------------------------------------------------------------------------------------------------
// the report's JSON

export const REPORT_VERSIONS = ['internal', 'client'] as const;
/** `internal`: firm staff's version; `client`: the client-facing version (no internal figures, no workload). */
export type ReportVersion = (typeof REPORT_VERSIONS)[number];

export const REGULATORY_RULES = [
  'prc_incident_report', 'prc_summary_report', 'dsl_notify_users', 'dsl_report_authority', 'crime_report_police', 'pipl_notify_authority', 'pipl_notify_individuals',
  'gdpr_art33_authority', 'gdpr_art34_individuals',
] as const;
export type RegulatoryRule = (typeof REGULATORY_RULES)[number];
export const SLA_RULES = ['sla_acknowledge', 'sla_resolve'] as const;
export type SlaRule = (typeof SLA_RULES)[number];

/** The longest period one report covers. */
export const MAX_REPORT_MONTHS = 60;

export interface ReportDuration {
  /** incidents with the timestamp */
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ObligationTally {
  total: number;
  metOnTime: number;
  metLate: number;
  missed: number;
  pending: number;
  /** waived on a basis the law allows (a reasoned decision, issue 17): counted apart, not in `total` nor in the rate */
  waived: number;
  /** metOnTime / (metOnTime + metLate + missed); null when none is decided */
  onTimeRate: number | null;
}

export interface KeyCount<K extends string = string> {
  key: K;
  count: number;
}

export interface ReportClient {
  id: string;
  name: string;
  operatorType: OperatorType;
}

export interface TrainingTypeFigures {
  type: TrainingType;
  held: number;
  participants: number;
  attended: number;
  assessed: number;
  passed: number;
  attendanceRate: number | null;
  passRate: number | null;
}

export interface DrillClockFigures {
  operatorType: OperatorType;
  clockMinutes: number;
  drills: number;
  /** drills with a measured report time */
  measured: number;
  withinClock: number;
  medianReportMinutes: number | null;
}

export interface WorkloadRow {
  userId: string;
  name: string;
  /** assignments to the clients of the report */
  assignedClients: number;
  /** incidents opened in the period that they lead */
  incidentsLed: number;
  /** incidents they lead that were open at the end of the period */
  openLed: number;
  /** tasks they completed in the period */
  tasksDone: number;
  /** communications they sent in the period */
  communicationsSent: number;
}

export interface ServiceReport {
  version: ReportVersion;
  lang: Locale;
  generatedAt: string;
  generatedBy: { id: string; name: string };
  firm: { name: string; timeZone: string };
  period: {
    from: string;
    to: string;
    /** the first instant of the period (ISO, UTC) */
    start: string;
    /** the first instant after the period (ISO, UTC) */
    end: string;
    /** YYYY-MM, every month the period touches */
    months: string[];
  };
  /** true when no clients were chosen: every client the user may see */
  allClients: boolean;
  clients: ReportClient[];
  incidents: {
    opened: number;
    closed: number;
    dismissed: number;
    openAtEnd: number;
    byGrade: KeyCount<Grade | 'ungraded'>[];
    byCategory: KeyCount<IncidentCategory | 'unspecified'>[];
    byNature: KeyCount<IncidentNature | 'unspecified'>[];
    byMonth: { month: string; opened: number; closed: number }[];
    /**
     * Breaches at the firm itself (firm incidents, issue 18) among the incidents opened: each has a child incident per
     * affected client, and every figure above counts each child for its client. `opened`: the firm incidents with a
     * child opened in the period among the clients covered; `children`: those children; `countedOnce`: the incidents
     * opened with each firm incident counted once for the firm (opened − children + firm incidents). Absent from
     * reports stored before it was counted.
     */
    firmBreaches?: { opened: number; children: number; countedOnce: number };
  };
  responseTimes: {
    acknowledge: ReportDuration;
    contain: ReportDuration;
    resolve: ReportDuration;
    /**
     * true when the medians and p90s were read from the firm's roll-ups (a firm-wide report of a large firm): within
     * ±2 % (see durationFromHistogram); counts are exact either way. Absent on exact figures.
     */
    approximate?: true;
  };
  obligations: { total: ObligationTally; byRule: (ObligationTally & { rule: RegulatoryRule })[] };
  sla: { total: ObligationTally; byRule: (ObligationTally & { rule: SlaRule })[] };
  communications: { total: number; byAudience: { audience: CommunicationAudience; outbound: number; inbound: number; total: number }[] };
  trainings: {
    held: number;
    participants: number;
    attended: number;
    assessed: number;
    passed: number;
    attendanceRate: number | null;
    passRate: number | null;
    byType: TrainingTypeFigures[];
    drills: { held: number; measured: number; withinClock: number; byOperatorType: DrillClockFigures[] };
  };
  evaluations: { count: number; averageScore: number | null; byType: { type: EvaluationType; count: number; averageScore: number | null }[] };
  actions: {
    /** the moment open and overdue refer to: the end of the period, or now when earlier */
    asOf: string;
    open: number;
    overdue: number;
    /** created in the period */
    created: number;
    /** done in the period */
    done: number;
  };
  /** internal version only: figures about records the client does not see */
  internal?: {
    /** communications sent or received in the period that are not shown to the client */
    communicationsNotVisible: number;
    /** evaluations dated in the period still in draft */
    evaluationDrafts: number;
    /** open improvement actions (as of `actions.asOf`) not shown to the client */
    actionsNotVisible: number;
  };
  /** internal version only: per member of staff */
  workload?: WorkloadRow[];
}

/** A stored monthly report (the `reports` resource); `data` (the figures) on show only. */
export interface ReportRecord {
  id: string;
  /** YYYY-MM */
  period: string;
  from: string;
  to: string;
  /** the clients covered; empty: every client of the firm */
  clientIds: string[];
  lang: Locale;
  version: ReportVersion;
  fileName: string;
  size: number;
  sha256: string;
  generatedById: string | null;
  generatedByName: string | null;
  generatedAt: string;
  data?: ServiceReport;
}

// ---------------------------------------------------------------------------------------------------------------
// statistics

/**
 * The continuous percentile of `values` at p ∈ [0, 1] (PostgreSQL percentile_cont, Excel PERCENTILE.INC): sort,
 * h = (n − 1)·p, interpolate between the values at floor(h) and ceil(h). Null for no values; non-finite values are
 * ignored.
 */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1]: ${p}`);
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}

export const medianOf = (values: readonly number[]) => percentileCont(values, 0.5);
export const p90Of = (values: readonly number[]) => percentileCont(values, 0.9);

const roundTo = (x: number, decimals: number) => {
  const f = 10 ** decimals;
  return Math.round((x + Number.EPSILON * Math.sign(x)) * f) / f;
};

/** Hours (and minutes, scores) as reported: rounded to 2 decimals; null stays null. */
export function round2(x: number | null | undefined): number | null {
  return x === null || x === undefined || !Number.isFinite(x) ? null : roundTo(x, 2);
}

/** n / d rounded to 4 decimals; null when d is 0. */
export function rateOf(n: number, d: number): number | null {
  return d > 0 ? roundTo(n / d, 4) : null;
}

/** A duration figure from raw hours (as the server gets them from percentile_cont, or from a list in tests). */
export function durationOf(hours: readonly number[]): ReportDuration {
  return { count: hours.length, medianHours: round2(medianOf(hours)), p90Hours: round2(p90Of(hours)) };
}

// The duration histograms of the roll-ups (server migration 1764700000000-report-rollups, SQL report_hours_bucket):
// bucket 0 holds |h| < HOURS_BUCKET_MIN; bucket k > 0 holds [MIN·r^(k−1), MIN·r^k), bucket −k the same negated.

export const HOURS_BUCKET_RATIO = 1.04;
export const HOURS_BUCKET_MIN = 1e-4;

/** The bucket of a duration in hours, as the SQL function computes it. */
export function hoursBucket(h: number): number {
  if (Math.abs(h) < HOURS_BUCKET_MIN) return 0;
  const k = 1 + Math.floor(Math.log(Math.abs(h) / HOURS_BUCKET_MIN) / Math.log(HOURS_BUCKET_RATIO));
  return h > 0 ? k : -k;
}

/**
 * The value standing for every duration of a bucket: the geometric middle of its bounds, within a factor √r of any
 * value in it (±2 % for r = 1.04); 0 for bucket 0.
 */
export function hoursBucketValue(k: number): number {
  if (k === 0) return 0;
  const v = HOURS_BUCKET_MIN * HOURS_BUCKET_RATIO ** (Math.abs(k) - 0.5);
  return k > 0 ? v : -v;
}

/**
 * percentile_cont over a histogram: the values sorted are the buckets' values, each repeated by its count; h = (n−1)·p
 * and the values at floor(h) and ceil(h) are interpolated as percentileCont does. Every value stands within ±2 % of
 * the real one of the same rank, so the percentile is within ±2 % too (of the same sign). Null for no values.
 */
export function histogramPercentile(buckets: readonly { bucket: number; count: number }[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1]: ${p}`);
  const bs = buckets.filter((b) => b.count > 0).sort((a, b) => a.bucket - b.bucket);
  const n = bs.reduce((s, b) => s + b.count, 0);
  if (!n) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const b of bs) {
      seen += b.count;
      if (rank < seen) return hoursBucketValue(b.bucket);
    }
    return hoursBucketValue(bs[bs.length - 1].bucket);
  };
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return at(lo) + (h - lo) * (at(hi) - at(lo));
}

/** A duration figure from a histogram (count exact, median and p90 within ±2 %). */
export function durationFromHistogram(buckets: readonly { bucket: number; count: number }[]): ReportDuration {
  return {
    count: buckets.reduce((s, b) => s + b.count, 0),
    medianHours: round2(histogramPercentile(buckets, 0.5)),
    p90Hours: round2(histogramPercentile(buckets, 0.9)),
  };
}

/** The tally of obligations with its on-time rate. */
export function obligationTally(counts: { metOnTime?: number; metLate?: number; missed?: number; pending?: number; waived?: number }): ObligationTally {
  const metOnTime = counts.metOnTime ?? 0;
  const metLate = counts.metLate ?? 0;
  const missed = counts.missed ?? 0;
  const pending = counts.pending ?? 0;
  const waived = counts.waived ?? 0;
  return { total: metOnTime + metLate + missed + pending, metOnTime, metLate, missed, pending, waived, onTimeRate: rateOf(metOnTime, metOnTime + metLate + missed) };
}

/** The sum of several tallies, its rate recomputed. */
export function sumTallies(ts: readonly ObligationTally[]): ObligationTally {
  return obligationTally({
    metOnTime: ts.reduce((s, t) => s + t.metOnTime, 0),
    metLate: ts.reduce((s, t) => s + t.metLate, 0),
    missed: ts.reduce((s, t) => s + t.missed, 0),
    pending: ts.reduce((s, t) => s + t.pending, 0),
    waived: ts.reduce((s, t) => s + t.waived, 0),
  });
}

/** Mean of the values (rounded to 2 decimals), null for none. */
export function averageOf(values: readonly number[]): number | null {
  return values.length ? round2(values.reduce((s, v) => s + v, 0) / values.length) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// calendar in the firm's time zone

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Offset of `timeZone` from UTC, in ms, at the instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = dateFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The instant (ISO, UTC) a calendar date begins in a time zone. */
export function zonedDayStart(date: string, timeZone: string): string {
  if (!isCalendarDate(date)) throw new RangeError(`invalid date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let utc = wall - zoneOffsetMs(wall, timeZone);
  utc = wall - zoneOffsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** An instant as `YYYY-MM-DD HH:mm` in a time zone (for documents). */
export function formatReportInstant(instant: string | Date, timeZone: string): string {
  const t = instant instanceof Date ? instant : new Date(instant);
  const parts = dateFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The calendar month (YYYY-MM) an instant falls in, in a time zone. */
export function monthOf(instant: string | Date, timeZone: string): string {
  const t = instant instanceof Date ? instant : new Date(instant);
  const parts = dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(t);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** Every month (YYYY-MM) from the month of `from` to the month of `to`, in order. */
export function monthsInPeriod(from: string, to: string): string[] {
  if (!isCalendarDate(from) || !isCalendarDate(to)) throw new RangeError(`invalid period: ${from}..${to}`);
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${pad(y, 4)}-${pad(m)}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Is this a month written YYYY-MM? */
export function isReportMonth(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 1;
}

/** The first and last calendar dates of a month YYYY-MM. */
export function monthRange(month: string): { from: string; to: string } {
  if (!isReportMonth(month)) throw new RangeError(`invalid month: ${month}`);
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** The instants of a period of calendar dates in a time zone: [start, end). */
export function periodInstants(from: string, to: string, timeZone: string): { start: string; end: string } {
  return { start: zonedDayStart(from, timeZone), end: zonedDayStart(addDays(to, 1), timeZone) };
}

export interface ReportParamProblem {
  field: string;
  message: string;
}

/** What is wrong with a period `from`..`to` (each problem named by its field). */
export function periodProblems(from: unknown, to: unknown): ReportParamProblem[] {
  const out: ReportParamProblem[] = [];
  if (from === undefined || from === null || from === '') out.push({ field: 'from', message: 'is required (YYYY-MM-DD)' });
  else if (!isCalendarDate(from)) out.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
  if (to === undefined || to === null || to === '') out.push({ field: 'to', message: 'is required (YYYY-MM-DD)' });
  else if (!isCalendarDate(to)) out.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
  if (out.length) return out;
  if ((to as string) < (from as string)) return [{ field: 'to', message: 'must not be before from' }];
  if (monthsInPeriod(from as string, to as string).length > MAX_REPORT_MONTHS) {
    return [{ field: 'to', message: `the period may cover at most ${MAX_REPORT_MONTHS} months` }];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// labels

type L = Record<Locale, string>;

/** Titles and words of the report, zh-CN and en. */
export const REPORT_LABELS = {
  title: { 'zh-CN': '安全事件服务报告', en: 'Incident response service report' },
  firm: { 'zh-CN': '服务机构', en: 'Firm' },
  clients: { 'zh-CN': '客户', en: 'Clients' },
  allClients: { 'zh-CN': '全部客户', en: 'All clients' },
  approximate: {
    'zh-CN': '≈ 标有“≈”的中位数与P90按全所每日汇总的时长分布估算（误差±2%以内）；各项计数均为精确值。',
    en: '≈ Medians and p90 marked "≈" are estimated from the firm\'s daily roll-ups of the durations (within ±2 %); every count is exact.',
  },
  moreClients: { 'zh-CN': '等 %{n} 家', en: 'and %{n} more' },
  clientCount: { 'zh-CN': '%{n} 家客户', en: '%{n} clients' },
  period: { 'zh-CN': '报告期间', en: 'Period' },
  periodRange: { 'zh-CN': '%{from} 至 %{to}', en: '%{from} to %{to}' },
  timeZone: { 'zh-CN': '时区', en: 'Time zone' },
  generatedAt: { 'zh-CN': '生成时间', en: 'Generated at' },
  generatedBy: { 'zh-CN': '生成人', en: 'Generated by' },
  version: { 'zh-CN': '版本', en: 'Version' },
  version_internal: { 'zh-CN': '内部版', en: 'Internal version' },
  version_client: { 'zh-CN': '客户版', en: 'Client version' },
  contents: { 'zh-CN': '目录', en: 'Contents' },
  definitions: { 'zh-CN': '口径说明', en: 'Definitions' },
  page: { 'zh-CN': '第 %{n} 页，共 %{total} 页', en: 'Page %{n} of %{total}' },
  total: { 'zh-CN': '合计', en: 'Total' },
  none: { 'zh-CN': '无', en: 'None' },
  ungraded: { 'zh-CN': '未定级', en: 'Not graded' },
  unspecified: { 'zh-CN': '未填写', en: 'Not specified' },
  chartOpened: { 'zh-CN': '新增', en: 'Opened' },
  chartClosed: { 'zh-CN': '结案', en: 'Closed' },
} satisfies Record<string, L>;

export const REPORT_SECTIONS = [
  'summary', 'byMonth', 'byGrade', 'byCategory', 'byNature', 'responseTimes', 'obligations', 'sla', 'communications', 'trainings', 'drills',
  'evaluations', 'actions', 'internal', 'workload',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Section titles. */
export const REPORT_SECTION_LABELS: Record<ReportSection, L> = {
  summary: { 'zh-CN': '事件概况', en: 'Incidents overview' },
  byMonth: { 'zh-CN': '按月事件数', en: 'Incidents by month' },
  byGrade: { 'zh-CN': '按级别事件数', en: 'Incidents by grade' },
  byCategory: { 'zh-CN': '按类别事件数', en: 'Incidents by category' },
  byNature: { 'zh-CN': '按性质事件数', en: 'Incidents by nature' },
  responseTimes: { 'zh-CN': '响应时效', en: 'Response times' },
  obligations: { 'zh-CN': '法定报告义务履行情况', en: 'Regulatory obligations' },
  sla: { 'zh-CN': '合同SLA达成情况', en: 'Client SLA compliance' },
  communications: { 'zh-CN': '按对象的沟通记录', en: 'Communications by audience' },
  trainings: { 'zh-CN': '培训与演练', en: 'Trainings' },
  drills: { 'zh-CN': '演练与报告时限', en: 'Drills against the reporting clock' },
  evaluations: { 'zh-CN': '评估得分', en: 'Evaluation scores' },
  actions: { 'zh-CN': '改进措施', en: 'Improvement actions' },
  internal: { 'zh-CN': '内部指标（不对客户提供）', en: 'Internal figures (not for the client)' },
  workload: { 'zh-CN': '顾问工作量', en: 'Consultant workload' },
};

/** Put before a figure that is approximate (the percentiles of a roll-up report). */
export const APPROXIMATE_MARK = '≈ ';

/** Column headings and row names. */
export const REPORT_TERMS = {
  metric: { 'zh-CN': '指标', en: 'Measure' },
  value: { 'zh-CN': '数值', en: 'Value' },
  count: { 'zh-CN': '数量', en: 'Count' },
  month: { 'zh-CN': '月份', en: 'Month' },
  grade: { 'zh-CN': '级别', en: 'Grade' },
  category: { 'zh-CN': '类别', en: 'Category' },
  nature: { 'zh-CN': '性质', en: 'Nature' },
  opened: { 'zh-CN': '新增事件', en: 'Incidents opened' },
  closed: { 'zh-CN': '已结案事件', en: 'Incidents closed' },
  dismissed: { 'zh-CN': '经研判非安全事件', en: 'Dismissed (not an incident)' },
  openAtEnd: { 'zh-CN': '期末未结案事件', en: 'Open at the end of the period' },
  firmBreaches: { 'zh-CN': '其中：本所自身安全事件（按受影响客户逐一计数）', en: 'Of which: breaches at the firm itself (counted per affected client)' },
  firmBreachesCountedOnce: { 'zh-CN': '新增事件（本所自身事件只计一次）', en: 'Incidents opened (a breach at the firm counted once)' },
  measure: { 'zh-CN': '时效', en: 'Measure' },
  incidents: { 'zh-CN': '事件数', en: 'Incidents' },
  medianHours: { 'zh-CN': '中位数（小时）', en: 'Median (h)' },
  p90Hours: { 'zh-CN': 'P90（小时）', en: 'p90 (h)' },
  acknowledge: { 'zh-CN': '确认响应时间', en: 'Time to acknowledge' },
  contain: { 'zh-CN': '控制时间', en: 'Time to contain' },
  resolve: { 'zh-CN': '解决时间', en: 'Time to resolve' },
  rule: { 'zh-CN': '义务', en: 'Obligation' },
  obligationsTotal: { 'zh-CN': '应履行', en: 'Due' },
  metOnTime: { 'zh-CN': '按时履行', en: 'Met on time' },
  metLate: { 'zh-CN': '逾期履行', en: 'Met late' },
  missed: { 'zh-CN': '超时未履行', en: 'Missed (overdue)' },
  pending: { 'zh-CN': '未到期', en: 'Pending' },
  waived: { 'zh-CN': '依法免除', en: 'Waived' },
  onTimeRate: { 'zh-CN': '按时率（%）', en: 'On time (%)' },
  compliance: { 'zh-CN': '达成率（%）', en: 'Compliance (%)' },
  audience: { 'zh-CN': '沟通对象', en: 'Audience' },
  outbound: { 'zh-CN': '发出', en: 'Outbound' },
  inbound: { 'zh-CN': '收到', en: 'Inbound' },
  total: { 'zh-CN': '合计', en: 'Total' },
  trainingType: { 'zh-CN': '培训类型', en: 'Type' },
  held: { 'zh-CN': '已举办', en: 'Held' },
  participants: { 'zh-CN': '参训人数', en: 'Participants' },
  attended: { 'zh-CN': '出席人数', en: 'Attended' },
  assessed: { 'zh-CN': '参加考核', en: 'Assessed' },
  passed: { 'zh-CN': '考核通过', en: 'Passed' },
  attendanceRate: { 'zh-CN': '出勤率（%）', en: 'Attendance (%)' },
  passRate: { 'zh-CN': '通过率（%）', en: 'Pass rate (%)' },
  operatorType: { 'zh-CN': '运营者类型', en: 'Operator type' },
  clockMinutes: { 'zh-CN': '报告时限（分钟）', en: 'Reporting clock (min)' },
  drills: { 'zh-CN': '演练次数', en: 'Drills' },
  measured: { 'zh-CN': '已计时', en: 'Timed' },
  withinClock: { 'zh-CN': '在时限内报告', en: 'Reported within the clock' },
  medianReportMinutes: { 'zh-CN': '报告用时中位数（分钟）', en: 'Median report time (min)' },
  evaluationType: { 'zh-CN': '评估类型', en: 'Type' },
  evaluations: { 'zh-CN': '评估份数', en: 'Evaluations' },
  averageScore: { 'zh-CN': '平均得分（0–100）', en: 'Average score (0–100)' },
  actionsOpen: { 'zh-CN': '未完成的改进措施', en: 'Open actions' },
  actionsOverdue: { 'zh-CN': '已逾期的改进措施', en: 'Overdue actions' },
  actionsCreated: { 'zh-CN': '本期新增措施', en: 'Actions created in the period' },
  actionsDone: { 'zh-CN': '本期完成措施', en: 'Actions done in the period' },
  asOf: { 'zh-CN': '统计时点', en: 'As of' },
  communicationsNotVisible: { 'zh-CN': '未对客户展示的沟通', en: 'Communications not shown to the client' },
  evaluationDrafts: { 'zh-CN': '草稿状态的评估', en: 'Evaluations in draft' },
  actionsNotVisible: { 'zh-CN': '未对客户展示的未完成措施', en: 'Open actions not shown to the client' },
  consultant: { 'zh-CN': '顾问', en: 'Consultant' },
  assignedClients: { 'zh-CN': '负责客户数', en: 'Assigned clients' },
  incidentsLed: { 'zh-CN': '牵头新增事件', en: 'Incidents led' },
  openLed: { 'zh-CN': '牵头未结案事件', en: 'Open incidents led' },
  tasksDone: { 'zh-CN': '完成任务', en: 'Tasks done' },
  communicationsSent: { 'zh-CN': '发出沟通', en: 'Communications sent' },
} satisfies Record<string, L>;

/** The definitions printed with every report. */
export const REPORT_DEFINITIONS: L[] = [
  {
    'zh-CN': '报告期间按服务机构所在时区的自然日计算（含起止日）；月份按该时区的自然月划分。',
    en: "The period is the calendar dates from..to inclusive in the firm's time zone; months are calendar months there.",
  },
  {
    'zh-CN': '新增事件：发现时间在报告期间内（含经研判非安全事件）；已结案：结案时间在期间内；期末未结案：期末前发现且期末前未结案或排除。',
    en: 'Opened: detected in the period (dismissed ones included). Closed: closed in the period. Open at the end: detected before the end and not closed or dismissed before it.',
  },
  {
    'zh-CN': '确认响应时间 = 确认时间 − 报告时间；控制时间 = 控制时间点 − 发现时间；解决时间 = 解决时间点 − 发现时间；统计对象为期间内新增的事件。',
    en: 'Time to acknowledge = acknowledged − reported; to contain = contained − detected; to resolve = resolved − detected; over the incidents opened in the period.',
  },
  {
    'zh-CN': '中位数与P90采用连续百分位（PostgreSQL percentile_cont，与 Excel PERCENTILE.INC 相同）：n 个值排序后取第 (n−1)×p 位，非整数位置线性插值，保留两位小数。',
    en: 'Median and p90 are continuous percentiles (PostgreSQL percentile_cont, Excel PERCENTILE.INC): sort the n values, take position (n−1)×p, interpolating linearly; rounded to 0.01 h.',
  },
  {
    'zh-CN': '义务：截止时间在期间内的义务，按当前状态统计；按时率/达成率 = 按时履行 ÷（按时履行 + 逾期履行 + 超时未履行），未到期的不计入。',
    en: 'Obligations: those due in the period, by their state now; on-time rate / compliance = met on time ÷ (met on time + met late + missed); pending ones are left out.',
  },
  {
    'zh-CN': '培训：期间内已完成的培训；出勤率 = 出席 ÷ 参训人数；通过率 = 通过 ÷ 参加考核的出席人数。演练报告用时与客户运营者类型对应的报告时限比较（关键信息基础设施60分钟，中央和国家机关120分钟，其他240分钟）。',
    en: "Trainings: completed in the period; attendance = attended ÷ participants; pass rate = passed ÷ attendees with a result. Drill report times are compared with the reporting clock of the client's operator type (CII 60 min, state organ 120, other 240).",
  },
  {
    'zh-CN': '评估：期间内已定稿评估（每份评估取最新定稿版本）的平均总分（0–100）。改进措施：截至期末（或当前时间，取较早者）的未完成与逾期数量。',
    en: 'Evaluations: average overall score (0–100) of final evaluations dated in the period, latest final version of each. Actions: open and overdue as of the end of the period (or now, if earlier).',
  },
];

/** A label in a language, with %{name} placeholders filled in. */
export function reportText(label: L, lang: Locale, values: Record<string, string | number> = {}): string {
  return label[lang].replace(/%\{(\w+)\}/g, (_, k: string) => (k in values ? String(values[k]) : `%{${k}}`));
}

const enumLabel = (kind: string, key: string, lang: Locale): string => ENUM_LABELS[kind]?.[key]?.[lang] ?? key;

// ---------------------------------------------------------------------------------------------------------------
// the tables: one definition for the screen, the CSV and the PDF

export type ReportColumnType = 'text' | 'int' | 'hours' | 'rate' | 'score' | 'minutes';
export type ReportCell = string | number | null;

export interface ReportColumn {
  key: string;
  label: string;
  type: ReportColumnType;
}

export interface ReportTable {
  section: ReportSection;
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** the last row is a total */
  totalRow?: boolean;
}

/** A rate (fraction) as a percentage with 2 decimals, as tables show it. */
export const ratePercent = (r: number | null): number | null => (r === null ? null : round2(r * 100));

/** A cell as text: numbers in the report's language, rates as percentages, empty as "—". */
export function formatCell(value: ReportCell, type: ReportColumnType, lang: Locale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  switch (type) {
    case 'int':
      return value.toLocaleString(locale, { maximumFractionDigits: 0 });
    case 'rate':
      return `${value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
    case 'hours':
    case 'score':
    case 'minutes':
      return value.toLocaleString(locale, { minimumFractionDigits: 0, maximumFractionDigits: 2 });
    default:
      return String(value);
  }
}

const col = (key: keyof typeof REPORT_TERMS, type: ReportColumnType, lang: Locale): ReportColumn => ({ key, label: REPORT_TERMS[key][lang], type });
const term = (key: keyof typeof REPORT_TERMS, lang: Locale) => REPORT_TERMS[key][lang];

const tallyRow = (name: string, t: ObligationTally): ReportCell[] => [name, t.total, t.metOnTime, t.metLate, t.missed, t.pending, t.waived, ratePercent(t.onTimeRate)];

/**
 * The report as tables, in the order they are shown. Rates are percentages (2 decimals); the client version has no
 * internal or workload table.
 */
export function reportTables(r: ServiceReport, lang: Locale = r.lang): ReportTable[] {
  const title = (s: ReportSection) => REPORT_SECTION_LABELS[s][lang];
  const approx = (c: ReportColumn): ReportColumn => (r.responseTimes.approximate ? { ...c, label: `${APPROXIMATE_MARK}${c.label}` } : c);
  const otherKey = (k: string, kind: string) => (k === 'ungraded' ? REPORT_LABELS.ungraded[lang] : k === 'unspecified' ? REPORT_LABELS.unspecified[lang] : enumLabel(kind, k, lang));
  const tallyColumns = (first: keyof typeof REPORT_TERMS, rateKey: 'onTimeRate' | 'compliance') => [
    col(first, 'text', lang), col('obligationsTotal', 'int', lang), col('metOnTime', 'int', lang), col('metLate', 'int', lang), col('missed', 'int', lang),
    col('pending', 'int', lang), col('waived', 'int', lang), col(rateKey, 'rate', lang),
  ];
  const tables: ReportTable[] = [
    {
      section: 'summary', title: title('summary'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('opened', lang), r.incidents.opened], [term('closed', lang), r.incidents.closed], [term('dismissed', lang), r.incidents.dismissed],
        [term('openAtEnd', lang), r.incidents.openAtEnd],
        ...(r.incidents.firmBreaches
          ? [[term('firmBreaches', lang), r.incidents.firmBreaches.children], [term('firmBreachesCountedOnce', lang), r.incidents.firmBreaches.countedOnce]] as ReportCell[][]
          : []),
      ],
    },
    {
      section: 'byMonth', title: title('byMonth'), columns: [col('month', 'text', lang), col('opened', 'int', lang), col('closed', 'int', lang)],
      rows: r.incidents.byMonth.map((m) => [m.month, m.opened, m.closed]),
    },
    {
      section: 'byGrade', title: title('byGrade'), columns: [col('grade', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byGrade.map((g) => [otherKey(g.key, 'grade'), g.count]),
    },
    {
      section: 'byCategory', title: title('byCategory'), columns: [col('category', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byCategory.map((g) => [otherKey(g.key, 'incidentCategory'), g.count]),
    },
    {
      section: 'byNature', title: title('byNature'), columns: [col('nature', 'text', lang), col('count', 'int', lang)],
      rows: r.incidents.byNature.map((g) => [otherKey(g.key, 'incidentNature'), g.count]),
    },
    {
      section: 'responseTimes', title: title('responseTimes'),
      // approximate percentiles (from the roll-ups) are marked "≈" in the headings, wherever the table is shown
      columns: [col('measure', 'text', lang), col('incidents', 'int', lang), approx(col('medianHours', 'hours', lang)), approx(col('p90Hours', 'hours', lang))],
      rows: (['acknowledge', 'contain', 'resolve'] as const).map((k) => [term(k, lang), r.responseTimes[k].count, r.responseTimes[k].medianHours, r.responseTimes[k].p90Hours]),
    },
    {
      section: 'obligations', title: title('obligations'), columns: tallyColumns('rule', 'onTimeRate'), totalRow: true,
      rows: [...r.obligations.byRule.map((o) => tallyRow(enumLabel('obligationRule', o.rule, lang), o)), tallyRow(REPORT_LABELS.total[lang], r.obligations.total)],
    },
    {
      section: 'sla', title: title('sla'), columns: tallyColumns('rule', 'compliance'), totalRow: true,
      rows: [...r.sla.byRule.map((o) => tallyRow(enumLabel('obligationRule', o.rule, lang), o)), tallyRow(REPORT_LABELS.total[lang], r.sla.total)],
    },
    {
      section: 'communications', title: title('communications'), totalRow: true,
      columns: [col('audience', 'text', lang), col('outbound', 'int', lang), col('inbound', 'int', lang), col('total', 'int', lang)],
      rows: [
        ...r.communications.byAudience.map((a) => [enumLabel('communicationAudience', a.audience, lang), a.outbound, a.inbound, a.total]),
        [
          REPORT_LABELS.total[lang], r.communications.byAudience.reduce((s, a) => s + a.outbound, 0), r.communications.byAudience.reduce((s, a) => s + a.inbound, 0),
          r.communications.total,
        ],
      ],
    },
    {
      section: 'trainings', title: title('trainings'), totalRow: true,
      columns: [
        col('trainingType', 'text', lang), col('held', 'int', lang), col('participants', 'int', lang), col('attended', 'int', lang), col('assessed', 'int', lang),
        col('passed', 'int', lang), col('attendanceRate', 'rate', lang), col('passRate', 'rate', lang),
      ],
      rows: [
        ...r.trainings.byType.map((t) => [
          enumLabel('trainingType', t.type, lang), t.held, t.participants, t.attended, t.assessed, t.passed, ratePercent(t.attendanceRate), ratePercent(t.passRate),
        ]),
        [
          REPORT_LABELS.total[lang], r.trainings.held, r.trainings.participants, r.trainings.attended, r.trainings.assessed, r.trainings.passed,
          ratePercent(r.trainings.attendanceRate), ratePercent(r.trainings.passRate),
        ],
      ],
    },
    {
      section: 'drills', title: title('drills'), totalRow: true,
      columns: [
        col('operatorType', 'text', lang), col('clockMinutes', 'minutes', lang), col('drills', 'int', lang), col('measured', 'int', lang), col('withinClock', 'int', lang),
        col('medianReportMinutes', 'minutes', lang),
      ],
      rows: [
        ...r.trainings.drills.byOperatorType.map((d) => [
          enumLabel('operatorType', d.operatorType, lang), d.clockMinutes, d.drills, d.measured, d.withinClock, d.medianReportMinutes,
        ]),
        [REPORT_LABELS.total[lang], null, r.trainings.drills.held, r.trainings.drills.measured, r.trainings.drills.withinClock, null],
      ],
    },
    {
      section: 'evaluations', title: title('evaluations'), totalRow: true,
      columns: [col('evaluationType', 'text', lang), col('evaluations', 'int', lang), col('averageScore', 'score', lang)],
      rows: [
        ...r.evaluations.byType.map((e) => [enumLabel('evaluationType', e.type, lang), e.count, e.averageScore]),
        [REPORT_LABELS.total[lang], r.evaluations.count, r.evaluations.averageScore],
      ],
    },
    {
      section: 'actions', title: title('actions'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('actionsOpen', lang), r.actions.open], [term('actionsOverdue', lang), r.actions.overdue], [term('actionsCreated', lang), r.actions.created],
        [term('actionsDone', lang), r.actions.done],
      ],
    },
  ];
  if (r.version === 'internal' && r.internal) {
    tables.push({
      section: 'internal', title: title('internal'), columns: [col('metric', 'text', lang), col('value', 'int', lang)],
      rows: [
        [term('communicationsNotVisible', lang), r.internal.communicationsNotVisible], [term('evaluationDrafts', lang), r.internal.evaluationDrafts],
        [term('actionsNotVisible', lang), r.internal.actionsNotVisible],
      ],
    });
  }
  if (r.version === 'internal' && r.workload) {
    tables.push({
      section: 'workload', title: title('workload'),
      columns: [
        col('consultant', 'text', lang), col('assignedClients', 'int', lang), col('incidentsLed', 'int', lang), col('openLed', 'int', lang), col('tasksDone', 'int', lang),
        col('communicationsSent', 'int', lang),
      ],
      rows: r.workload.map((w) => [w.name, w.assignedClients, w.incidentsLed, w.openLed, w.tasksDone, w.communicationsSent]),
    });
  }
  return tables;
}

// ---------------------------------------------------------------------------------------------------------------
// the report's shape from raw counts (the server's SQL gives the counts; this fills in every key, in order)

/** Counts by key, every key of `keys` present (0 when missing), then the "other" key when it has any. */
export function keyCounts<K extends string, O extends string>(keys: readonly K[], other: O, counts: Record<string, number>): KeyCount<K | O>[] {
  const out: KeyCount<K | O>[] = keys.map((key) => ({ key, count: counts[key] ?? 0 }));
  out.push({ key: other, count: counts[other] ?? 0 });
  return out;
}

export const REPORT_GRADE_KEYS = GRADES;
export const REPORT_CATEGORY_KEYS = INCIDENT_CATEGORIES;
export const REPORT_NATURE_KEYS = INCIDENT_NATURES;
export const REPORT_AUDIENCE_KEYS = COMMUNICATION_AUDIENCES;
export const REPORT_EVALUATION_KEYS = EVALUATION_TYPES;
export const REPORT_TRAINING_KEYS = TRAINING_TYPES;
export const REPORT_OPERATOR_KEYS = OPERATOR_TYPES;

// ---------------------------------------------------------------------------------------------------------------
// file names

/**
 * The file name of a report download: `服务报告_2026-03-01_2026-03-31_<client>.pdf` /
 * `service-report_2026-03-01_2026-03-31_<client>.pdf`; several clients: `3-clients`; no choice: `all-clients`.
 * Sanitised (safe to hand back in Content-Disposition).
 */
export function reportFileName(r: Pick<ServiceReport, 'lang' | 'period' | 'allClients' | 'clients' | 'version'>, ext: 'pdf' | 'csv'): string {
  const zh = r.lang === 'zh-CN';
  const who = r.allClients
    ? (zh ? '全部客户' : 'all-clients')
    : r.clients.length === 1
      ? r.clients[0].name
      : zh ? `${r.clients.length}家客户` : `${r.clients.length}-clients`;
  const base = `${zh ? '服务报告' : 'service-report'}_${r.period.from}_${r.period.to}_${who}${r.version === 'client' ? (zh ? '_客户版' : '_client') : ''}`;
  return sanitizeFileName(`${base.replace(/[\s/\\]+/g, '-')}.${ext}`);
}

/**
 * The communications figures of a report from counts per audience, direction and client visibility (the exact report's
 * rows and the roll-ups' keys alike); `notVisible` is how many of them the client does not see.
 */
export function communicationTally(rows: { audience: string; direction: string; visible: boolean; n: number }[]): {
  figures: ServiceReport['communications'];
  notVisible: number;
} {
  const byAudience = REPORT_AUDIENCE_KEYS.map((audience) => {
    const outbound = rows.filter((r) => r.audience === audience && r.direction === 'outbound').reduce((s, r) => s + r.n, 0);
    const inbound = rows.filter((r) => r.audience === audience && r.direction === 'inbound').reduce((s, r) => s + r.n, 0);
    return { audience, outbound, inbound, total: outbound + inbound };
  });
  return {
    figures: { total: byAudience.reduce((s, a) => s + a.total, 0), byAudience },
    notVisible: rows.filter((r) => !r.visible).reduce((s, r) => s + r.n, 0),
  };
}
