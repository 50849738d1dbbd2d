import { Controller, Req, RequestMethod, Res } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { copyMethodMetadata } from 'nestjs-cls';
import { pageBody } from '../common/page-body';
import { RecordAsRead, RefusedInput } from '../common/validation';
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
 *
 * A PUT accepts the record as GET returned it (common/validation.ts: RecordAsRead): when its body carries fields the
 * update does not take, the GET route of the same path on the same controller (`get(id)` beside `update(id, dto)`,
 * `get()` beside `put(dto)`) is read in the PUT's transaction, with the path's parameters, and those fields must be
 * unchanged in it.
 */
export function TenantController(prefix: string): ClassDecorator {
  const controller = Controller(prefix);
  return (target) => {
    const proto = target.prototype as object;
    const routes = new Map<string, RouteMethod>();
    for (const key of Object.getOwnPropertyNames(proto)) {
      const original = Object.getOwnPropertyDescriptor(proto, key)?.value;
      if (key !== 'constructor' && typeof original === 'function' && Reflect.getMetadata(METHOD_METADATA, original) !== undefined) routes.set(key, original as RouteMethod);
    }
    for (const [key, original] of routes) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      Object.defineProperty(proto, key, { ...descriptor, value: tenantRoute(target, key, original, recordReader(original, routes)) });
    }
    controller(target);
  };
}

type RouteMethod = (...a: unknown[]) => unknown;
/** Reads the record a PUT changes, as its GET answers it: the GET's own method, given the path's parameters. */
type RecordReader = (self: unknown, req: FastifyRequest) => unknown;

const pathOf = (method: RouteMethod) => String(Reflect.getMetadata(PATH_METADATA, method) ?? '/').replace(/^\/+|\/+$/g, '');

/** For a PUT: the GET route of the same path whose parameters are exactly the path's, as a reader; else none. */
function recordReader(put: RouteMethod, routes: Map<string, RouteMethod>): RecordReader | undefined {
  if (Reflect.getMetadata(METHOD_METADATA, put) !== RequestMethod.PUT) return undefined;
  const path = pathOf(put);
  const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const get = [...routes.values()].find((m) => Reflect.getMetadata(METHOD_METADATA, m) === RequestMethod.GET && pathOf(m) === path && m.length === params.length);
  if (!get) return undefined;
  return (self, req) => {
    const values = (req.params ?? {}) as Record<string, unknown>;
    return get.apply(self, params.map((p) => values[p]));
  };
}

function tenantRoute(target: Function, key: string, original: RouteMethod, readRecord?: RecordReader) {
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
      if (readRecord) {
        // a PUT of the record as read: what the update does not take must be as the record is (RecordAsRead)
        const at = args.findIndex((a) => a instanceof RecordAsRead);
        if (at >= 0) args[at] = (args[at] as RecordAsRead).against(await readRecord(this, req));
      }
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
