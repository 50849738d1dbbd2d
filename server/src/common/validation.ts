import { applyDecorators, type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { canonicalJson } from './canonical-json';
import { AppError, badInput, FieldError } from './errors';

/**
 * The two kinds of optional field, and the only ones DTOs use (class-validator's IsOptional is not used elsewhere:
 * `common/validation.spec.ts` checks it). class-validator's IsOptional() skips a field's validators for null as for a
 * missing field, so `{"name": null}` reached the services and the NOT NULL columns (a 500):
 * - `@OptionalNotNull()`: may be left out; when given, null included, it meets its validators (null: 400 naming it);
 * - `@Nullable()`: may be left out or set to null, which means "none" (a nullable column: a lead, a client of a user).
 */
export const OptionalNotNull = () =>
  applyDecorators(ValidateIf((_o, value) => value !== undefined), IsDefined({ message: '$property must not be null' }));
export const Nullable = () => IsOptional();

/**
 * A list of at most `max` objects of a class, each validated. ValidateNested alone takes a list for an object (an item
 * `[]` has no fields to fail), so `{"team": [[]]}` was stored and `{"participants": [[]]}` answered 500: each item must
 * be an object.
 */
export const ListOf = (type: () => new () => object, max: number) =>
  applyDecorators(IsArray(), ArrayMaxSize(max), IsObject({ each: true }), ValidateNested({ each: true }), Type(type));

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ field, message });
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/**
 * An input the validation pipe refused, handed to the route in its place: @TenantController throws its error once the
 * request's user is found in scope, so that a deactivated user or an ended session is answered 401 before any 400 for
 * what they sent (the order it had when the request's transaction was an interceptor, which Nest runs before pipes).
 */
export class RefusedInput {
  constructor(readonly error: unknown) {}
}

/**
 * An update's body with fields its DTO does not take (`id`, `reference`, `grade`, `createdAt`, computed fields…), as
 * react-admin sends a record back whole (ra-data-simple-rest: the PUT body is the record GET returned). The pipe sets
 * them aside and validates the rest; the route (`@TenantController`, a PUT beside a GET of the same path) then reads
 * the record as GET answers it, in the request's transaction, and `against()` decides: a field the record has with
 * the same value is dropped, with another value it is refused (400: the server sets it), and a field the record does
 * not have stays unknown (400, as before). Any other route answers the pipe's error as it was (a RefusedInput).
 */
export class RecordAsRead extends RefusedInput {
  constructor(
    error: unknown,
    private readonly extra: { field: string; path: string[]; value: unknown; message: string }[],
    /** the body without those fields, validated: the DTO, or what the pipe refused in it */
    private readonly rest: unknown,
  ) {
    super(error);
  }

  /** The DTO once every field set aside is found unchanged in the record as GET answers it; else 400 naming each. */
  against(record: unknown): unknown {
    const read = JSON.parse(JSON.stringify(record ?? null)) as unknown;
    const errors: FieldError[] = this.rest instanceof RefusedInput ? [...fieldErrorsOf(this.rest.error)] : [];
    for (const x of this.extra) {
      const current = valueAt(read, x.path);
      if (current === undefined) errors.push({ field: x.field, message: x.message });
      else if (canonicalJson(current) !== canonicalJson(x.value)) errors.push({ field: x.field, message: `${x.field} is set by the server and cannot be changed` });
    }
    if (errors.length) throw badInput(errors);
    return this.rest;
  }
}

const fieldErrorsOf = (error: unknown): FieldError[] => (error instanceof AppError && error.errors) || [];

function valueAt(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}


/** The fields class-validator refused as unknown (its whitelist), each with its path in the body. */
function unknownFields(errors: ValidationError[], parent: string[] = []): { path: string[]; message: string }[] {
  return errors.flatMap((e) => {
    const path = [...parent, e.property];
    const own = e.constraints?.whitelistValidation;
    return [...(own ? [{ path, message: own }] : []), ...unknownFields(e.children ?? [], path)];
  });
}

const fieldName = (path: string[]) => path.reduce((out, k) => (/^\d+$/.test(k) ? `${out}[${k}]` : out ? `${out}.${k}` : k), '');

/** The raw errors behind a refusal of the pipe, for the fields it refused as unknown. */
const refusedUnknown = new WeakMap<object, { path: string[]; message: string }[]>();

class ValidationAfterScope extends ValidationPipe {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const unknown = metadata.type === 'body' && error instanceof Object ? refusedUnknown.get(error) : undefined;
      if (!unknown?.length) return new RefusedInput(error);
      // validate the body without the fields set aside (a copy: the body itself stays as sent)
      const rest = structuredClone(value) as Record<string, unknown>;
      for (const { path } of unknown) {
        const owner = valueAt(rest, path.slice(0, -1));
        if (owner && typeof owner === 'object') delete (owner as Record<string, unknown>)[path[path.length - 1]];
      }
      let dto: unknown;
      try {
        dto = await super.transform(rest, metadata);
      } catch (restError) {
        dto = new RefusedInput(restError);
      }
      const extra = unknown.map((u) => ({ ...u, field: fieldName(u.path), value: valueAt(value, u.path) }));
      return new RecordAsRead(error, extra, dto);
    }
  }
}

/** Unknown fields are refused (nobody sets firmId through a body); every problem is named by field. */
export const validationPipe = new ValidationAfterScope({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => {
    const error = badInput(flatten(errors));
    refusedUnknown.set(error, unknownFields(errors));
    return error;
  },
});
