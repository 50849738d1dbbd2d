import type { Locale } from './enums';
import { WORK_PHASES } from './incident';

/**
 * Time spent per client (issue 18): what an entry's activity may be — a playbook phase of the incident response, or
 * advisory, training, evaluation or other work for the client.
 */
export const TIME_ACTIVITIES = [...WORK_PHASES, 'advisory', 'training', 'evaluation', 'other'] as const;
export type TimeActivity = (typeof TIME_ACTIVITIES)[number];

/** One entry is at most a day's work. */
export const MAX_ENTRY_MINUTES = 24 * 60;

/**
 * A month's state for time entries. A month is open while it runs (in the firm's time zone) and closed once it has
 * ended: its entries can no longer be created, changed or deleted, unless a manager reopened it (and until a manager
 * closes it again).
 */
export type TimeMonthState = 'open' | 'closed' | 'reopened';

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month (YYYY-MM) of a calendar date YYYY-MM-DD. */
export const monthOfDate = (date: string): string => date.slice(0, 7);

/** A month's state from whether it has ended (before the month of `today`) and what a manager recorded for it. */
export function timeMonthState(month: string, today: string, recorded: 'closed' | 'reopened' | null): TimeMonthState {
  if (month >= monthOfDate(today)) return 'open';
  return recorded === 'reopened' ? 'reopened' : 'closed';
}

export interface TimeEntryRecord {
  id: string;
  clientId: string;
  incidentId: string | null;
  /** the incident's reference (as shown on the list), null without an incident */
  incidentReference: string | null;
  userId: string;
  userName: string | null;
  /** YYYY-MM-DD, the day the work was done */
  date: string;
  minutes: number;
  activity: TimeActivity;
  note: string | null;
  billable: boolean;
  /** the entry's month is closed: it cannot be changed or deleted now */
  locked: boolean;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimeMonthRecord {
  /** YYYY-MM */
  id: string;
  state: TimeMonthState;
  changedById: string | null;
  changedAt: string | null;
}

/** The caller's running timer (one per user), measured from the server's `startedAt`. */
export interface TimerRecord {
  incidentId: string;
  clientId: string;
  activity: TimeActivity;
  startedAt: string;
}

/** Whole minutes a timer ran, at least 1 (a started minute counts). */
export function timerMinutes(startedAt: string | Date, stoppedAt: Date): number {
  const ms = stoppedAt.getTime() - new Date(startedAt).getTime();
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** The columns of the time entries' CSV export. */
export const TIME_ENTRY_CSV_COLUMNS: Record<Locale, string>[] = [
  { 'zh-CN': '日期', en: 'Date' },
  { 'zh-CN': '客户', en: 'Client' },
  { 'zh-CN': '事件编号', en: 'Incident' },
  { 'zh-CN': '人员', en: 'Staff' },
  { 'zh-CN': '工作内容', en: 'Activity' },
  { 'zh-CN': '分钟', en: 'Minutes' },
  { 'zh-CN': '小时', en: 'Hours' },
  { 'zh-CN': '计费', en: 'Billable' },
  { 'zh-CN': '备注', en: 'Note' },
];

export const TIME_ENTRY_WORDS = {
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
} satisfies Record<string, Record<Locale, string>>;
