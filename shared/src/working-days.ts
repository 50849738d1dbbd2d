/**
 * Working days on the PRC calendar: weekends, the public holidays and the make-up working days (调休上班) the State
 * Council announces each year. Libraries such as `date-holidays` know the statutory days but not the make-up days
 * (checked in the 3.37.0 data: CN has explicit dates for 2021 only), so the calendar is data: the built-in years below,
 * each day with the notice it comes from, plus the days a firm adds (`/api/working-days`). A year the calendar does
 * not cover is counted as weekdays only and reported as missing, so that the caller shows a warning: it is never
 * silently treated as complete.
 *
 * Dates are civil dates in China (Asia/Shanghai, UTC+8 all year since 1991), as 'YYYY-MM-DD'.
 */

export const CALENDAR_DAY_KINDS = ['holiday', 'makeup_workday'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  /** the holiday it belongs to, e.g. 春节 */
  name: string;
  /** the notice it comes from (number and URL) */
  source: string;
}

export interface WorkingDayCalendar {
  days: readonly CalendarDay[];
}

const NOTICE_2025 = '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm';
const NOTICE_2026 = '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11-04）https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm';

const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `s` a real calendar date written YYYY-MM-DD? */
export function isCivilDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const toUtcMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const fromUtcMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** 0 = Sunday … 6 = Saturday */
const weekday = (date: string) => new Date(toUtcMs(date)).getUTCDay();

function range(from: string, to: string, kind: CalendarDayKind, name: string, source: string): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let ms = toUtcMs(from); ms <= toUtcMs(to); ms += DAY) out.push({ date: fromUtcMs(ms), kind, name, source });
  return out;
}
const holiday = (from: string, to: string, name: string, source: string) => range(from, to, 'holiday', name, source);
const makeup = (date: string, name: string, source: string) => range(date, date, 'makeup_workday', name, source);

/**
 * The State Council's notices for 2025 and 2026, every date of each 「放假（调休）」 range and every make-up working
 * day. Checked against the notice texts (Xinhua reprints) and three independent data sets (NateScarlet/holiday-cn,
 * cg-zhou/holiday-calendar, vsme/chinese-days): no disagreement.
 */
export const PRC_BUILT_IN_CALENDAR: readonly CalendarDay[] = [
  ...holiday('2025-01-01', '2025-01-01', '元旦', NOTICE_2025),
  ...makeup('2025-01-26', '春节', NOTICE_2025),
  ...holiday('2025-01-28', '2025-02-04', '春节', NOTICE_2025),
  ...makeup('2025-02-08', '春节', NOTICE_2025),
  ...holiday('2025-04-04', '2025-04-06', '清明节', NOTICE_2025),
  ...makeup('2025-04-27', '劳动节', NOTICE_2025),
  ...holiday('2025-05-01', '2025-05-05', '劳动节', NOTICE_2025),
  ...holiday('2025-05-31', '2025-06-02', '端午节', NOTICE_2025),
  ...makeup('2025-09-28', '国庆节、中秋节', NOTICE_2025),
  ...holiday('2025-10-01', '2025-10-08', '国庆节、中秋节', NOTICE_2025),
  ...makeup('2025-10-11', '国庆节、中秋节', NOTICE_2025),

  ...holiday('2026-01-01', '2026-01-03', '元旦', NOTICE_2026),
  ...makeup('2026-01-04', '元旦', NOTICE_2026),
  ...makeup('2026-02-14', '春节', NOTICE_2026),
  ...holiday('2026-02-15', '2026-02-23', '春节', NOTICE_2026),
  ...makeup('2026-02-28', '春节', NOTICE_2026),
  ...holiday('2026-04-04', '2026-04-06', '清明节', NOTICE_2026),
  ...holiday('2026-05-01', '2026-05-05', '劳动节', NOTICE_2026),
  ...makeup('2026-05-09', '劳动节', NOTICE_2026),
  ...holiday('2026-06-19', '2026-06-21', '端午节', NOTICE_2026),
  ...makeup('2026-09-20', '国庆节', NOTICE_2026),
  ...holiday('2026-09-25', '2026-09-27', '中秋节', NOTICE_2026),
  ...holiday('2026-10-01', '2026-10-07', '国庆节', NOTICE_2026),
  ...makeup('2026-10-10', '国庆节', NOTICE_2026),
];

export const PRC_CALENDAR: WorkingDayCalendar = { days: PRC_BUILT_IN_CALENDAR };

/** The built-in days and a firm's own (a firm's day replaces a built-in one of the same date). */
export function mergeCalendars(base: WorkingDayCalendar, extra: readonly CalendarDay[]): WorkingDayCalendar {
  const byDate = new Map<string, CalendarDay>();
  for (const d of base.days) byDate.set(d.date, d);
  for (const d of extra) byDate.set(d.date, d);
  return { days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

/**
 * The years the calendar covers: those with at least one holiday (every year's notice announces several). A year
 * with only a firm's make-up day is not covered.
 */
export function coveredYears(cal: WorkingDayCalendar): number[] {
  return [...new Set(cal.days.filter((d) => d.kind === 'holiday').map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
}

const index = new WeakMap<WorkingDayCalendar, { kinds: Map<string, CalendarDayKind>; years: Set<number> }>();
function lookup(cal: WorkingDayCalendar) {
  let i = index.get(cal);
  if (!i) {
    i = { kinds: new Map(cal.days.map((d) => [d.date, d.kind])), years: new Set(coveredYears(cal)) };
    index.set(cal, i);
  }
  return i;
}

/** A make-up working day, or Monday to Friday and not a holiday. */
export function isWorkingDay(date: string, cal: WorkingDayCalendar): boolean {
  const kind = lookup(cal).kinds.get(date);
  if (kind === 'makeup_workday') return true;
  if (kind === 'holiday') return false;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

export interface WorkingDayResult {
  /** the N-th working day strictly after the start date */
  date: string;
  /** years between the start and the result that the calendar does not cover (counted as weekdays only) */
  missingYears: number[];
}

/** The `n`-th working day strictly after `from` (both civil dates). n ≥ 1. */
export function addWorkingDays(from: string, n: number, cal: WorkingDayCalendar): WorkingDayResult {
  if (!isCivilDate(from)) throw new RangeError(`invalid date: ${String(from)}`);
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new RangeError(`invalid number of working days: ${n}`);
  const { years } = lookup(cal);
  const missing = new Set<number>();
  let ms = toUtcMs(from);
  let left = n;
  while (left > 0) {
    ms += DAY;
    const date = fromUtcMs(ms);
    const year = Number(date.slice(0, 4));
    if (!years.has(year)) missing.add(year);
    if (isWorkingDay(date, cal)) left--;
  }
  return { date: fromUtcMs(ms), missingYears: [...missing].sort((a, b) => a - b) };
}

/** UTC+8: China has had no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The civil date in China of an instant. */
export function chinaDate(instant: string | Date): string {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid date: ${String(instant)}`);
  return fromUtcMs(ms + SHANGHAI_OFFSET_MS);
}

/** The last instant (23:59:59.999 in China) of a civil date, ISO. */
export function endOfChinaDay(date: string): string {
  return new Date(toUtcMs(date) + DAY - 1 - SHANGHAI_OFFSET_MS).toISOString();
}

/**
 * The deadline `n` working days after an instant: the end (in China) of the n-th working day after the day the
 * instant falls on, with the years the calendar lacks.
 */
export function workingDaysAfter(instant: string, n: number, cal: WorkingDayCalendar): { dueAt: string; date: string; missingYears: number[] } {
  const r = addWorkingDays(chinaDate(instant), n, cal);
  return { dueAt: endOfChinaDay(r.date), date: r.date, missingYears: r.missingYears };
}

/** The calendar's warning for missing years, in both languages (null when none is missing). */
export function missingYearsWarning(years: number[]): { 'zh-CN': string; en: string } | null {
  if (!years.length) return null;
  const list = years.join(', ');
  return {
    'zh-CN': `工作日日历缺少 ${list} 年的节假日安排：该年按周一至周五计算，期限可能不准确，请补充国务院办公厅的通知`,
    en: `The working-day calendar has no holiday arrangements for ${list}: that year is counted as Monday to Friday, so the deadline may be wrong; add the State Council's notice`,
  };
}
