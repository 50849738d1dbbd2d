import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badInput, FieldError } from './errors';
import { textErrors } from './input-guard';
import { isCalendarDate, todayIn } from '@incident-desk/shared';

/**
 * The list conventions of react-admin's ra-data-simple-rest:
 *   ?sort=["field","ASC"]&range=[0,24]&filter={"field":value,"id":[...]}
 * Each resource declares which fields sort and filter; anything else is a 400 naming the parameter.
 */
export type FilterType = 'uuid' | 'text' | 'bool' | 'gte' | 'lte' | 'int';

export interface FilterDef {
  column: string;
  type: FilterType;
  /** allowed values for an enum-like text filter */
  values?: readonly string[];
}

export interface ListSpec {
  resource: string;
  sortable: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  filters: Record<string, FilterDef>;
  /** columns searched by the free-text filter `q` */
  search?: string[];
  /** the id column (for filter={"id":[...]}) */
  idColumn: string;
}

export interface ListQuery {
  sort?: string;
  range?: string;
  filter?: string;
}

export const MAX_PAGE = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** A page of a list: the list interceptor turns it into a JSON array and a Content-Range header. */
export class Page<T> {
  constructor(
    readonly resource: string,
    readonly items: T[],
    readonly start: number,
    readonly total: number,
  ) {}

  map<U>(fn: (t: T) => U): Page<U> {
    return new Page(this.resource, this.items.map(fn), this.start, this.total);
  }

  get contentRange(): string {
    const end = this.items.length ? this.start + this.items.length - 1 : this.start;
    return `${this.resource} ${this.start}-${end}/${this.total}`;
  }
}

/** A JSON parameter of the query, its texts checked as every body's are (input-guard: `filter.q` names a NUL in q). */
function parseJson(raw: string | undefined, name: string, errors: FieldError[]): unknown {
  if (raw === undefined || raw === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    errors.push({ field: name, message: 'must be JSON' });
    return undefined;
  }
  const bad = textErrors(value, name);
  if (bad.length) {
    errors.push(...bad);
    return undefined;
  }
  return value;
}

export interface ParsedList {
  sort: [string, 'ASC' | 'DESC'];
  start: number;
  limit: number;
  /** the filters given, without those given as null or '' (no filter) or as an empty list (see `none`) */
  filter: Record<string, unknown>;
  /** a filter was an empty list of values (`{"status": []}`): nothing matches it, the list is empty */
  none?: boolean;
}

export function parseListQuery(query: ListQuery, spec: ListSpec, extraFilters: string[] = []): ParsedList {
  const errors: FieldError[] = [];
  let sort = spec.defaultSort;
  const s = parseJson(query.sort, 'sort', errors);
  if (s !== undefined) {
    if (!Array.isArray(s) || typeof s[0] !== 'string' || !['ASC', 'DESC'].includes(String(s[1]).toUpperCase())) {
      errors.push({ field: 'sort', message: 'must be ["field","ASC"|"DESC"]' });
    } else if (!Object.hasOwn(spec.sortable, s[0])) {
      errors.push({ field: 'sort', message: `cannot sort by ${s[0]}; one of ${Object.keys(spec.sortable).join(', ')}` });
    } else sort = [s[0], String(s[1]).toUpperCase() as 'ASC' | 'DESC'];
  }
  let start = 0;
  let limit = 25;
  const r = parseJson(query.range, 'range', errors);
  if (r !== undefined) {
    // safe integers: 1e308 is an integer to JavaScript and out of PostgreSQL's range for OFFSET
    if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => Number.isSafeInteger(n) && n >= 0) || r[1] < r[0]) {
      errors.push({ field: 'range', message: 'must be [start, end] with 0 <= start <= end' });
    } else if (r[1] - r[0] + 1 > MAX_PAGE) {
      errors.push({ field: 'range', message: `at most ${MAX_PAGE} rows per page` });
    } else {
      start = r[0];
      limit = r[1] - r[0] + 1;
    }
  }
  const f = parseJson(query.filter, 'filter', errors);
  const filter: Record<string, unknown> = {};
  let none = false;
  if (f !== undefined) {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) errors.push({ field: 'filter', message: 'must be an object' });
    else {
      for (const [key, value] of Object.entries(f)) {
        if (key !== 'id' && key !== 'q' && !Object.hasOwn(spec.filters, key) && !extraFilters.includes(key)) {
          errors.push({ field: `filter.${key}`, message: `unknown filter; one of id, q, ${[...Object.keys(spec.filters), ...extraFilters].join(', ')}` });
          continue;
        }
        // the same for every resource and every filter, the resource's own included: null and '' filter nothing, and an
        // empty list of values matches nothing
        if (value === null || value === '') continue;
        if (Array.isArray(value) && value.length === 0) none = true;
        else filter[key] = value;
      }
    }
  }
  if (errors.length) throw badInput(errors);
  return { sort, start, limit, filter, ...(none ? { none } : {}) };
}

/**
 * The WHERE conditions of the parsed filters (400 naming each bad filter). `param` stores a value and returns its
 * placeholder, so that the same conditions serve a TypeORM query builder (`:p0`) and hand-written SQL (`$3`).
 */
export function listConditions(parsed: ParsedList, spec: ListSpec, param: (value: unknown) => string): string[] {
  const errors: FieldError[] = [];
  const where: string[] = parsed.none ? ['false'] : [];
  // one value compares with `=`: the planner then knows the column is constant and can read an index in the sort order
  // (`client_id = any('{x}')` made it sort all of a client's rows for one page)
  const oneOf = (column: string, values: unknown[]) =>
    where.push(values.length === 1 ? `${column} = ${param(values[0])}` : `${column} = any(${param(values)})`);
  for (const [key, value] of Object.entries(parsed.filter)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'id') {
      const ids = Array.isArray(value) ? value : [value];
      if (!ids.every(isUuid)) {
        errors.push({ field: 'filter.id', message: 'must be a UUID or a list of UUIDs' });
        continue;
      }
      oneOf(spec.idColumn, ids);
      continue;
    }
    if (key === 'q') {
      if (typeof value !== 'string') {
        errors.push({ field: 'filter.q', message: 'must be text' });
        continue;
      }
      if (!spec.search?.length) continue;
      const p = param(`%${value.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
      where.push(`(${spec.search.map((c) => `${c} ilike ${p}`).join(' or ')})`);
      continue;
    }
    const def = Object.hasOwn(spec.filters, key) ? spec.filters[key] : undefined;
    if (!def) continue;
    const values = Array.isArray(value) ? value : [value];
    switch (def.type) {
      case 'uuid':
        if (!values.every(isUuid)) errors.push({ field: `filter.${key}`, message: 'must be a UUID' });
        else oneOf(def.column, values);
        break;
      case 'text':
        if (!values.every((v) => typeof v === 'string' && (!def.values || def.values.includes(v)))) {
          errors.push({ field: `filter.${key}`, message: def.values ? `must be one of ${def.values.join(', ')}` : 'must be text' });
        } else oneOf(def.column, values);
        break;
      case 'bool':
        if (typeof value !== 'boolean') errors.push({ field: `filter.${key}`, message: 'must be true or false' });
        else where.push(`${def.column} = ${param(value)}`);
        break;
      case 'int':
        if (!Number.isInteger(value)) errors.push({ field: `filter.${key}`, message: 'must be a whole number' });
        else where.push(`${def.column} = ${param(value)}`);
        break;
      case 'gte':
      case 'lte': {
        const d = typeof value === 'string' ? new Date(value) : null;
        if (!d || isNaN(d.getTime())) errors.push({ field: `filter.${key}`, message: 'must be a date' });
        else where.push(`${def.column} ${def.type === 'gte' ? '>=' : '<='} ${param(d)}`);
        break;
      }
    }
  }
  if (errors.length) throw badInput(errors);
  return where;
}

/** ORDER BY of the parsed sort, with the id as tie-breaker (a stable order across pages). */
function listOrder(parsed: ParsedList, spec: ListSpec): [string, 'ASC' | 'DESC'] {
  return [spec.sortable[parsed.sort[0]], parsed.sort[1]];
}

/** Applies the parsed filters, sort and range to a query builder whose main alias is `alias`. */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  parsed: ParsedList,
  spec: ListSpec,
): SelectQueryBuilder<T> {
  let n = 0;
  const params: Record<string, unknown> = {};
  const where = listConditions(parsed, spec, (value) => {
    const p = `p${n++}`;
    params[p] = value;
    return `:${p}`;
  });
  for (const w of where) qb.andWhere(w);
  qb.setParameters(params);
  const [column, order] = listOrder(parsed, spec);
  qb.orderBy(column, order).addOrderBy(spec.idColumn, order);
  qb.offset(parsed.start).limit(parsed.limit);
  return qb;
}

/** Positional parameters for hand-written SQL: `add` stores a value and returns its `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];
  add = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/** A list in hand-written SQL: `select` and `from` as written (the rows as the caller maps them), the scope's conditions. */
export interface SqlList {
  select: string;
  from: string;
  where: string[];
  params: SqlParams;
  /**
   * An SQL expression whose value is the exact number of the list's rows (a counter the database keeps), when the
   * caller has one for the conditions of this request: it stands in for counting the rows, at any size.
   */
  total?: string;
}

/**
 * A list page of hand-written SQL with its capped total, as getManyAndCountCapped does for a query builder (the same
 * statement shape and the same totals), for the hottest lists, whose rows skip TypeORM's query building and entity
 * hydration. `run` runs a statement in the request's transaction (TenantDb.rows).
 */
export async function fetchRowsCapped<R extends ObjectLiteral>(
  run: <X>(text: string, values: unknown[]) => Promise<X[]>,
  list: SqlList,
  parsed: ParsedList,
  spec: ListSpec,
  limit = EXACT_COUNT_LIMIT,
): Promise<[R[], number]> {
  const where = [...list.where, ...listConditions(parsed, spec, list.params.add)];
  const body = `FROM ${list.from} WHERE ${where.map((w) => `(${w})`).join(' AND ')}`;
  const [column, order] = listOrder(parsed, spec);
  // the caller's counter counts the rows of its own conditions, not of a list that an empty filter empties
  const total = parsed.none ? undefined : list.total;
  const count = total ?? `(SELECT count(*)::int FROM (SELECT 1 ${body} LIMIT ${limit + 1}) capped)`;
  const rows = await run<R & { capped_total: number }>(
    `SELECT ${list.select}, ${count} AS capped_total ${body}
      ORDER BY ${column} ${order}, ${spec.idColumn} ${order} LIMIT ${parsed.limit} OFFSET ${parsed.start}`,
    list.params.values,
  );
  const n = await cappedTotal(parsed, rows.length, rows[0]?.capped_total, total === undefined ? limit : Infinity,
    async () => (await run<{ n: number }>(`SELECT ${count} AS n`, list.params.values))[0].n,
    async () => (await run<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) SELECT 1 ${body}`, list.params.values))[0]['QUERY PLAN']);
  // each row also carries capped_total (deleting it would make every row a slow dictionary object): callers map rows
  return [rows, n];
}

/**
 * The total of a list page (see getManyAndCountCapped): from the page itself when it ends the list, else the capped
 * count (carried by the page's rows, or counted when the page is past the end), else the planner's estimate.
 */
async function cappedTotal(
  parsed: Pick<ParsedList, 'start' | 'limit'>,
  length: number,
  carried: number | string | undefined,
  limit: number,
  count: () => Promise<number>,
  explain: () => Promise<unknown>,
): Promise<number> {
  if (length < parsed.limit && (length > 0 || parsed.start === 0)) return parsed.start + length;
  // a page past the end has no row to carry the count
  const n = carried !== undefined ? Number(carried) : await count();
  if (n <= limit) return n;
  const plan = (await explain()) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  const estimate = Math.round(Number(plan?.[0]?.Plan?.['Plan Rows']) || 0);
  return Math.max(estimate, limit + 1, parsed.start + length + (length === parsed.limit ? 1 : 0));
}

export async function fetchPage<T extends ObjectLiteral>(
  em: EntityManager,
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: ListSpec,
): Promise<Page<T>> {
  const parsed = parseListQuery(query, spec);
  applyListQuery(qb, parsed, spec);
  const [items, total] = await getManyAndCountCapped(em, qb, parsed);
  return new Page(spec.resource, items, parsed.start, total);
}

/**
 * Lists count exactly up to this many matching rows; beyond it the total in Content-Range is an estimate, so that a
 * manager's list across a large firm never counts the whole table (react-admin pages through an approximate total
 * the same way as through an exact one).
 */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * A list page (the builder already has its filters, sort and range) and its total for Content-Range:
 * - `count(*)` over at most EXACT_COUNT_LIMIT + 1 matching rows (a LIMIT-ed subquery), exact up to the limit, in the
 *   same statement as the page: the subquery does not depend on the page's rows, so PostgreSQL runs it once (an
 *   InitPlan) and the list costs one round trip;
 * - a page shorter than asked ends the list, so its total is known from the page itself;
 * - beyond the limit, the planner's row estimate for the same query (EXPLAIN, in the same transaction and scope), never
 *   less than EXACT_COUNT_LIMIT + 1 nor than the rows up to the end of this page, plus one when this page is full, so
 *   that an estimate below the real count never hides the next page.
 * Everything runs in the request's transaction, under its row-level security: `em` is that transaction's manager, the
 * one the builder was made from (the count and EXPLAIN run on it; a builder does not give its runner away).
 */
export async function getManyAndCountCapped<T extends ObjectLiteral>(
  em: EntityManager,
  qb: SelectQueryBuilder<T>,
  parsed: Pick<ParsedList, 'start' | 'limit'>,
  limit = EXACT_COUNT_LIMIT,
): Promise<[T[], number]> {
  const rows = qb.clone().orderBy().skip(undefined).take(undefined).offset(undefined).limit(undefined).select('1', 'one');
  // getQuery() keeps the named parameters, which the page's builder shares with its clone
  const { entities: items, raw } = await qb
    .clone()
    .addSelect(`(SELECT count(*)::int FROM (${rows.getQuery()} LIMIT ${limit + 1}) capped)`, 'capped_total')
    .getRawAndEntities<{ capped_total: number }>();
  if (!em.queryRunner) throw new Error('list count outside the request transaction');
  const total = await cappedTotal(parsed, items.length, raw[0]?.capped_total, limit,
    async () => {
      const [sql, params] = rows.getQueryAndParameters();
      return (await em.query(`SELECT count(*)::int AS n FROM (${sql} LIMIT ${limit + 1}) capped`, params))[0].n;
    },
    async () => {
      const [sql, params] = rows.getQueryAndParameters();
      return (await em.query(`EXPLAIN (FORMAT JSON) ${sql}`, params))[0]['QUERY PLAN'];
    });
  return [items, total];
}

/**
 * The calendar-date range filters of a list (`date_gte`, `date_lte`) as conditions on a `date` column: a calendar date
 * YYYY-MM-DD, or an instant (the admin sends date filters as instants), taken as its date in the firm's time zone. A
 * bad value is added to `errors` as `filter.<key>`.
 */
export function calendarDateRange<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, column: string, range: { date_gte?: unknown; date_lte?: unknown }, timeZone: string, errors: FieldError[],
): void {
  for (const [key, value, op] of [['date_gte', range.date_gte, '>='], ['date_lte', range.date_lte, '<=']] as const) {
    if (value === undefined || value === null || value === '') continue;
    let d: string | null = null;
    if (isCalendarDate(value)) d = value;
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) d = todayIn(timeZone, new Date(value));
    if (!d) errors.push({ field: `filter.${key}`, message: 'must be a date YYYY-MM-DD' });
    else qb.andWhere(`${column} ${op} :${key}::date`, { [key]: d });
  }
}
