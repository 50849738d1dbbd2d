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
  private pendingBegin: { sql: string; settle: (row: Record<string, unknown> | null) => void } | null = null;

  /**
   * Starts a transaction with the next statement the connection sends, in the same message (a request whose scope is
   * already known: TenantDb.runAs). `sql` is the transaction's start and one statement whose first row is wanted;
   * the promise gives that row once it has run (null when it returned none or failed). The statement that follows
   * goes as `EXECUTE name(literals)` of its prepared statement when it has parameters, as itself when it has none;
   * one that cannot (not yet prepared on this connection, a value with no text form) waits behind the start sent
   * alone, as does anything sent by sendPendingBegin().
   */
  beginWithNext(sql: string): Promise<Record<string, unknown> | null> {
    if (this.pendingBegin) throw new Error('a transaction is already waiting to start');
    return new Promise((resolve) => {
      this.pendingBegin = { sql, settle: resolve };
    });
  }

  /** Sends a transaction start still waiting for a statement, on its own. */
  sendPendingBegin(): void {
    const b = this.pendingBegin;
    if (!b) return;
    this.pendingBegin = null;
    const commit = this.takeDeferredCommit();
    (super.query as (t: string) => Promise<{ rows: Record<string, unknown>[] }[]>)(`${commit}${b.sql}`).then(
      (results) => b.settle(results[results.length - 1].rows[0] ?? null),
      () => b.settle(null),
    );
  }

  /** The statement of query(text, values) with the pending start in front, as one simple query; null if it cannot be. */
  private withPendingBegin(args: unknown[]): Promise<unknown> | null {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2 || (values !== undefined && !Array.isArray(values)) || text.includes(';')) return null;
    let statement = text;
    if (values?.length) {
      const name = statementName(text);
      const parsed = (this as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements;
      if (parsed[name] !== text) return null;
      const literals = values.map(literal);
      if (literals.some((l) => l === null)) return null;
      statement = `EXECUTE ${escapeIdentifier(name)}(${literals.join(', ')})`;
    }
    const b = this.pendingBegin!;
    this.pendingBegin = null;
    const commit = this.takeDeferredCommit();
    // the results: COMMIT (when one was deferred), START TRANSACTION, the start's row, the statement
    const row = commit ? 2 : 1;
    return (super.query as (t: string) => Promise<{ rows: Record<string, unknown>[] }[]>)(`${commit}${b.sql}; ${statement}`).then(
      (results) => {
        b.settle(results[row].rows[0] ?? null);
        return results[row + 1];
      },
      (e: unknown) => {
        b.settle(null);
        throw e;
      },
    );
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

  // pg's query() has many overloads; only (text, values[]) is rewritten, everything else is passed on as it came
  query(...args: unknown[]): any {
    if (this.pendingBegin) {
      const combined = this.withPendingBegin(args);
      if (combined) return combined;
      this.sendPendingBegin();
    }
    this.commitDeferred();
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length <= 3) {
      const name = statementName(text);
      if (this.prepared.has(name) || this.prepared.size < PREPARED_PER_CONNECTION) {
        this.prepared.add(name);
        const config: QueryConfig = { name, text };
        return (super.query as (...a: unknown[]) => unknown)(config, ...args.slice(1));
      }
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }

  end(...args: unknown[]): any {
    deferred.delete(this);
    this.pendingBegin?.settle(null);
    this.pendingBegin = null;
    return (super.end as (...a: unknown[]) => unknown)(...args);
  }
}

/** A parameter as a SQL literal, as pg would send it as text in Bind (null: it has no text form, e.g. a Buffer). */
function literal(value: unknown): string | null {
  const text = prepareValue(value);
  if (text === null || text === undefined) return 'NULL';
  return typeof text === 'string' ? escapeLiteral(text) : null;
}
