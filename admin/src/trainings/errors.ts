import { HttpError } from 'react-admin';

/** The server's field errors as react-hook-form paths ({field: message}), from an HttpError made by the dataProvider. */
export function fieldErrorsOf(error: unknown): Record<string, string> | null {
  if (!(error instanceof HttpError)) return null;
  const errors = (error.body as { errors?: unknown } | undefined)?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors) || !Object.keys(errors).length) return null;
  return errors as Record<string, string>;
}

/** The server's errors as a list ({field, message}), e.g. the bad lines of a CSV import. */
export function serverErrorsOf(error: unknown): { field: string; message: string }[] {
  if (!(error instanceof HttpError)) return [];
  const list = (error.body as { serverErrors?: unknown } | undefined)?.serverErrors;
  return Array.isArray(list) ? (list as { field: string; message: string }[]) : [];
}
