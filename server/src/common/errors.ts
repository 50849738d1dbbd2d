import { HttpException, HttpStatus } from '@nestjs/common';

/** Stable error codes the admin can translate. */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_credentials'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'unfilled_placeholders'
  | 'too_many_attempts'
  | 'firm_required'
  | 'mfa_required'
  | 'mfa_setup_required'
  | 'invalid_mfa_code'
  | 'mfa_already_enabled'
  | 'mfa_not_set_up'
  | 'mfa_not_enabled'
  | 'payload_too_large'
  | 'database_unavailable'
  | 'internal_error';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super({ statusCode: status, code, message, ...(errors ? { errors } : {}), ...(extra ?? {}) }, status);
  }
}

export const badInput = (errors: FieldError[]) =>
  new AppError(HttpStatus.BAD_REQUEST, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
export const fieldError = (field: string, message: string) => badInput([{ field, message }]);
/** Denied and missing look the same. */
export const notFound = (what = 'record') => new AppError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`);
export const forbidden = () => new AppError(HttpStatus.FORBIDDEN, 'forbidden', 'not allowed for your role');
/** Seconds a client is asked to wait (Retry-After) when the database is away: the embedded one restarts within a few. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
/** The database cannot be reached or is restarting: 503, never 500 (common/exception.filter.ts adds Retry-After). */
export const databaseUnavailable = () =>
  new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'database_unavailable', 'the database is unavailable; try again shortly');
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new AppError(HttpStatus.CONFLICT, 'conflict', message, undefined, extra);
