import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import {
  DEFAULT_SORTS, CALENDAR_DAY_KINDS, coveredYears, isCivilDate, mergeCalendars, missingYearsWarning, PRC_BUILT_IN_CALENDAR, PRC_CALENDAR, type CalendarDay,
} from '@incident-desk/shared';
import { Access } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { badInput, conflict, type FieldError, notFound } from '../common/errors';
import { type ListQuery, Page, parseListQuery, type ListSpec } from '../common/list-query';
import { TenantDb } from '../tenancy/tenant-db.service';
import { WorkingDay } from './working-day.entity';
import { DELETE_DAY, INSERT_DAY, OWN_DAYS } from './working-days.queries';

export class CreateWorkingDayDto {
  @ApiProperty({ description: 'YYYY-MM-DD, a civil date in China' }) @IsString() @IsNotEmpty() date: string;
  @ApiProperty({ enum: CALENDAR_DAY_KINDS }) @IsString() @IsIn(CALENDAR_DAY_KINDS as unknown as string[]) kind: string;
  @ApiProperty({ description: 'the holiday it belongs to, e.g. 春节' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ description: 'the notice it comes from: number and URL' }) @IsString() @IsNotEmpty() @MaxLength(1000) source: string;
}

export interface WorkingDayRecord extends CalendarDay {
  /** the date: one entry per day */
  id: string;
  /** from the built-in PRC calendar (not the firm's) */
  builtIn: boolean;
  createdAt: string | null;
}

/** Only for parsing the list query (the list is built in memory: a few dozen days a year). */
const LIST: ListSpec = {
  resource: 'working-days',
  idColumn: 'date',
  sortable: { date: 'date', id: 'date' },
  defaultSort: DEFAULT_SORTS['working-days'],
  filters: { year: { column: 'year', type: 'text' }, kind: { column: 'kind', type: 'text', values: CALENDAR_DAY_KINDS }, builtIn: { column: 'built_in', type: 'bool' } },
  search: ['name', 'source'],
};

/**
 * The working-day calendar the summary-report clocks count on: the built-in PRC days (shared/src/working-days.ts) and
 * the days the firm adds — a year the built-in data lacks (from the State Council's notice), or a correction. Managers
 * add and remove the firm's own days; built-in days are not removed (a firm's day of the same date replaces one).
 * Adding or removing a day does not move clocks already running: they are recomputed when their incident next changes.
 */
@Injectable()
export class WorkingDaysService {
  constructor(
    private readonly db: TenantDb,
    private readonly access: Access,
    private readonly audit: AuditService,
  ) {}

  private async own(): Promise<WorkingDay[]> {
    return this.db.rows<WorkingDay>(
      OWN_DAYS, [this.db.scope.firmId]);
  }

  private async all(): Promise<WorkingDayRecord[]> {
    const own = await this.own();
    const mine = new Map(own.map((d) => [d.date, d]));
    const merged = mergeCalendars(PRC_CALENDAR, own.map(({ date, kind, name, source }) => ({ date, kind: kind as CalendarDay['kind'], name, source })));
    return merged.days.map((d) => ({ ...d, id: d.date, builtIn: !mine.has(d.date), createdAt: mine.get(d.date)?.createdAt ? new Date(mine.get(d.date)!.createdAt).toISOString() : null }));
  }

  async list(query: ListQuery): Promise<Page<WorkingDayRecord>> {
    this.access.require('working-days', 'list');
    const parsed = parseListQuery(query, LIST);
    const errors: FieldError[] = [];
    let items = parsed.none ? [] : await this.all();
    const f = parsed.filter;
    const values = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
    if (f.year !== undefined) items = items.filter((d) => values(f.year).includes(d.date.slice(0, 4)));
    if (f.kind !== undefined) {
      const kinds = values(f.kind);
      if (!kinds.every((k) => (CALENDAR_DAY_KINDS as readonly string[]).includes(k))) errors.push({ field: 'filter.kind', message: `must be one of ${CALENDAR_DAY_KINDS.join(', ')}` });
      items = items.filter((d) => kinds.includes(d.kind));
    }
    if (f.builtIn !== undefined) {
      if (typeof f.builtIn !== 'boolean') errors.push({ field: 'filter.builtIn', message: 'must be true or false' });
      items = items.filter((d) => d.builtIn === f.builtIn);
    }
    if (f.id !== undefined) items = items.filter((d) => values(f.id).includes(d.id));
    if (typeof f.q === 'string') {
      const q = f.q.toLowerCase();
      items = items.filter((d) => d.name.toLowerCase().includes(q) || d.source.toLowerCase().includes(q));
    }
    if (errors.length) throw badInput(errors);
    if (parsed.sort[1] === 'DESC') items.reverse();
    return new Page('working-days', items.slice(parsed.start, parsed.start + parsed.limit), parsed.start, items.length);
  }

  async get(id: string): Promise<WorkingDayRecord> {
    this.access.require('working-days', 'show');
    const d = (await this.all()).find((x) => x.id === id);
    if (!d) throw notFound('working day');
    return d;
  }

  /** The years covered and, for this year and the next, a warning when one is missing. */
  async coverage(): Promise<{ years: number[]; missing: number[]; warning: { 'zh-CN': string; en: string } | null }> {
    this.access.require('working-days', 'list');
    const own = await this.own();
    const years = coveredYears(mergeCalendars(PRC_CALENDAR, own.map(({ date, kind, name, source }) => ({ date, kind: kind as CalendarDay['kind'], name, source }))));
    const now = new Date().getUTCFullYear();
    const missing = [now, now + 1].filter((y) => !years.includes(y));
    return { years, missing, warning: missingYearsWarning(missing) };
  }

  async create(dto: CreateWorkingDayDto): Promise<WorkingDayRecord> {
    const scope = this.access.require('working-days', 'create');
    if (!isCivilDate(dto.date)) throw badInput([{ field: 'date', message: 'must be a date YYYY-MM-DD' }]);
    const inserted = await this.db.rows<{ date: string }>(
      INSERT_DAY,
      [scope.firmId, dto.date, dto.kind, dto.name, dto.source, scope.userId]);
    if (!inserted.length) throw conflict('the firm already has an entry for this date; remove it first', { date: dto.date });
    const rec = await this.get(dto.date);
    await this.audit.record({ entity: 'working-days', entityId: null, action: 'create', after: rec });
    return rec;
  }

  async remove(id: string): Promise<WorkingDayRecord> {
    const scope = this.access.require('working-days', 'delete');
    if (!isCivilDate(id)) throw notFound('working day');
    const rec = (await this.all()).find((x) => x.id === id);
    const deleted = await this.db.rows<{ date: string }>(DELETE_DAY, [scope.firmId, id]);
    if (!deleted.length) {
      if (PRC_BUILT_IN_CALENDAR.some((d) => d.date === id)) throw conflict('a built-in day cannot be removed; add a day of the firm for the same date instead', { date: id });
      throw notFound('working day');
    }
    await this.audit.record({ entity: 'working-days', entityId: null, action: 'delete', before: rec });
    return rec!;
  }
}
