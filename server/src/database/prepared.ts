import { createHash } from 'node:crypto';
import { Client, type QueryConfig } from 'pg';

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
    return (super.end as (...a: unknown[]) => unknown)(...args);
  }
}
