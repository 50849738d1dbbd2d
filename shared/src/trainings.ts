/**
 * Training and drill records: pure rules used by the server (stored counts, due dates, validation) and by the admin
 * (live figures in forms). Dates of trainings are calendar dates (`YYYY-MM-DD`) in the firm's time zone.
 */
import type { OperatorType } from './enums';
import { PRC_REPORT_BY_OPERATOR } from './obligations';
import { dateFormat } from './intl';

export const TRAINING_TYPES = [
  'security_awareness', 'legal_compliance', 'emergency_drill', 'tabletop_exercise', 'technical', 'communication', 'collaboration',
  'psychological_support',
] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];

/** Types that are drills: they have a scenario, measured times and a drill evaluation. */
export const DRILL_TYPES: readonly TrainingType[] = ['emergency_drill', 'tabletop_exercise'];
export const isDrill = (type: string | null | undefined): boolean => !!type && (DRILL_TYPES as readonly string[]).includes(type);

export const TRAINING_STATUSES = ['planned', 'completed', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export const DELIVERY_MODES = ['onsite', 'online', 'hybrid'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/**
 * Where a training stands against its recurrence: `none` (no recurrence, or not completed), `renewed` (a later
 * training of the same client and type was held or is planned), `ok`, `due_soon` (due within the window), `overdue`.
 */
export const TRAINING_DUE_STATUSES = ['none', 'renewed', 'ok', 'due_soon', 'overdue'] as const;
export type TrainingDueStatus = (typeof TRAINING_DUE_STATUSES)[number];

/** The list filter `due`: coming due in the next 30 days, or overdue. */
export const TRAINING_DUE_FILTERS = ['next30', 'overdue'] as const;
export const DUE_SOON_DAYS = 30;

export const MAX_PARTICIPANTS = 2000;
export const MAX_RECURRENCE_MONTHS = 120;

export interface TrainingParticipant {
  name: string;
  department: string | null;
  attended: boolean;
  /** 0..100, or null when not assessed */
  score: number | null;
  /** derived from score ≥ passMark when both are given; else as recorded (null: not assessed) */
  passed: boolean | null;
  /** the participant confirmed taking part (e.g. signed the attendance sheet) */
  acknowledged: boolean;
}

export interface TrainingRecord {
  id: string;
  clientId: string;
  type: TrainingType;
  title: string;
  legalBasis: string | null;
  /** YYYY-MM-DD */
  date: string;
  durationMinutes: number | null;
  deliveryMode: DeliveryMode | null;
  trainer: string | null;
  objectives: string | null;
  scenario: string | null;
  status: TrainingStatus;
  participants: TrainingParticipant[];
  passMark: number | null;
  participantCount: number;
  attendedCount: number;
  passedCount: number;
  /** 0..1 of the participants; null without participants or unless completed */
  attendanceRate: number | null;
  /** 0..1 of the attended participants with a pass result; null when none was assessed or unless completed */
  passRate: number | null;
  recurrenceMonths: number | null;
  /** YYYY-MM-DD: date + recurrenceMonths (month ends clamped); null without recurrence or when cancelled */
  nextDueAt: string | null;
  dueStatus: TrainingDueStatus;
  /** drills: minutes from the start of the scenario to detection, from detection to escalation and to the report */
  detectMinutes: number | null;
  escalateMinutes: number | null;
  reportMinutes: number | null;
  /** the exercise incident the drill runs (POST /api/trainings/{id}/exercise), null before one is started or after a reset */
  exerciseIncidentId: string | null;
  /** drills: the minutes the client's operator type would have to report (PRC reporting clock) */
  reportingClockMinutes: number | null;
  withinReportingClock: boolean | null;
  operatorType: OperatorType | null;
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// participants and rates

/** Is this participant passed? From the score and the pass mark when both are given, else the recorded flag. */
export function derivePassed(p: { score?: number | null; passed?: boolean | null; attended?: boolean }, passMark: number | null | undefined): boolean | null {
  if (p.attended === false) return null;
  if (typeof p.score === 'number' && Number.isFinite(p.score) && typeof passMark === 'number') return p.score >= passMark;
  return typeof p.passed === 'boolean' ? p.passed : null;
}

/** A participant as stored: trimmed, with `passed` derived. */
export function normaliseParticipant(
  p: { name: string; department?: string | null; attended?: boolean | null; score?: number | null; passed?: boolean | null; acknowledged?: boolean | null },
  passMark: number | null | undefined,
): TrainingParticipant {
  const attended = p.attended ?? false;
  const score = typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : null;
  const department = typeof p.department === 'string' && p.department.trim() ? p.department.trim() : null;
  return {
    name: p.name.trim(),
    department,
    attended,
    score,
    passed: derivePassed({ score, passed: p.passed ?? null, attended }, passMark),
    acknowledged: p.acknowledged ?? false,
  };
}

export interface ParticipationFigures {
  participantCount: number;
  attendedCount: number;
  /** attended participants with a pass result */
  assessedCount: number;
  passedCount: number;
  attendanceRate: number | null;
  passRate: number | null;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/**
 * Attendance rate: attended / participants. Pass rate: passed / attended participants with a pass result (score
 * against the pass mark, or a recorded pass or fail). Both rounded to 4 decimals; null when the denominator is 0.
 */
export function participationFigures(
  participants: readonly { attended: boolean; score?: number | null; passed?: boolean | null }[],
  passMark: number | null | undefined,
): ParticipationFigures {
  let attendedCount = 0;
  let assessedCount = 0;
  let passedCount = 0;
  for (const p of participants) {
    if (!p.attended) continue;
    attendedCount++;
    const passed = derivePassed(p, passMark);
    if (passed === null) continue;
    assessedCount++;
    if (passed) passedCount++;
  }
  return {
    participantCount: participants.length,
    attendedCount,
    assessedCount,
    passedCount,
    attendanceRate: ratio(attendedCount, participants.length),
    passRate: ratio(passedCount, assessedCount),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// calendar dates and recurrence

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is this a real calendar date written YYYY-MM-DD? */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** date + months; a day past the end of the target month becomes its last day (Jan 31 + 1 month → Feb 28 or 29). */
export function addMonthsClamped(date: string, months: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`invalid date: ${date}`);
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number: ${months}`);
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return `${pad(ty, 4)}-${pad(tm)}-${pad(Math.min(d, daysInMonth(ty, tm)))}`;
}

/** date + days (days may be negative). */
export function addDays(date: string, days: number): string {
  if (!isCalendarDate(date)) throw new RangeError(`invalid date: ${date}`);
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** When the training is next due: its date + recurrenceMonths; null without recurrence or when cancelled. */
export function nextDueDate(t: { date: string; recurrenceMonths: number | null | undefined; status?: TrainingStatus | string }): string | null {
  if (t.status === 'cancelled') return null;
  if (!t.recurrenceMonths || t.recurrenceMonths < 1) return null;
  return addMonthsClamped(t.date, t.recurrenceMonths);
}

/** Today's calendar date in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Where a training stands against its recurrence on `today`. Only completed trainings fall due; one followed by a
 * later training of the same client and type (`renewed`) no longer does.
 */
export function trainingDueStatus(
  t: { status: TrainingStatus | string; nextDueAt: string | null; renewed?: boolean },
  today: string,
  windowDays = DUE_SOON_DAYS,
): TrainingDueStatus {
  if (t.status !== 'completed' || !t.nextDueAt) return 'none';
  if (t.renewed) return 'renewed';
  if (t.nextDueAt < today) return 'overdue';
  if (t.nextDueAt <= addDays(today, windowDays)) return 'due_soon';
  return 'ok';
}

// ---------------------------------------------------------------------------------------------------------------
// drills against the reporting clock

/** Minutes the PRC reporting clock gives an operator of this type (CII 60, central/state organ 120, other 240). */
export function reportingClockMinutes(operatorType: OperatorType | string | null | undefined): number {
  const rule = PRC_REPORT_BY_OPERATOR[(operatorType ?? 'other') as OperatorType] ?? PRC_REPORT_BY_OPERATOR.other;
  return rule.hours * 60;
}

/** A drill's report time against the clock its client would face; nulls for trainings that are not drills. */
export function drillClock(t: { type: string; reportMinutes: number | null | undefined }, operatorType: OperatorType | string | null | undefined): {
  reportingClockMinutes: number | null;
  withinReportingClock: boolean | null;
} {
  if (!isDrill(t.type)) return { reportingClockMinutes: null, withinReportingClock: null };
  const clock = reportingClockMinutes(operatorType);
  return { reportingClockMinutes: clock, withinReportingClock: typeof t.reportMinutes === 'number' ? t.reportMinutes <= clock : null };
}

// ---------------------------------------------------------------------------------------------------------------
// CSV import of participants

/** A record of a CSV text: its cells and the line it starts on (1-based, counting the header). */
export interface CsvRow {
  line: number;
  cells: string[];
}

export interface CsvLineError {
  line: number;
  message: string;
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes ("" inside quotes is a quote; quoted fields may
 * hold commas and line breaks), CRLF or LF line ends, a leading UTF-8 BOM ignored. Blank lines are skipped.
 */
export function parseCsv(text: string): { rows: CsvRow[]; errors: CsvLineError[] } {
  const rows: CsvRow[] = [];
  const errors: CsvLineError[] = [];
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let i = 0;
  while (i < s.length) {
    const start = line;
    const cells: string[] = [];
    let bad: string | null = null;
    // one record
    for (;;) {
      let cell = '';
      if (s[i] === '"') {
        i++;
        let closed = false;
        while (i < s.length) {
          const c = s[i];
          if (c === '"') {
            if (s[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        if (!closed) {
          bad = 'a quoted field is not closed';
          break;
        }
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          bad = 'unexpected text after a closing quote';
          // skip to the end of the line
          while (i < s.length && s[i] !== '\n') i++;
        }
      } else {
        while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
          if (s[i] === '"') bad ??= 'a quote inside an unquoted field (quote the whole field and double the quote)';
          cell += s[i];
          i++;
        }
      }
      cells.push(cell);
      if (i < s.length && s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // end of record
    if (s[i] === '\r') {
      i++;
      if (s[i] === '\n') i++;
      line++;
    } else if (s[i] === '\n') {
      i++;
      line++;
    }
    if (bad) {
      errors.push({ line: start, message: bad });
      if (bad === 'a quoted field is not closed') break;
      continue;
    }
    if (cells.length === 1 && cells[0].trim() === '') continue; // blank line
    rows.push({ line: start, cells });
  }
  return { rows, errors };
}

/** Header names accepted for each column (matched trimmed and case-insensitively). */
export const PARTICIPANT_CSV_COLUMNS = {
  name: ['name', '姓名'],
  department: ['department', '部门'],
  attended: ['attended', '出席', '是否出席'],
  score: ['score', '成绩', '分数'],
} as const;
export type ParticipantCsvColumn = keyof typeof PARTICIPANT_CSV_COLUMNS;

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'x', '是', '出席', '已出席', '√', '✓'];
const FALSE_WORDS = ['false', 'no', 'n', '0', '否', '缺席', '未出席', ''];
const MAX_NAME = 100;

export interface ParticipantsCsvResult {
  ok: boolean;
  participants: TrainingParticipant[];
  /** one per bad line, in line order */
  errors: CsvLineError[];
}

/**
 * Participants from a CSV with a header row `name,department,attended,score` (any order; Chinese headers 姓名, 部门,
 * 出席, 成绩 too; only `name` is required). attended: yes/no, true/false, 1/0, 是/否 (empty: no). score: empty or a
 * number 0..100, only for someone who attended. Every bad line is reported (one error per line, messages joined);
 * when there is any, no participant is returned.
 */
export function parseParticipantsCsv(text: string, passMark: number | null | undefined = null): ParticipantsCsvResult {
  const { rows, errors: syntax } = parseCsv(text);
  const byLine = new Map<number, string[]>();
  const add = (line: number, message: string) => byLine.set(line, [...(byLine.get(line) ?? []), message]);
  for (const e of syntax) add(e.line, e.message);
  const result = (participants: TrainingParticipant[]): ParticipantsCsvResult => {
    const errors = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, m]) => ({ line, message: `line ${line}: ${m.join('; ')}` }));
    return errors.length ? { ok: false, participants: [], errors } : { ok: true, participants, errors: [] };
  };
  const header = rows[0];
  if (!header) {
    if (!byLine.size) add(1, 'the header row is missing (name,department,attended,score)');
    return result([]);
  }
  const columns: Partial<Record<ParticipantCsvColumn, number>> = {};
  header.cells.forEach((raw, index) => {
    const h = raw.trim().toLowerCase();
    const col = (Object.keys(PARTICIPANT_CSV_COLUMNS) as ParticipantCsvColumn[]).find((k) => (PARTICIPANT_CSV_COLUMNS[k] as readonly string[]).includes(h));
    if (!col) add(header.line, `unknown column "${raw.trim()}" (expected name, department, attended, score)`);
    else if (columns[col] !== undefined) add(header.line, `column "${raw.trim()}" appears twice`);
    else columns[col] = index;
  });
  if (columns.name === undefined) add(header.line, 'the header has no name column');
  if (byLine.has(header.line)) return result([]);
  const data = rows.slice(1);
  if (data.length > MAX_PARTICIPANTS) {
    add(data[MAX_PARTICIPANTS].line, `at most ${MAX_PARTICIPANTS} participants`);
    return result([]);
  }
  const participants: TrainingParticipant[] = [];
  for (const row of data) {
    const bad = (m: string) => add(row.line, m);
    if (row.cells.length !== header.cells.length) {
      bad(`expected ${header.cells.length} fields, found ${row.cells.length}`);
      continue;
    }
    const cell = (c: ParticipantCsvColumn) => (columns[c] === undefined ? '' : row.cells[columns[c]!].trim());
    const name = cell('name');
    if (!name) bad('name is required');
    else if (name.length > MAX_NAME) bad(`name is longer than ${MAX_NAME} characters`);
    const department = cell('department');
    if (department.length > MAX_NAME) bad(`department is longer than ${MAX_NAME} characters`);
    const attendedRaw = cell('attended').toLowerCase();
    let attended = false;
    if (TRUE_WORDS.includes(attendedRaw)) attended = true;
    else if (!FALSE_WORDS.includes(attendedRaw)) bad('attended must be yes or no');
    const scoreRaw = cell('score');
    let score: number | null = null;
    if (scoreRaw !== '') {
      const n = /^[+]?\d+(\.\d+)?$/.test(scoreRaw) ? Number(scoreRaw) : NaN;
      if (!Number.isFinite(n) || n < 0 || n > 100) bad('score must be a number 0..100');
      else if (!attended) bad('score is given for someone who did not attend');
      else score = n;
    }
    if (!byLine.has(row.line)) participants.push(normaliseParticipant({ name, department, attended, score }, passMark));
  }
  return result(participants);
}

/** Participants as CSV (the import's format, with a BOM so that spreadsheet programs read the UTF-8). */
export function participantsToCsv(participants: readonly TrainingParticipant[]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['name,department,attended,score'];
  for (const p of participants) lines.push([q(p.name), q(p.department ?? ''), p.attended ? 'yes' : 'no', p.score === null ? '' : String(p.score)].join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
