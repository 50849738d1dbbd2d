import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '../database/unavailable';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable } from './errors';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'too_many_attempts',
};

/** One shape for every error: {statusCode, code, message, errors?}. Database errors never surface as 500s
 *  when they are the caller's fault, nor when the database is away: that is 503 with Retry-After, from here alone. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = this.toResponse(exception);
    if (status === 503) {
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      this.logUnavailable(exception);
    // the error itself: the logger keeps its kind, message, code and stack, never a failed query's parameters
    } else if (status >= 500) this.log.error(exception instanceof Error ? exception : String(exception));
    // a refusal that says when to come back (429) says it in the standard header too
    if (typeof body.retryAfterSeconds === 'number') reply.header('retry-after', String(body.retryAfterSeconds));
    reply.status(status).send(body);
  }

  /** One line per few seconds while the database is away, not one per request. */
  private logUnavailable(exception: unknown) {
    const now = Date.now();
    this.unavailableSince++;
    if (now - this.unavailableLoggedAt < 5000) return;
    const more = this.unavailableSince > 1 ? ` (${this.unavailableSince} requests answered 503 since the last line)` : '';
    this.log.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}${more}`);
    this.unavailableLoggedAt = now;
    this.unavailableSince = 0;
  }

  private unavailableLoggedAt = 0;
  private unavailableSince = 0;

  toResponse(exception: unknown): { status: number; body: Record<string, unknown> } {
    // a refused, cut or shut-down connection, whatever wrapped it: the caller may retry once PostgreSQL is back
    if (isDatabaseUnavailable(exception)) exception = databaseUnavailable();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res && 'code' in res) return { status, body: res as Record<string, unknown> };
      const message = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? exception.message);
      return {
        status,
        body: { statusCode: status, code: CODE_BY_STATUS[status] ?? 'error', message: Array.isArray(message) ? message.join('; ') : message },
      };
    }
    if (exception instanceof QueryFailedError) {
      const e = exception as QueryFailedError & { code?: string; constraint?: string; detail?: string; column?: string };
      switch (e.code) {
        case '23505':
          return this.body(HttpStatus.CONFLICT, 'conflict', 'a record with the same value already exists', e.constraint);
        case '23503':
          return this.body(HttpStatus.BAD_REQUEST, 'validation_failed', 'a referenced record does not exist', e.constraint);
        case '23514':
        case '23502':
        case '22P02':
        case '22007':
        case '22008':
        case '22003':
        case '22001':
          return this.body(HttpStatus.BAD_REQUEST, 'validation_failed', 'invalid value', e.constraint ?? e.column);
        case '42501': // row-level security refused the row: it is outside the caller's scope
          return this.body(HttpStatus.NOT_FOUND, 'not_found', 'record not found');
      }
    }
    const fastifyCode = (exception as { code?: string })?.code;
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' || fastifyCode === 'FST_REQ_FILE_TOO_LARGE') {
      return this.body(HttpStatus.PAYLOAD_TOO_LARGE, 'payload_too_large', 'the request body is too large');
    }
    if (fastifyCode?.startsWith('FST_ERR_CTP') || (exception as { statusCode?: number })?.statusCode === 400) {
      return this.body(HttpStatus.BAD_REQUEST, 'validation_failed', (exception as Error).message);
    }
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', 'internal error');
  }

  private body(status: number, code: string, message: string, field?: string) {
    return {
      status,
      body: { statusCode: status, code, message, ...(field ? { errors: [{ field, message }] } : {}) },
    };
  }
}
