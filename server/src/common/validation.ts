import { applyDecorators, type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { badInput, FieldError } from './errors';

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

class ValidationAfterScope extends ValidationPipe {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      return new RefusedInput(error);
    }
  }
}

/** Unknown fields are refused (nobody sets firmId through a body); every problem is named by field. */
export const validationPipe = new ValidationAfterScope({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  exceptionFactory: (errors) => badInput(flatten(errors)),
});
