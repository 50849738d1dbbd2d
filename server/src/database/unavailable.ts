import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Whether an error means that the database cannot be reached or is going away — not that the statement or its
 * values were wrong. Such a request is answered 503 with Retry-After (common/exception.filter.ts), never 500: the
 * caller may try again once PostgreSQL is back (the embedded one is restarted by its supervisor, database/embedded.ts;
 * a pool on DATABASE_URL drops broken connections and opens new ones).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

/**
 * SQLSTATEs of a connection that failed or was ended by the server: class 08 (connection exception), 53300 (too many
 * connections), 57P01 admin shutdown (a fast shutdown or pg_terminate_backend), 57P02 crash shutdown (another backend
 * crashed), 57P03 cannot connect now (starting up, in recovery, shutting down).
 */
const SQLSTATES = new Set(['08000', '08001', '08003', '08004', '08006', '08007', '08P01', '53300', '57P01', '57P02', '57P03']);

/** Socket errors of a connection to PostgreSQL that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * The messages pg and pg-pool give without a code: the server went away mid-query, a client that broke is used, or no
 * connection could be had from the pool in connectionTimeoutMillis.
 */
const MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Connection ended before the statement was sent/,
  /^Cannot use a pool after calling end on the pool/,
];

function unavailable(error: unknown, depth: number): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  // TypeORM releases a request's query runner when its connection fails (the pg client's error event); the request's
  // next statement then meets the released runner. Nothing else releases it before the request ends.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SQLSTATES.has(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => m.test(e.message as string))) return true;
  // TypeORM's QueryFailedError keeps pg's error; a connection to "localhost" fails with an AggregateError of both addresses
  if (unavailable(e.driverError, depth + 1) || unavailable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => unavailable(x, depth + 1));
}
