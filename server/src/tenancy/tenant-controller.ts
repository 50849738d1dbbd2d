import { Controller, Req, Res } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { copyMethodMetadata } from 'nestjs-cls';
import { pageBody } from '../common/page-body';
import { RefusedInput } from '../common/validation';
import { FROM_REPLICA, READ_WRITE } from './read-write.decorator';
import type { TokenUser } from '../auth/jwt.strategy';
import type { RequestMeta } from './scope';

export function requestMeta(req: FastifyRequest & { user?: TokenUser }): RequestMeta {
  const agent = req.headers['user-agent'];
  return { requestId: String(req.id ?? ''), ip: req.ip ?? null, userAgent: typeof agent === 'string' ? agent : null, sessionId: req.user?.sessionId };
}

/**
 * How an authenticated request enters its user's scope: set on the request by the global guard (JwtAuthGuard), which
 * has verified the token; runs a handler in the user's transaction (TenantDb.runAs).
 */
export const ENTER_SCOPE = Symbol('enterScope');
export type EnterScope = <T>(handler: () => Promise<T>, readOnly: boolean, replica: boolean) => Promise<T>;
export type ScopedRequest = FastifyRequest & { [ENTER_SCOPE]?: EnterScope };

/** Marks a route handler wrapped by @TenantController (the global guard refuses to run one that is not). */
export const TENANT_ROUTE = Symbol('tenantRoute');

/**
 * `@TenantController('incidents')`: Nest's `@Controller('incidents')`, whose every route handler runs in the request's
 * transaction, scoped to its user (TenantDb.runAs); a @Public() route's handler runs as it is. Either way a handler's
 * Page result becomes the JSON array and Content-Range header of ra-data-simple-rest (pageBody), and an input the
 * validation pipe refused is answered 400 only then, once the user is found in scope (RefusedInput).
 *
 * The transaction wraps the handler itself, not Nest's route: an interceptor would do the same, but any interceptor on
 * a route makes Nest run its rxjs chain around every request (measured: about 25 µs of CPU per request, a third of
 * Nest's own cost; bench/notes.md). Each route method is replaced by a wrapper that carries the same metadata (route,
 * parameters, OpenAPI) and takes two more arguments, the request and the reply (Nest's own @Req() and
 * @Res({ passthrough: true }): Nest still sends the reply); the method itself gets exactly its own arguments. GET and
 * HEAD run read-only (PostgreSQL refuses a write) unless the route is marked @ReadWrite(); a GET marked @FromReplica()
 * runs on the read-only copy of REPORT_DATABASE_URL when there is one.
 */
export function TenantController(prefix: string): ClassDecorator {
  const controller = Controller(prefix);
  return (target) => {
    const proto = target.prototype as object;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const original = descriptor?.value;
      if (key === 'constructor' || typeof original !== 'function' || Reflect.getMetadata(METHOD_METADATA, original) === undefined) continue;
      Object.defineProperty(proto, key, { ...descriptor, value: tenantRoute(target, key, original as (...a: unknown[]) => unknown) });
    }
    controller(target);
  };
}

function tenantRoute(target: Function, key: string, original: (...a: unknown[]) => unknown) {
  const proto = target.prototype as object;
  // the request and the reply come after the method's own parameters
  const own = Math.max(original.length, (Reflect.getMetadata('design:paramtypes', proto, key) as unknown[] | undefined)?.length ?? 0);
  let readWrite: boolean | undefined;
  let replica: boolean | undefined;
  const route = function (this: unknown, ...args: unknown[]) {
    const req = args[own] as ScopedRequest;
    const reply = args[own + 1] as FastifyReply;
    args.length = own;
    // what the validation pipe refused is answered once the user is known (common/validation.ts: RefusedInput)
    const handler = async () => {
      for (const a of args) if (a instanceof RefusedInput) throw a.error;
      return pageBody(await original.apply(this, args), reply);
    };
    const enter = req[ENTER_SCOPE];
    if (!enter) return handler();
    // read once: a class decorator such as @ReadWrite() on the controller runs after this one
    readWrite ??= !!(Reflect.getMetadata(READ_WRITE, original) ?? Reflect.getMetadata(READ_WRITE, target));
    replica ??= !!Reflect.getMetadata(FROM_REPLICA, original);
    const read = req.method === 'GET' || req.method === 'HEAD';
    return enter(handler, read && !readWrite, read && replica);
  };
  copyMethodMetadata(original, route);
  Object.defineProperty(route, 'name', { value: original.name });
  Object.defineProperty(route, TENANT_ROUTE, { value: true });
  Req()(proto, key, own);
  Res({ passthrough: true })(proto, key, own + 1);
  return route;
}
