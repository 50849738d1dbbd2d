/**
 * Calendar arithmetic in the firm's time zone: the instant a date begins, months of a period, instants as text. (Part
 * of the service reports: see index.ts.)
 */

import { dateFormat } from '../intl';
import { addDays, isCalendarDate } from '../trainings';

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
