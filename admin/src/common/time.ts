/**
 * Time-zone helpers: dates are shown and entered in the firm's time zone, whatever the browser's.
 */

/** Offset in ms of `timeZone` from UTC at the instant `utcMs`. */
export const timeZoneOffset = (utcMs: number, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find(p => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - (utcMs - (utcMs % 1000));
};

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** True for a wall-clock value as entered by DateInput / DateTimeInput ("2026-03-01" or "2026-03-01T09:30"). */
export const isLocalDateTime = (value: unknown): value is string =>
  typeof value === 'string' && LOCAL_DATE_TIME.test(value);

/** A wall-clock date/time in `timeZone` → ISO 8601 instant (UTC). */
export const zonedLocalToIso = (value: string, timeZone: string, endOfDay = false): string => {
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m;
  const dateOnly = h === undefined;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    dateOnly ? (endOfDay ? 23 : 0) : Number(h),
    dateOnly ? (endOfDay ? 59 : 0) : Number(mi),
    dateOnly ? (endOfDay ? 59 : 0) : Number(s ?? 0),
  );
  let utc = wall - timeZoneOffset(wall, timeZone);
  // second pass: the offset at the real instant (differs only around DST changes)
  utc = wall - timeZoneOffset(utc, timeZone);
  return new Date(utc + (dateOnly && endOfDay ? 999 : 0)).toISOString();
};

/** An ISO instant as the wall-clock "YYYY-MM-DDTHH:mm" of `timeZone` (for datetime-local inputs). */
export const isoToZonedLocal = (value: unknown, timeZone: string): string => {
  if (value == null || value === '') return '';
  if (isLocalDateTime(value)) return value as string;
  const d = new Date(String(value));
  if (isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}`;
};

/** A wall-clock value of the firm's time zone → ISO instant (other values unchanged). */
export const zonedToIso = (value: unknown, timeZone: string) => (isLocalDateTime(value) ? zonedLocalToIso(value as string, timeZone) : value);
