import { createHash } from 'node:crypto';
import * as pg from 'pg';
import { Client, escapeIdentifier, escapeLiteral, type QueryConfig } from 'pg';

/** pg's own conversion of a parameter to the text it sends (pg.utils, untyped in @types/pg). */
const prepareValue = (pg as unknown as { utils: { prepareValue(v: unknown): unknown } }).utils.prepareValue;

/** At most this many statements are kept prepared on one connection; later ones are sent unnamed, as before. */
export const PREPARED_PER_CONNECTION = 200;

/** A read-only transaction whose COMMIT was deferred is committed by the sweep after at most about this long. */
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

/** Connections whose read-only transaction is still open (its COMMIT deferred), with the time it was deferred. */
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

/**
 * The `pg` client of the app's pool (TypeORM hands `extra.Client` to pg.Pool).
 *
 * Prepared statements: a statement with parameters is sent as a named prepared statement, so that PostgreSQL parses it
 * once per connection and, once its plan cache finds a generic plan as cheap as the custom ones, plans it once too.
 * Under row-level security planning is the dearest part of a short statement (incident show: 0.6 ms to bind and plan the
 * incident by id, 0.07 ms to run it; bench/RESULTS.md), and the policies stay correct in a generic plan: their settings
 * are read when the statement runs, not when it is planned. Statements without parameters (START TRANSACTION with the
 * scope, COMMIT, SET) go as before, and a connection keeps at most PREPARED_PER_CONNECTION of them, so that statements
 * whose text varies (`in ($1, …, $n)`) cannot fill the server's memory.
 *
 * Deferred commit: a round trip to PostgreSQL costs both processes more CPU than a short read itself (bench/RESULTS.md),
 * and a read-only transaction has nothing to commit. So a read-only request's transaction is not committed when the
 * request ends (deferCommit); its COMMIT goes with the next statement the connection sends — in the same message as the
 * next request's START TRANSACTION (takeDeferredCommit), or queued just before any other statement — or, when the
 * connection stays idle, from a sweep after DEFERRED_COMMIT_MS. Nothing runs in the old transaction: whatever the
 * connection sends next is preceded by its COMMIT, which also ends the old scope (set_config(..., true)). Until then
 * the idle connection holds that transaction's snapshot and its share locks for at most about DEFERRED_COMMIT_MS.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Set<string>();
  private pendingBegin: PendingBegin | null = null;

  /**
   * Starts a transaction with the next statements the connection sends, in the same message (a request whose scope is
   * already known: TenantDb.runAs). `sql` is the transaction's start and one statement whose first row is wanted;
   * the promise gives that row once it has run (null when it returned none or failed). The statements that follow in
   * the same turn of the event loop (a service asking for two things at once with Promise.all) go in that message too,
   * each as `EXECUTE name(literals)` of its prepared statement when it has parameters, as itself when it has none, so
   * that they cost one round trip. One that cannot (not yet prepared on this connection, a value with no text form,
   * other type parsers than the first's) sends the message as it is and follows it, as does anything sent by
   * sendPendingBegin(). Statements sent together fail together: when one fails, PostgreSQL runs none after it, and each
   * is answered with that error.
   */
  beginWithNext(sql: string): Promise<Record<string, unknown> | null> {
    if (this.pendingBegin) throw new Error('a transaction is already waiting to start');
    return new Promise((resolve) => {
      this.pendingBegin = { sql, settle: resolve, statements: [], types: undefined };
    });
  }

  /** Sends a transaction start still waiting, with the statements gathered behind it (at once, not at the turn's end). */
  sendPendingBegin(): void {
    const b = this.pendingBegin;
    if (!b) return;
    this.pendingBegin = null;
    const commit = this.takeDeferredCommit();
    // the results: COMMIT (when one was deferred), START TRANSACTION, the start's row, then each statement's
    const row = commit ? 2 : 1;
    const text = `${commit}${b.sql}${b.statements.map((x) => `; ${x.statement}`).join('')}`;
    (super.query as (c: QueryConfig) => Promise<{ rows: Record<string, unknown>[] }[]>)({ text, types: b.types } as QueryConfig).then(
      (results) => {
        b.settle(results[row].rows[0] ?? null);
        b.statements.forEach((x, k) => x.resolve(results[row + 1 + k]));
      },
      (e: unknown) => {
        b.settle(null);
        for (const x of b.statements) x.reject(e);
      },
    );
  }

  /**
   * query(text, values) gathered behind the pending start (see beginWithNext); null when it cannot be: the caller
   * sends the start first.
   */
  private withPendingBegin(args: unknown[], types: QueryConfig['types']): Promise<unknown> | null {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2 || (values !== undefined && !Array.isArray(values)) || text.includes(';')) return null;
    const b = this.pendingBegin!;
    if (b.statements.length && b.types !== types) return null;
    let statement = text;
    if (values?.length) {
      const name = statementName(text);
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
      if (parsed[name] !== text) return null;
      const literals = values.map(literal);
      if (literals.some((l) => l === null)) return null;
      statement = `EXECUTE ${escapeIdentifier(name)}(${literals.join(', ')})`;
    }
    b.types = types;
    // the first statement sends the message once the caller's synchronous code is done: what it asks for in the
    // same turn joins it
    if (!b.statements.length) queueMicrotask(() => (this.pendingBegin === b ? this.sendPendingBegin() : undefined));
    return new Promise((resolve, reject) => b.statements.push({ statement, resolve, reject }));
  }

  /** Marks the connection's read-only transaction as ended by the caller, its COMMIT still to be sent. */
  deferCommit(): void {
    deferred.set(this, Date.now());
    sweep ??= setInterval(sweepDeferred, DEFERRED_COMMIT_MS / 2).unref();
  }

  /** 'COMMIT; ' when a deferred COMMIT is due, for the caller to send in front of its own simple query; '' otherwise. */
  takeDeferredCommit(): string {
    return deferred.delete(this) ? 'COMMIT; ' : '';
  }

  /** Sends a deferred COMMIT now, ahead of anything queued after it. */
  commitDeferred(): void {
    if (deferred.delete(this)) (super.query as (...a: unknown[]) => Promise<unknown>)('COMMIT').catch(() => undefined);
  }

  // pg's query() has many overloads; only (text, values[]) and {text, values, types} are rewritten, everything else is
  // passed on as it came
  query(...args: unknown[]): any {
    let types: QueryConfig['types'];
    if (args.length === 1 && isTypedText(args[0])) {
      types = args[0].types;
      args = [args[0].text, args[0].values ?? []];
    }
    if (this.pendingBegin) {
      const combined = this.withPendingBegin(args, types);
      if (combined) return combined;
      this.sendPendingBegin();
    }
    this.commitDeferred();
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length <= 3) {
      const name = statementName(text);
      if (this.prepared.has(name) || this.prepared.size < PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        const config: QueryConfig = { name, text, types };
        return (super.query as (...a: unknown[]) => unknown)(config, ...args.slice(1));
      }
    }
    if (types) return (super.query as (c: QueryConfig) => unknown)({ text: text as string, values: values as unknown[], types });
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }

  end(...args: unknown[]): any {
    deferred.delete(this);
    const b = this.pendingBegin;
    this.pendingBegin = null;
    b?.settle(null);
    for (const x of b?.statements ?? []) x.reject(new Error('Connection ended before the statement was sent'));
    return (super.end as (...a: unknown[]) => unknown)(...args);
  }
}

/** A transaction start waiting for the statements to send with it (PreparingClient.beginWithNext). */
interface PendingBegin {
  sql: string;
  settle: (row: Record<string, unknown> | null) => void;
  statements: { statement: string; resolve: (result: unknown) => void; reject: (e: unknown) => void }[];
  /** the type parsers of the statements gathered (one set for the whole message) */
  types: QueryConfig['types'];
}

/** A query given as {text, values?, types} and nothing else (TenantDb.rows with its own type parsers). */
function isTypedText(c: unknown): c is { text: string; values?: unknown[]; types: QueryConfig['types'] } {
  if (!c || typeof c !== 'object') return false;
  const q = c as Record<string, unknown>;
  return typeof q.text === 'string' && !!q.types && (q.values === undefined || Array.isArray(q.values))
    && Object.keys(q).every((k) => k === 'text' || k === 'values' || k === 'types');
}

/** A parameter as a SQL literal, as pg would send it as text in Bind (null: it has no text form, e.g. a Buffer). */
function literal(value: unknown): string | null {
  const text = prepareValue(value);
  if (text === null || text === undefined) return 'NULL';
  return typeof text === 'string' ? escapeLiteral(text) : null;
}
