import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_SORTS, ENUM_LABELS, isCalendarDate, isWorkPhase, MONTH, monthOfDate, TIME_ACTIVITIES, TIME_ENTRY_CSV_COLUMNS, TIME_ENTRY_WORDS, timeMonthState, timerMinutes,
  MAX_ENTRY_MINUTES, todayIn, type TimeActivity, type TimeEntryRecord, type TimeMonthRecord, type TimerRecord,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { ClientsService } from '../clients/clients.service';
import { changedFields } from '../common/changes';
import { csvDocument } from '../common/csv';
import { badInput, conflict, fieldError, forbidden, notFound, type FieldError } from '../common/errors';
import {
  applyListQuery, calendarDateRange, getManyAndCountCapped, type ListQuery, type ListSpec, Page, parseListQuery,
} from '../common/list-query';
import { IncidentLookup } from '../incidents/incident-lookup.service';
import { Locks } from '../tenancy/locks';
import { TenantDb } from '../tenancy/tenant-db.service';
import { UsersService } from '../users/users.service';
import type { CreateTimeEntryDto, StartTimerDto, StopTimerDto, UpdateTimeEntryDto } from './dto/time-entry.dto';
import { TimeEntry, TimeTimer } from './time-entry.entity';
import {
  CLOSE_MONTH, INCIDENT_REFERENCES, MONTH_ROW, MONTHS, MONTHS_FOR_SHARE, REOPEN_MONTH, START_TIMER, TAKE_TIMER,
} from './time-entries.queries';

const LIST: ListSpec = {
  resource: 'time-entries',
  idColumn: 'e.id',
  sortable: { date: 'e.date', minutes: 'e.minutes', activity: 'e.activity', billable: 'e.billable', createdAt: 'e.created_at', updatedAt: 'e.updated_at', id: 'e.id' },
  defaultSort: DEFAULT_SORTS['time-entries'],
  filters: {
    clientId: { column: 'e.client_id', type: 'uuid' },
    incidentId: { column: 'e.incident_id', type: 'uuid' },
    userId: { column: 'e.user_id', type: 'uuid' },
    activity: { column: 'e.activity', type: 'text', values: TIME_ACTIVITIES },
    billable: { column: 'e.billable', type: 'bool' },
  },
  search: ['e.note'],
};

/** The day range filters (calendar dates; instants are taken as their date in the firm's time zone). */
const EXTRA_FILTERS = ['date_gte', 'date_lte'];

/** The most entries one CSV export holds: a narrower filter beyond it. */
export const MAX_EXPORT_ROWS = 20_000;

const audited = (e: TimeEntry) => ({
  clientId: e.clientId, incidentId: e.incidentId, userId: e.userId, date: e.date, minutes: e.minutes, activity: e.activity, note: e.note, billable: e.billable,
});

type MonthRow = { month: string; state: 'closed' | 'reopened'; changed_by_id?: string | null; changed_at?: Date | string | null };

/**
 * Time spent per client (issue 18). Consultants log, change and delete their own entries, on the clients assigned to
 * them; managers anyone's; client admins none (403; the client version of the service report sums them). An entry
 * of a closed month — one that has ended, in the firm's time zone — is locked (409 naming the month) unless a manager
 * reopened the month (audited, and closed again the same way). A change reads its months `FOR SHARE` and a reopen or
 * close updates the month's row, so the two take turns: whichever commits first, the other sees it.
 */
@Injectable()
export class TimeEntriesService {
  constructor(
    private readonly db: TenantDb,
    private readonly locks: Locks,
    private readonly access: Access,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly incidents: IncidentLookup,
    private readonly users: UsersService,
  ) {}

  private today(): string {
    return todayIn(this.db.scope.timeZone);
  }

  private query(query: ListQuery) {
    const scope = this.access.require('time-entries', 'list');
    const parsed = parseListQuery(query, LIST, EXTRA_FILTERS);
    const { date_gte, date_lte, ...rest } = parsed.filter;
    const qb = this.db.repo(TimeEntry).createQueryBuilder('e').where('e.firm_id = :firmId', { firmId: scope.firmId });
    if (scope.clientIds !== 'all') qb.andWhere('e.client_id = any(:clientIds)', { clientIds: scope.clientIds });
    const errors: FieldError[] = [];
    calendarDateRange(qb, 'e.date', { date_gte, date_lte }, scope.timeZone, errors);
    if (errors.length) throw badInput(errors);
    applyListQuery(qb, { ...parsed, filter: rest }, LIST);
    return { qb, parsed };
  }

  /** Filters besides the usual ones: `date_gte`, `date_lte` (YYYY-MM-DD). */
  async list(query: ListQuery): Promise<Page<TimeEntryRecord>> {
    const { qb, parsed } = this.query(query);
    const [items, total] = await getManyAndCountCapped(this.db.em, qb, parsed);
    return new Page('time-entries', await this.view(items), parsed.start, total);
  }

  /** The entries the list's filters and order select, all of them (up to MAX_EXPORT_ROWS), as CSV in the caller's language. */
  async exportCsv(query: ListQuery): Promise<{ content: Buffer; fileName: string }> {
    this.access.require('time-entries', 'export');
    const { qb } = this.query({ ...query, range: undefined });
    const items = await qb.offset(0).limit(MAX_EXPORT_ROWS + 1).getMany();
    if (items.length > MAX_EXPORT_ROWS) throw fieldError('filter', `more than ${MAX_EXPORT_ROWS} entries: narrow the filter (dates, client)`);
    const records = await this.view(items);
    const lang = this.db.scope.locale;
    const clientNames = await this.clients.names(records.map((r) => r.clientId));
    const label = (kind: string, key: string) => ENUM_LABELS[kind]?.[key]?.[lang] ?? key;
    const lines = [
      TIME_ENTRY_CSV_COLUMNS.map((c) => c[lang]),
      ...records.map((r) => [
        r.date, clientNames.get(r.clientId) ?? r.clientId, r.incidentReference, r.userName, label('timeActivity', r.activity), r.minutes,
        Math.round((r.minutes / 60) * 100) / 100, TIME_ENTRY_WORDS[r.billable ? 'yes' : 'no'][lang], r.note,
      ]),
    ];
    return { content: csvDocument(lines), fileName: `${lang === 'zh-CN' ? '工时' : 'time-entries'}_${this.today()}.csv` };
  }

  async get(id: string): Promise<TimeEntryRecord> {
    this.access.require('time-entries', 'show');
    const [record] = await this.view([await this.find(id)]);
    return record;
  }

  /** An entry the caller may see, or 404. */
  private async find(id: string): Promise<TimeEntry> {
    return this.access.find(TimeEntry, id, 'time entry');
  }

  /** The entry as it is now, locked (after its incident: Locks), that the caller may change: 404 unseen, 403 someone else's. */
  private async lockOwn(id: string): Promise<TimeEntry> {
    const scope = this.db.scope;
    const e = await this.locks.recordInScope(TimeEntry, id, 'time entry');
    if (scope.role !== 'manager' && e.userId !== scope.userId) throw forbidden();
    return e;
  }

  private async view(items: TimeEntry[]): Promise<TimeEntryRecord[]> {
    if (!items.length) return [];
    const scope = this.db.scope;
    const incidentIds = [...new Set(items.map((e) => e.incidentId).filter((x): x is string => !!x))];
    const months = [...new Set(items.map((e) => monthOfDate(e.date)))];
    const [names, references, recorded] = await Promise.all([
      this.users.names(items.map((e) => e.userId)),
      incidentIds.length ? (this.db.em.query(INCIDENT_REFERENCES, [scope.firmId, incidentIds]) as Promise<{ id: string; reference: string }[]>) : Promise.resolve([]),
      this.db.em.query(MONTHS, [scope.firmId, months]) as Promise<MonthRow[]>,
    ]);
    const refs = new Map(references.map((r) => [r.id, r.reference]));
    const states = new Map(recorded.map((m) => [m.month, m.state]));
    const today = this.today();
    return items.map((e) => ({
      id: e.id, clientId: e.clientId, incidentId: e.incidentId, incidentReference: e.incidentId ? (refs.get(e.incidentId) ?? null) : null,
      userId: e.userId, userName: names.get(e.userId) ?? null, date: e.date, minutes: e.minutes, activity: e.activity as TimeActivity, note: e.note,
      billable: e.billable, locked: timeMonthState(monthOfDate(e.date), today, states.get(monthOfDate(e.date)) ?? null) === 'closed',
      createdById: e.createdById, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
    }));
  }

  /**
   * 409 naming the month when one of `months` is closed (ended and not reopened). Their rows are read `FOR SHARE`:
   * a reopen or close of one of them waits until this request ends, and this waits for one under way.
   */
  private async requireOpen(months: string[]): Promise<void> {
    const scope = this.db.scope;
    const wanted = [...new Set(months)].sort();
    const rows: MonthRow[] = await this.db.em.query(MONTHS_FOR_SHARE, [scope.firmId, wanted]);
    const states = new Map(rows.map((m) => [m.month, m.state]));
    const today = this.today();
    for (const m of wanted) {
      if (timeMonthState(m, today, states.get(m) ?? null) === 'closed') {
        throw conflict(`the month ${m} is closed: its time entries cannot be created, changed or deleted unless a manager reopens it`, { reason: 'month_closed', month: m });
      }
    }
  }

  /** Checks the day (a real date, not after today) and the incident (one of the client's, in scope). */
  private async check(e: TimeEntry, errors: FieldError[]): Promise<void> {
    if (!isCalendarDate(e.date)) errors.push({ field: 'date', message: 'must be a real date YYYY-MM-DD' });
    else if (e.date > this.today()) errors.push({ field: 'date', message: 'cannot be after today' });
    if (e.incidentId) {
      const i = await this.incidents.usable(e.incidentId, {}, errors);
      if (i && i.clientId !== e.clientId) errors.push({ field: 'incidentId', message: "is not an incident of the entry's client" });
    }
    if (errors.length) throw badInput(errors);
  }

  async create(dto: CreateTimeEntryDto): Promise<TimeEntryRecord> {
    const scope = this.access.require('time-entries', 'create');
    const errors: FieldError[] = [];
    const userId = dto.userId ?? scope.userId;
    if (userId !== scope.userId) {
      if (scope.role !== 'manager') errors.push({ field: 'userId', message: 'consultants log their own time' });
      else {
        const problem = await this.users.staffProblem(userId);
        if (problem) errors.push({ field: 'userId', message: problem });
      }
    }
    const client = await this.clients.usable(dto.clientId, {}, errors);
    const e = this.db.repo(TimeEntry).create({
      firmId: scope.firmId, id: randomUUID(), clientId: client?.id ?? dto.clientId, incidentId: dto.incidentId ?? null, userId, date: dto.date,
      minutes: dto.minutes, activity: dto.activity, note: blankToNull(dto.note), billable: dto.billable ?? true, createdById: scope.userId,
    });
    await this.check(e, errors);
    return this.insert(e);
  }

  /** An entry made (the create, a timer stopped), once its month is open; audited. */
  private async insert(e: TimeEntry): Promise<TimeEntryRecord> {
    await this.requireOpen([monthOfDate(e.date)]);
    await this.db.repo(TimeEntry).insert(e);
    const saved = await this.find(e.id);
    await this.audit.record({ entity: 'time-entries', entityId: e.id, clientId: e.clientId, action: 'create', after: audited(saved) });
    return (await this.view([saved]))[0];
  }

  async update(id: string, dto: UpdateTimeEntryDto): Promise<TimeEntryRecord> {
    const scope = this.access.require('time-entries', 'edit');
    const before = await this.lockOwn(id);
    const e: TimeEntry = Object.assign(new TimeEntry(), before);
    if (dto.date !== undefined) e.date = dto.date;
    if (dto.minutes !== undefined) e.minutes = dto.minutes;
    if (dto.activity !== undefined) e.activity = dto.activity;
    if (dto.note !== undefined) e.note = blankToNull(dto.note);
    if (dto.billable !== undefined) e.billable = dto.billable;
    if (dto.incidentId !== undefined) e.incidentId = dto.incidentId;
    await this.check(e, []);
    const { firmId: _f, id: _i, createdAt: _c, updatedAt: _u, ...given } = e;
    const patch = changedFields(before, given);
    if (!Object.keys(patch).length) return this.get(id);
    // the month it leaves and the month it moves to must both be open
    await this.requireOpen([monthOfDate(before.date), monthOfDate(e.date)]);
    await this.db.repo(TimeEntry).update({ firmId: scope.firmId, id }, patch);
    const after = await this.find(id);
    await this.audit.record({ entity: 'time-entries', entityId: id, clientId: after.clientId, action: 'update', before: audited(before), after: audited(after) });
    return (await this.view([after]))[0];
  }

  async remove(id: string): Promise<TimeEntryRecord> {
    const scope = this.access.require('time-entries', 'delete');
    const before = await this.lockOwn(id);
    await this.requireOpen([monthOfDate(before.date)]);
    const [record] = await this.view([before]);
    await this.db.repo(TimeEntry).delete({ firmId: scope.firmId, id });
    await this.audit.record({ entity: 'time-entries', entityId: id, clientId: before.clientId, action: 'delete', before: audited(before) });
    return record;
  }

  // months

  private month(month: string): string {
    if (typeof month !== 'string' || !MONTH.test(month)) throw fieldError('month', 'must be a month YYYY-MM');
    return month;
  }

  private monthRecord(month: string, row: MonthRow | undefined): TimeMonthRecord {
    return {
      id: month, state: timeMonthState(month, this.today(), row?.state ?? null), changedById: row?.changed_by_id ?? null,
      changedAt: row?.changed_at ? new Date(row.changed_at).toISOString() : null,
    };
  }

  /** `GET /api/time-entries/months/{yyyy-mm}`: open (not ended), closed, or reopened by a manager. */
  async getMonth(month: string): Promise<TimeMonthRecord> {
    const scope = this.access.require('time-entries', 'list');
    const m = this.month(month);
    const [row]: MonthRow[] = await this.db.em.query(MONTH_ROW, [scope.firmId, m]);
    return this.monthRecord(m, row);
  }

  /**
   * `POST /api/time-entries/months/{yyyy-mm}/reopen` (managers): the month's entries can be changed again. 409 when
   * the month has not ended (it is open) or is reopened already (a second reopen racing the first finds it so).
   */
  async reopenMonth(month: string): Promise<TimeMonthRecord> {
    return this.setMonth(month, 'reopened');
  }

  /** `POST /api/time-entries/months/{yyyy-mm}/close` (managers): a reopened month locked again; 409 when it is not reopened. */
  async closeMonth(month: string): Promise<TimeMonthRecord> {
    return this.setMonth(month, 'closed');
  }

  private async setMonth(month: string, to: 'reopened' | 'closed'): Promise<TimeMonthRecord> {
    const scope = this.access.require('time-entries', 'transition');
    const m = this.month(month);
    if (m >= monthOfDate(this.today())) throw conflict(`the month ${m} has not ended: it is open`, { reason: 'month_open', month: m, state: 'open' });
    const [row] = await this.db.rows<MonthRow>(to === 'reopened' ? REOPEN_MONTH : CLOSE_MONTH, [scope.firmId, m, scope.userId]);
    if (!row) throw conflict(`the month ${m} is ${to} already`, { reason: `month_${to}`, month: m, state: to });
    const from = to === 'reopened' ? 'closed' : 'reopened';
    await this.audit.record({ entity: 'time-entry-months', entityId: m, action: 'transition', before: { state: from }, after: { state: to } });
    return this.monthRecord(m, row);
  }

  // the timer

  private timerRecord(row: { client_id: string; incident_id: string; activity: string; started_at: Date | string }): TimerRecord {
    return { incidentId: row.incident_id, clientId: row.client_id, activity: row.activity as TimeActivity, startedAt: new Date(row.started_at).toISOString() };
  }

  /** `GET /api/time-entries/timer`: the caller's running timer, or `{timer: null}`. */
  async timer(): Promise<{ timer: TimerRecord | null }> {
    this.access.require('time-entries', 'create');
    const t = await this.db.repo(TimeTimer).findOneBy({ firmId: this.db.scope.firmId, userId: this.db.scope.userId });
    return {
      timer: t ? this.timerRecord({ client_id: t.clientId, incident_id: t.incidentId, activity: t.activity, started_at: t.startedAt }) : null,
    };
  }

  /**
   * `POST /api/time-entries/timer {incidentId, activity?}`: starts the caller's timer on an incident (its time kept by
   * the server: it survives a reload). One running timer per user: a second start answers 409 with the running one.
   * The activity defaults to the incident's phase (its status, while in one), else `other`.
   */
  async startTimer(dto: StartTimerDto): Promise<{ timer: TimerRecord }> {
    const scope = this.access.require('time-entries', 'create');
    const incident = await this.incidents.requireUsable(dto.incidentId);
    const activity = dto.activity ?? (isWorkPhase(incident.status) ? incident.status : 'other');
    const [row] = await this.db.rows<{ client_id: string; incident_id: string; activity: string; started_at: string }>(
      START_TIMER, [scope.firmId, scope.userId, incident.clientId, incident.id, activity],
    );
    if (!row) throw conflict('a timer is running already: stop it first', { reason: 'timer_running', timer: (await this.timer()).timer });
    const timer = this.timerRecord(row);
    await this.audit.record({ entity: 'time-timers', entityId: scope.userId, clientId: incident.clientId, action: 'create', after: timer });
    return { timer };
  }

  /**
   * `POST /api/time-entries/timer/stop {activity?, note?, billable?}`: the caller's timer becomes an entry of its
   * incident for the day it started, with the minutes it ran (whole minutes, a started one counts). 409 when no timer
   * runs, when it ran more than a day (discard it and log the time by hand), or when its month has closed; the timer
   * is kept then.
   */
  async stopTimer(dto: StopTimerDto): Promise<TimeEntryRecord> {
    const scope = this.access.require('time-entries', 'create');
    const [row] = await this.db.rows<{ client_id: string; incident_id: string; activity: string; started_at: string }>(TAKE_TIMER, [scope.firmId, scope.userId]);
    if (!row) throw conflict('no timer is running', { reason: 'no_timer' });
    const startedAt = new Date(row.started_at);
    const minutes = timerMinutes(startedAt, new Date());
    if (minutes > MAX_ENTRY_MINUTES) throw conflict('the timer ran more than 24 hours: discard it and log the time by hand', { reason: 'timer_too_long', minutes });
    const incident = await this.incidents.inScope(row.incident_id);
    if (!incident) throw conflict("the timer's incident is no longer in your scope: discard the timer", { reason: 'timer_out_of_scope' });
    const e = this.db.repo(TimeEntry).create({
      firmId: scope.firmId, id: randomUUID(), clientId: incident.clientId, incidentId: incident.id, userId: scope.userId,
      date: todayIn(scope.timeZone, startedAt), minutes, activity: dto.activity ?? row.activity, note: blankToNull(dto.note), billable: dto.billable ?? true,
      createdById: scope.userId,
    });
    await this.audit.record({ entity: 'time-timers', entityId: scope.userId, clientId: incident.clientId, action: 'delete', before: this.timerRecord(row) });
    return this.insert(e);
  }

  /** `DELETE /api/time-entries/timer`: the caller's timer thrown away (no entry); 409 when none runs. */
  async discardTimer(): Promise<{ timer: TimerRecord }> {
    const scope = this.access.require('time-entries', 'create');
    const [row] = await this.db.rows<{ client_id: string; incident_id: string; activity: string; started_at: string }>(TAKE_TIMER, [scope.firmId, scope.userId]);
    if (!row) throw conflict('no timer is running', { reason: 'no_timer' });
    const timer = this.timerRecord(row);
    await this.audit.record({ entity: 'time-timers', entityId: scope.userId, clientId: row.client_id, action: 'delete', before: timer });
    return { timer };
  }
}

const blankToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s.trim() === '' ? null : s);
