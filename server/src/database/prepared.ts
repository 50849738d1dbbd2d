import { createHash } from 'node:crypto';
import { Client, defaults, escapeIdentifier, escapeLiteral, type QueryConfig, type QueryResult } from 'pg';

/** At most this many statements are kept prepared on one connection; later ones are sent unnamed, as before. */
export const PREPARED_PER_CONNECTION = 200;

/** A read-only transaction whose end (COMMIT or ROLLBACK) was deferred is ended by the sweep after at most about this long. */
export const DEFERRED_COMMIT_MS = 100;

/** Names already computed (hashing a 2 kB statement for every query showed up in the profile); bounded like the statements. */
const names = new Map<string, string>();

/** The name of a statement's text: the same text is the same prepared statement on every connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size < 10 * PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/** Connections whose read-only transaction is still open (its end deferred), with the time it was deferred. */
const deferred = new Map<PreparingClient, number>();
let sweep: NodeJS.Timeout | null = null;

function sweepDeferred() {
  const now = Date.now();
  for (const [client, since] of deferred) if (now - since >= DEFERRED_COMMIT_MS) client.commitDeferred();
  if (!deferred.size && sweep) {
    clearInterval(sweep);
    sweep = null;
  }
}

/** The statements TypeORM's query runner sends for a transaction (startTransaction, commitTransaction, rollbackTransaction). */
const START = 'START TRANSACTION';
const COMMIT = 'COMMIT';
const ROLLBACK = 'ROLLBACK';

type Types = QueryConfig['types'];
type Result = QueryResult<Record<string, unknown>>;

/** What PostgreSQL answers to a transaction statement that this client answered itself (see PreparingClient). */
function answered(command: string): Result {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/**
 * The `pg` client of the app's pool (pg.Pool's documented `Client` option, which TypeORM passes on from `extra`). It
 * decides how the statements given to it through pg's public `query()` travel to PostgreSQL; what it is given, and what
 * it answers, stay as pg's.
 *
 * One statement at a time: a statement asked for while another is on the wire waits here, in order, and is sent when
 * the one before it has been answered — nothing is ever handed to pg while pg is still executing a query (pg queues
 * such a statement itself, with a deprecation warning, and will refuse it from pg 9).
 *
 * Prepared statements: a statement with parameters is sent as a named prepared statement, so that PostgreSQL parses it
 * once per connection and, once its plan cache finds a generic plan as cheap as the custom ones, plans it once too.
 * Under row-level security planning is the dearest part of a short statement (bench/notes.md), and the policies stay
 * correct in a generic plan: their settings are read when the statement runs, not when it is planned. Statements without
 * parameters go as they are, and a connection keeps at most PREPARED_PER_CONNECTION of them, so that statements whose
 * text varies (`in ($1, …, $n)`) cannot fill the server's memory. The client keeps its own list of the statements it
 * has seen prepared (after a statement's first success), for the `EXECUTE`s below.
 *
 * A transaction's start travels with its first statement: the `START TRANSACTION` a query runner sends is answered at
 * once and sent in front of the next statement, in one simple query with it when it can go as text (a statement without
 * parameters, or `EXECUTE name(literals)` of one prepared on this connection), else just before it. A transaction with
 * no statement is never sent at all. nextTransaction() makes the next start `READ ONLY`.
 *
 * Deferred commit: a round trip to PostgreSQL costs both processes more CPU than a short read itself (bench/notes.md),
 * and a read-only transaction has nothing to commit. So the COMMIT — or the ROLLBACK, when a read failed (a 404) — of
 * a read-only transaction is answered at once and sent in front of the connection's next message — with the next
 * transaction's start, usually — or, when the connection stays idle, from a sweep after DEFERRED_COMMIT_MS. Nothing
 * runs in the old transaction: whatever the connection sends next is preceded by its end, which also ends the old
 * scope (SET LOCAL). Until then the idle connection holds that transaction's snapshot and its share locks
 * for at most about DEFERRED_COMMIT_MS.
 */
export class PreparingClient extends Client {
  /** statement names sent for preparing (pg parses a name once per connection) */
  private readonly named = new Set<string>();
  /** statement names this connection has seen succeed, so prepared in PostgreSQL's session */
  private readonly prepared = new Set<string>();
  /** the start of the open transaction, not yet sent (see the class) */
  private heldStart: string | null = null;
  /** the next transaction is read-only; the open one is */
  private nextReadOnly = false;
  private readOnly = false;
  private pendingBegin: PendingBegin | null = null;
  /** how the read-only transaction whose end is deferred ends */
  private deferredEnd: typeof COMMIT | typeof ROLLBACK = COMMIT;
  /** a statement is on the wire; the next ones wait in `waiting`, in order */
  private busy = false;
  private readonly waiting: (() => void)[] = [];

  /** The next transaction (the next `START TRANSACTION`) is read-only, and its COMMIT deferred (see the class). */
  nextTransaction(opts: { readOnly: boolean }): void {
    this.nextReadOnly = opts.readOnly;
  }

  /**
   * Sends `sql` — one statement whose first row is wanted, or a transaction start and such a statement — in front of
   * the next statements the connection is asked for, in the same message (a request whose scope is already known:
   * TenantDb.runAs), after a start still held and a deferred COMMIT. The promise gives that row once it has run (null
   * when it returned none or failed). The statements that follow in the same turn of the event loop (a service asking
   * for two things at once with Promise.all) go in that message too, each as `EXECUTE name(literals)` of its prepared
   * statement when it has parameters, as itself when it has none, so that they cost one round trip. One that cannot (not
   * yet prepared on this connection, a value with no text form here, other type parsers than the first's) sends the
   * message as it is and follows it, as does anything sent by sendPendingBegin(). Statements sent together fail
   * together: when one fails, PostgreSQL runs none after it, and each is answered with that error.
   */
  beginWithNext(sql: string): Promise<Record<string, unknown> | null> {
    if (this.pendingBegin) throw new Error('a transaction is already waiting to start');
    return new Promise((resolve) => {
      this.pendingBegin = { sql, settle: resolve, statements: [], types: undefined };
    });
  }

  /** Sends a start still waiting (beginWithNext), with the statements gathered behind it (at once, not at the turn's end). */
  sendPendingBegin(): void {
    const b = this.pendingBegin;
    if (!b) return;
    this.pendingBegin = null;
    const text = `${this.takePrefix()}${b.sql}${b.statements.map((x) => `; ${x.statement}`).join('')}`;
    this.send(() => this.simple(text, b.types)).then(
      (results) => {
        // the results: the prefix's, the start's row, then each statement's
        const first = results.length - 1 - b.statements.length;
        b.settle(results[first].rows[0] ?? null);
        b.statements.forEach((x, k) => x.resolve(results[first + 1 + k]));
      },
      (e: unknown) => {
        b.settle(null);
        for (const x of b.statements) x.reject(e);
      },
    );
  }

  /** Marks the connection's read-only transaction as ended by the caller, its COMMIT (or ROLLBACK) still to be sent. */
  deferCommit(end: typeof COMMIT | typeof ROLLBACK = COMMIT): void {
    this.deferredEnd = end;
    deferred.set(this, Date.now());
    sweep ??= setInterval(sweepDeferred, DEFERRED_COMMIT_MS / 2).unref();
  }

  /** 'COMMIT; ' (or 'ROLLBACK; ') when a deferred end is due, for the caller to send in front of its own simple query; '' otherwise. */
  takeDeferredCommit(): string {
    return deferred.delete(this) ? `${this.deferredEnd}; ` : '';
  }

  /** Sends a deferred end now, ahead of anything asked for after it. */
  commitDeferred(): void {
    const end = this.deferredEnd;
    if (deferred.delete(this)) this.send(() => this.simple(end, undefined)).catch(() => undefined);
  }

  // pg's query() has many overloads: (text, values?, callback?) and a config {text, values?, types?, name?, rowMode?}
  // are routed here; a submittable (a Query object, a cursor) is sent as it came, in its turn
  query(...args: unknown[]): any {
    const q = statementOf(args);
    if (!q) return this.sendSubmittable(args);
    const result = this.route(q);
    if (!q.callback) return result;
    result.then((r) => q.callback!(null, r), (e: Error) => q.callback!(e));
    return undefined;
  }

  end(...args: unknown[]): any {
    deferred.delete(this);
    const b = this.pendingBegin;
    this.pendingBegin = null;
    b?.settle(null);
    for (const x of b?.statements ?? []) x.reject(new Error('Connection ended before the statement was sent'));
    return (super.end as (...a: unknown[]) => unknown)(...args);
  }

  private route(q: Statement): Promise<unknown> {
    const bare = !q.values?.length && !q.config;
    if (bare && q.text === START && !this.heldStart && !this.pendingBegin) {
      this.heldStart = this.nextReadOnly ? `${START} READ ONLY` : START;
      this.readOnly = this.nextReadOnly;
      this.nextReadOnly = false;
      return Promise.resolve(answered('BEGIN'));
    }
    if (bare && (q.text === COMMIT || q.text === ROLLBACK)) {
      const readOnly = this.readOnly;
      this.readOnly = false;
      // a transaction that never reached PostgreSQL ends here
      if (this.heldStart && !this.pendingBegin) {
        this.heldStart = null;
        return Promise.resolve(answered(q.text));
      }
      this.sendPendingBegin();
      if (readOnly) {
        this.deferCommit(q.text);
        return Promise.resolve(answered(q.text));
      }
    }
    if (this.pendingBegin) {
      const joined = this.withPendingBegin(q);
      if (joined) return joined;
      this.sendPendingBegin();
    }
    const prefix = this.takePrefix();
    if (prefix) {
      const inline = this.asText(q);
      if (inline !== null) {
        return this.send(() => this.simple(prefix + inline, q.types)).then((results) => {
          // the prefix's results are this client's business; the caller gets what it asked for
          const own = results.slice(prefix.split('; ').length - 1);
          return own.length === 1 ? own[0] : own;
        });
      }
      // the prefix first, on its own; the statement follows it only if it went through
      const before = this.send(() => this.simple(prefix.slice(0, -2), undefined));
      before.catch(() => undefined);
      return this.send(() => before.then(() => this.statement(q)));
    }
    return this.send(() => this.statement(q));
  }

  /** The deferred COMMIT and the held start, as `...; ` to go in front of a simple query ('' when there are none). */
  private takePrefix(): string {
    const start = this.heldStart;
    this.heldStart = null;
    return `${this.takeDeferredCommit()}${start ? `${start}; ` : ''}`;
  }

  /** A statement sent by pg: with parameters, as a prepared statement of this connection (see the class). */
  private statement(q: Statement): Promise<unknown> {
    const call = super.query as (config: QueryConfig) => Promise<unknown>;
    if (q.config) return call.call(this, q.config);
    if (!q.values?.length) return call.call(this, { text: q.text, types: q.types });
    const name = statementName(q.text);
    if (!this.named.has(name) && this.named.size >= PREPARED_PER_CONNECTION) return call.call(this, { text: q.text, values: q.values, types: q.types });
    this.named.add(name);
    return call.call(this, { name, text: q.text, values: q.values, types: q.types }).then((r) => {
      this.prepared.add(name);
      return r;
    });
  }

  /** A simple query (no parameters; several statements allowed), its results always as a list. */
  private async simple(text: string, types: Types): Promise<Result[]> {
    const r = await (super.query as (config: QueryConfig) => Promise<Result | Result[]>).call(this, { text, types });
    return Array.isArray(r) ? r : [r];
  }

  /** A submittable (pg's Query, a cursor) goes as it came, in its turn; its turn ends with its 'end' or 'error'. */
  private sendSubmittable(args: unknown[]): unknown {
    const submittable = args[0] as { once?: (event: string, fn: () => void) => void };
    let out: unknown;
    const sent = this.send(
      () =>
        new Promise<void>((done) => {
          submittable.once?.('end', done);
          submittable.once?.('error', done);
          out = (super.query as (...a: unknown[]) => unknown).apply(this, args);
          if (!submittable.once) done();
        }),
    );
    void sent;
    return out ?? args[0];
  }

  /** Runs `fn` (one message to PostgreSQL) when nothing else is on the wire, in the order asked. */
  private send<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.busy) {
      this.busy = true;
      return this.sending(fn);
    }
    return new Promise<T>((resolve, reject) => this.waiting.push(() => this.sending(fn).then(resolve, reject)));
  }

  private sending<T>(fn: () => Promise<T>): Promise<T> {
    let p: Promise<T>;
    try {
      p = fn();
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(this.next, this.next);
    return p;
  }

  /** The statement on the wire is answered: the next one waiting goes (the connection stays busy), or none is busy. */
  private readonly next = () => {
    const waiting = this.waiting.shift();
    if (waiting) waiting();
    else this.busy = false;
  };

  /**
   * A statement gathered behind the pending start (see beginWithNext); null when it cannot be: the caller sends the
   * start first.
   */
  private withPendingBegin(q: Statement): Promise<unknown> | null {
    const b = this.pendingBegin!;
    if (b.statements.length && b.types !== q.types) return null;
    const statement = this.asText(q);
    if (statement === null) return null;
    b.types = q.types;
    // the first statement sends the message once the caller's synchronous code is done: what it asks for in the
    // same turn joins it
    if (!b.statements.length) queueMicrotask(() => (this.pendingBegin === b ? this.sendPendingBegin() : undefined));
    return new Promise((resolve, reject) => b.statements.push({ statement, resolve, reject }));
  }

  /**
   * The statement as the text of a simple query: as it is when it has no parameters, `EXECUTE name(literals)` when it
   * has and this connection has prepared it; null otherwise (or when a value has no text form here, see literal()).
   */
  private asText(q: Statement): string | null {
    if (q.config) return null;
    // (a statement with parameters is one statement: the extended protocol takes no more)
    if (!q.values?.length) return q.text.includes(';') ? null : q.text;
    const name = statementName(q.text);
    if (!this.prepared.has(name)) return null;
    const literals: string[] = [];
    for (const v of q.values) {
      const l = literal(v);
      if (l === null) return null;
      literals.push(l);
    }
    return `EXECUTE ${escapeIdentifier(name)}(${literals.join(', ')})`;
  }
}

/** A transaction start waiting for the statements to send with it (PreparingClient.beginWithNext). */
interface PendingBegin {
  sql: string;
  settle: (row: Record<string, unknown> | null) => void;
  statements: { statement: string; resolve: (result: unknown) => void; reject: (e: unknown) => void }[];
  /** the type parsers of the statements gathered (one set for the whole message) */
  types: Types;
}

/** A statement as query() was given it: text and values (and type parsers), or a config this client passes on unchanged. */
interface Statement {
  text: string;
  values?: unknown[];
  types?: Types;
  /** a config with more than text, values and types (a name, rowMode…): sent as it came, in its turn */
  config?: QueryConfig;
  callback?: (err: Error | null, result?: unknown) => void;
}

function statementOf(args: unknown[]): Statement | null {
  const [first, second, third] = args;
  const callback = [second, third].find((a) => typeof a === 'function') as Statement['callback'];
  const values = Array.isArray(second) ? (second as unknown[]) : undefined;
  if (typeof first === 'string') return { text: first, values, callback };
  if (!first || typeof first !== 'object' || typeof (first as { submit?: unknown }).submit === 'function') return null;
  const c = first as QueryConfig & { callback?: Statement['callback'] };
  if (typeof c.text !== 'string') return null;
  const plain = Object.keys(c).every((k) => k === 'text' || k === 'values' || k === 'types');
  const v = values ?? c.values;
  if (plain) return { text: c.text, values: v, types: c.types, callback };
  return { text: c.text, values: v, types: c.types, config: values ? { ...c, values } : c, callback };
}

/**
 * A parameter as a SQL literal holding the text pg would send for it in Bind (null: not written here — a Buffer, an
 * object with toPostgres, a date out of range — and the statement goes on its own).
 */
function literal(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  const text = paramText(value);
  return text === null ? null : escapeLiteral(text);
}

/** pg's text form of a parameter (pg/lib/utils.js prepareValue) for the kinds of value written here; null for others. */
function paramText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'object':
      if (value instanceof Date) return dateText(value);
      if (Array.isArray(value)) return arrayText(value);
      if (value === null || ArrayBuffer.isView(value) || typeof (value as { toPostgres?: unknown }).toPostgres === 'function') return null;
      return JSON.stringify(value);
    default:
      return null;
  }
}

/** An array as pg writes it: `{"a","b",NULL}`, nested arrays as nested braces. */
function arrayText(values: unknown[]): string | null {
  const parts: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) parts.push('NULL');
    else if (Array.isArray(v)) {
      const inner = arrayText(v);
      if (inner === null) return null;
      parts.push(inner);
    } else {
      const text = typeof v === 'object' && !(v instanceof Date) ? null : paramText(v);
      if (text === null) return null;
      parts.push(`"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    }
  }
  return `{${parts.join(',')}}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date as pg writes it: local time with its offset, or UTC when pg.defaults.parseInputDatesAsUTC; years 1–9999 only. */
function dateText(d: Date): string | null {
  const utc = !!defaults.parseInputDatesAsUTC;
  const year = utc ? d.getUTCFullYear() : d.getFullYear();
  if (Number.isNaN(d.getTime()) || year < 1 || year > 9999) return null;
  const [month, day, h, m, s, ms] = utc
    ? [d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  const base = `${pad(year, 4)}-${pad(month + 1)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms, 3)}`;
  if (utc) return `${base}+00:00`;
  const offset = -d.getTimezoneOffset();
  const abs = Math.abs(offset);
  return `${base}${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
