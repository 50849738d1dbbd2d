import { createHash } from 'node:crypto';
import { Client, type QueryConfig } from 'pg';

/** At most this many statements are kept prepared on one connection; later ones are sent unnamed, as before. */
export const PREPARED_PER_CONNECTION = 200;

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

/**
 * The `pg` client of the app's pool (TypeORM hands `extra.Client` to pg.Pool). A statement with parameters is sent
 * as a named prepared statement, so that PostgreSQL parses it once per connection and, once its plan cache finds a
 * generic plan as cheap as the custom ones, plans it once too. Under row-level security planning is the dearest part
 * of a short statement (incident show: 0.6 ms to bind and plan the incident by id, 0.07 ms to run it; bench/RESULTS.md),
 * and the policies stay correct in a generic plan: their settings are read when the statement runs, not when it is
 * planned. Statements without parameters (START TRANSACTION with the scope, COMMIT, SET) go as before, and a
 * connection keeps at most PREPARED_PER_CONNECTION of them, so that statements whose text varies (`in ($1, …, $n)`)
 * cannot fill the server's memory.
 */
export class PreparingClient extends Client {
  private readonly prepared = new Set<string>();

  // pg's query() has many overloads; only (text, values[]) is rewritten, everything else is passed on as it came
  query(...args: unknown[]): any {
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
}
