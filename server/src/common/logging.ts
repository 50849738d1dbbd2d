import type { LoggerService } from '@nestjs/common';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { Logger as DatabaseLogger } from 'typeorm';
import type { AppConfig } from '../config/config';

/**
 * Logs: structured JSON, one object a line (pretty when stdout is a terminal or LOG_FORMAT=pretty), from one pino logger
 * that Fastify (one line per answered request), Nest (`Logger`) and TypeORM (failed and slow queries) all write to.
 * Every line written while a request is served carries its request id (`reqId`, also the `x-request-id` header).
 *
 * What never reaches a log: request and response bodies (no route logs them), query strings (a list's `q` may be an
 * address), query parameters (password hashes and addresses are parameters of the users' and sign-in statements), the
 * values PostgreSQL quotes back in an error (`detail`, and the message of a data exception), and — should anything
 * log an object that holds them — authorization headers, cookies, passwords, tokens and secrets (redacted by path).
 */

/** LOG_LEVEL's names (Nest's) as pino's levels. */
export const PINO_LEVELS: Record<AppConfig['logLevel'], Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

const SECRET_KEYS = ['password', 'passwordHash', 'password_hash', 'token', 'accessToken', 'refreshToken', 'secret', 'jwtSecret', 'authorization', 'cookie'];

/** Paths pino censors in whatever object is logged (a key at the top, or one level down). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]),
  'parameters',
  '*.parameters',
  'body',
  '*.body',
];

/** The request's logger (its child of the root, with reqId) while a request is served. */
const requestLog = new AsyncLocalStorage<Logger>();
const RESOURCE = Symbol('logContext');

/** The logger to write with now: the request's, or the root. */
export function currentLog(root: Logger): Logger {
  return requestLog.getStore() ?? root;
}

/** A request as logged: method and path, never the query string nor headers or body. */
function requestForLog(req: { method?: string; url?: string; ip?: string }) {
  return { method: req.method, url: typeof req.url === 'string' ? req.url.split('?')[0] : undefined };
}

/** PostgreSQL's SQLSTATE classes whose message quotes the value given (data exceptions: `invalid input syntax … "x"`). */
const QUOTES_VALUES = /^22/;

/** An error as logged: its kind, message, stack and database code, never its parameters, query or detail. */
export function errorForLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { code?: unknown; constraint?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = code && QUOTES_VALUES.test(code) ? `(a data exception, SQLSTATE ${code})` : e.message;
  const stack = typeof e.stack === 'string' ? `${e.name}: ${message}${e.stack.slice(e.stack.indexOf('\n    at '))}` : undefined;
  return {
    type: e.name,
    message,
    ...(code ? { code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(stack && e.stack!.includes('\n    at ') ? { stack } : {}),
  };
}

export interface LogOptions {
  logLevel: AppConfig['logLevel'];
  /** null: pretty when stdout is a terminal, JSON otherwise */
  logFormat: AppConfig['logFormat'];
}

/** Whether logs are written for a person (LOG_FORMAT=pretty, or unset and stdout a terminal) rather than as JSON lines. */
export function prettyLogs(opts: LogOptions): boolean {
  return opts.logFormat === 'pretty' || (opts.logFormat === null && process.stdout.isTTY === true);
}

/** The root logger of the process: level from LOG_LEVEL, JSON or pretty, redaction and safe serializers. */
export function createLogger(opts: LogOptions | 'silent', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: opts === 'silent' ? 'silent' : PINO_LEVELS[opts.logLevel],
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: requestForLog,
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: errorForLog,
    },
  };
  if (destination) return pino(options, destination);
  if (opts === 'silent' || !prettyLogs(opts)) return pino(options, pino.destination({ dest: 1, sync: false }));
  // pino-pretty in this process (not a worker thread): development only
  const prettyStream = require('pino-pretty')({ colorize: process.stdout.isTTY === true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino(options, prettyStream);
}

let fallback: Logger | null = null;
/** For what runs without the app's logger (the command-line tools' database): warnings and errors, as JSON or pretty. */
export function defaultLogger(): Logger {
  fallback ??= createLogger({ logLevel: 'warn', logFormat: null });
  return fallback;
}

/** Fastify's request logging: one line when a request is answered (method, path, status, time), none when it arrives. */
export class RequestLogController extends LogController {
  incomingRequest(): void {}

  requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime * 100) / 100 };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/**
 * Fastify hooks that make the request's logger the current one for everything the request runs: from its arrival
 * (`onRequest`, added before any other, so that the reads answered from a hook have it too) and again once its body is
 * read (`preValidation`: the body arrives in the socket's callbacks, outside the context the request started in).
 */
export function logContextHooks(fastify: { addHook(name: string, hook: (req: any, reply: any, done: () => void) => void): unknown }) {
  fastify.addHook('onRequest', (req: FastifyRequest & { [RESOURCE]?: AsyncResource }, _reply, done) => {
    requestLog.run(req.log as Logger, () => {
      req[RESOURCE] = new AsyncResource('incident-desk-request');
      done();
    });
  });
  fastify.addHook('preValidation', (req: FastifyRequest & { [RESOURCE]?: AsyncResource }, _reply, done) => {
    const resource = req[RESOURCE];
    if (resource) resource.runInAsyncScope(done);
    else done();
  });
}

/** Nest's logger (`Logger` anywhere in the server) writing to pino: `log` is info; the context names the source. */
export class AppLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]) {
    const log = currentLog(this.root);
    if (!log.isLevelEnabled(level)) return;
    // Nest passes (message, context) — and for errors (message, stack, context)
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message instanceof Error) log[level]({ context, err: message }, errorForLog(message).message as string);
    else if (message && typeof message === 'object') log[level]({ context, ...message });
    else log[level]({ context }, String(message));
  }
}

/** The longest SQL text a log line carries. */
const SQL_MAX = 2000;

/**
 * TypeORM's logger (its public `Logger` interface, the `logger` option) writing to pino: a failed query is logged with
 * its SQL text, error code and constraint — never its parameters, nor PostgreSQL's detail, which quotes them. A failure
 * the client caused (integrity and data exceptions, answered 4xx) is a warning; anything else an error.
 */
export class QueryLogger implements DatabaseLogger {
  constructor(private readonly root: Logger) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    const err = typeof error === 'string' ? new Error(error) : error;
    const raw = (err as { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : undefined;
    const level = code && /^2[23]/.test(code) ? 'warn' : 'error';
    const safe = errorForLog(err);
    currentLog(this.root)[level](
      { sql: query.slice(0, SQL_MAX), code, constraint: safe.constraint, message: safe.message },
      'query failed',
    );
  }

  logQuerySlow(time: number, query: string): void {
    currentLog(this.root).warn({ sql: query.slice(0, SQL_MAX), ms: time }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.root.debug({ context: 'schema' }, message);
  }

  logMigration(message: string): void {
    this.root.info({ context: 'migrations' }, message);
  }

  /** TypeORM's own events, such as a pooled connection's error: the root logger's, as they belong to no request (a
   *  connection's callbacks run in the context of the request that happened to open it) */
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.root[level === 'warn' ? 'warn' : 'info']({ context: 'typeorm' }, String(message));
  }
}
