/**
 * When the clocks speak: the reminders of an obligation (thresholds before its due time, then escalation every
 * `overdueRepeatMinutes` until it is met or waived) and the escalation of a client's report nobody acknowledged.
 * The settings are the firm's (its policy JSON, `firms.sla_policy`, key `alerting`), with the defaults.
 * Pure functions over milliseconds since the epoch; the server's minute scan asks them what is due and what is next.
 */
import type { Grade } from '../incident';

export interface AlertingPolicy {
  /** remind when half of an obligation's window is gone */
  halfWindow: boolean;
  /** remind this many minutes before an obligation is due (each value one reminder) */
  beforeDueMinutes: number[];
  /** an obligation past due, or a client's report past its acknowledgement window: again every this many minutes */
  overdueRepeatMinutes: number;
  /** a client's report must be acknowledged within this many minutes, unless the contract SLA has hours for its grade */
  acknowledgeMinutes: number;
  /** the daily digest (improvement actions and trainings that became overdue) goes out at this hour of the firm's day */
  digestHour: number;
}

/** The defaults: half the window gone, 30 minutes before due, at due, then every hour. */
export const DEFAULT_ALERTING_POLICY: AlertingPolicy = Object.freeze({
  halfWindow: true,
  beforeDueMinutes: [30],
  overdueRepeatMinutes: 60,
  acknowledgeMinutes: 60,
  digestHour: 9,
}) as AlertingPolicy;

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 24 * 60;

/** The problems of an `alerting` settings object (for the firm-settings API): field and reason. */
export function alertingPolicyErrors(value: unknown): { field: string; message: string }[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ field: 'alerting', message: 'must be an object' }];
  const v = value as Record<string, unknown>;
  const out: { field: string; message: string }[] = [];
  const known = Object.keys(DEFAULT_ALERTING_POLICY);
  for (const k of Object.keys(v)) if (!known.includes(k)) out.push({ field: `alerting.${k}`, message: `unknown setting; one of ${known.join(', ')}` });
  const wholeIn = (x: unknown, min: number, max: number) => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
  if (v.halfWindow !== undefined && typeof v.halfWindow !== 'boolean') out.push({ field: 'alerting.halfWindow', message: 'must be true or false' });
  if (v.beforeDueMinutes !== undefined) {
    const list = v.beforeDueMinutes;
    if (!Array.isArray(list) || list.length > 5 || !list.every((m) => wholeIn(m, 1, WEEK_MINUTES))) {
      out.push({ field: 'alerting.beforeDueMinutes', message: `must be a list of at most 5 whole numbers of minutes from 1 to ${WEEK_MINUTES}` });
    }
  }
  if (v.overdueRepeatMinutes !== undefined && !wholeIn(v.overdueRepeatMinutes, 5, WEEK_MINUTES)) {
    out.push({ field: 'alerting.overdueRepeatMinutes', message: `must be a whole number of minutes from 5 to ${WEEK_MINUTES}` });
  }
  if (v.acknowledgeMinutes !== undefined && !wholeIn(v.acknowledgeMinutes, 1, WEEK_MINUTES)) {
    out.push({ field: 'alerting.acknowledgeMinutes', message: `must be a whole number of minutes from 1 to ${WEEK_MINUTES}` });
  }
  if (v.digestHour !== undefined && !wholeIn(v.digestHour, 0, 23)) out.push({ field: 'alerting.digestHour', message: 'must be a whole hour from 0 to 23' });
  return out;
}

/**
 * The firm's alerting settings from its policy JSON (`firms.sla_policy`, which the obligations read too): the
 * `alerting` object's valid settings, each missing or invalid one at its default.
 */
export function alertingPolicy(slaPolicy: unknown): AlertingPolicy {
  const raw = slaPolicy && typeof slaPolicy === 'object' ? (slaPolicy as Record<string, unknown>).alerting : undefined;
  const out: AlertingPolicy = { ...DEFAULT_ALERTING_POLICY, beforeDueMinutes: [...DEFAULT_ALERTING_POLICY.beforeDueMinutes] };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  const bad = new Set(alertingPolicyErrors(raw).map((e) => e.field.replace(/^alerting\./, '')));
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(DEFAULT_ALERTING_POLICY) as (keyof AlertingPolicy)[]) {
    if (r[k] !== undefined && !bad.has(k)) (out as unknown as Record<string, unknown>)[k] = k === 'beforeDueMinutes' ? [...(r[k] as number[])] : r[k];
  }
  return out;
}

/**
 * The acknowledgement window of a client's report, in minutes: the contract SLA's acknowledgement hours for the
 * incident's grade when it has a grade and the contract has hours for it, else the firm's `acknowledgeMinutes`.
 */
export function acknowledgeWindowMinutes(policy: AlertingPolicy, contractSla: { acknowledgeHours?: Partial<Record<string, number>> } | null | undefined, grade: Grade | string | null): number {
  const hours = grade ? contractSla?.acknowledgeHours?.[grade] : undefined;
  if (typeof hours === 'number' && Number.isFinite(hours) && hours > 0) return Math.round(hours * 60);
  return policy.acknowledgeMinutes;
}

/** A clock the scan watches: an obligation's window, or a client's report waiting for acknowledgement. */
export type AlertClock =
  | { type: 'obligation'; startsAt: number; dueAt: number }
  | { type: 'client_report'; reportedAt: number; acknowledgeMinutes: number };

/** One moment a clock speaks. `key` is unique per clock and due time (the scan records each once). */
export interface Alert {
  key: string;
  kind: 'obligation_threshold' | 'obligation_overdue' | 'client_report_unacknowledged';
  at: number;
  /** before due: the minutes left; past due: how many repeats have passed (0 at due) */
  minutesLeft?: number;
  step?: number;
}

/** The deadline the clock counts to: the obligation's due time, or the end of the acknowledgement window. */
export function clockDeadline(c: AlertClock): number {
  return c.type === 'obligation' ? c.dueAt : c.reportedAt + c.acknowledgeMinutes * MINUTE;
}

/**
 * The reminders before an obligation's deadline, in time order: half the window gone, and each `beforeDueMinutes`,
 * those strictly inside the window (after it started, before it ends). Two at the same moment are one (the
 * minutes-before one, which says more).
 */
export function preDueAlerts(c: AlertClock, policy: AlertingPolicy): Alert[] {
  if (c.type !== 'obligation') return [];
  const out: Alert[] = [];
  const inside = (at: number) => at > c.startsAt && at < c.dueAt;
  for (const m of [...new Set(policy.beforeDueMinutes)].sort((a, b) => b - a)) {
    const at = c.dueAt - m * MINUTE;
    if (inside(at)) out.push({ key: `before_${m}m`, kind: 'obligation_threshold', at, minutesLeft: m });
  }
  if (policy.halfWindow) {
    const at = c.startsAt + Math.floor((c.dueAt - c.startsAt) / 2);
    if (inside(at) && !out.some((a) => a.at === at)) out.push({ key: 'half', kind: 'obligation_threshold', at, minutesLeft: Math.round((c.dueAt - at) / MINUTE) });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The n-th escalation past the deadline (0: at the deadline itself). */
export function escalation(c: AlertClock, policy: AlertingPolicy, n: number): Alert {
  const kind = c.type === 'obligation' ? 'obligation_overdue' : 'client_report_unacknowledged';
  return { key: `${c.type === 'obligation' ? 'overdue' : 'unacknowledged'}_${n}`, kind, at: clockDeadline(c) + n * policy.overdueRepeatMinutes * MINUTE, step: n };
}

/**
 * The latest alert at or before `until`, or null when none is due yet. When several have passed unsent (the scan did
 * not run for a while), only the latest speaks: the earlier ones say less than it does.
 */
export function latestAlert(c: AlertClock, policy: AlertingPolicy, until: number): Alert | null {
  const deadline = clockDeadline(c);
  if (until >= deadline) return escalation(c, policy, Math.floor((until - deadline) / (policy.overdueRepeatMinutes * MINUTE)));
  const due = preDueAlerts(c, policy).filter((a) => a.at <= until);
  return due.length ? due[due.length - 1] : null;
}

/** The first alert strictly after `after`: the clock's next moment (there always is one until it is met or waived). */
export function nextAlert(c: AlertClock, policy: AlertingPolicy, after: number): Alert {
  const next = preDueAlerts(c, policy).find((a) => a.at > after);
  if (next) return next;
  const deadline = clockDeadline(c);
  if (after < deadline) return escalation(c, policy, 0);
  return escalation(c, policy, Math.floor((after - deadline) / (policy.overdueRepeatMinutes * MINUTE)) + 1);
}

/**
 * Whether the daily digest is due for a firm at `now`: the hour of the firm's day (its IANA time zone) is its
 * digest hour. `day` names that day in the firm's calendar (YYYY-MM-DD), the digest's key.
 */
export function digestMoment(now: number, timeZone: string, policy: AlertingPolicy): { due: boolean; day: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { due: Number(get('hour')) === policy.digestHour, day: `${get('year')}-${get('month')}-${get('day')}` };
}
