import { ForbiddenException, type Type } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { TenantInterceptor } from '../tenancy/tenant.interceptor';
import { AllExceptionsFilter } from './exception.filter';

/** A controller's GET route served straight from Fastify: its URL as registered, and the handler's arguments. */
export interface DirectRoute<C> {
  controller: Type<C>;
  method: keyof C & string;
  url: string;
  args: (req: FastifyRequest) => unknown[];
}

/**
 * The busiest reads (the incident list and page) answered from a Fastify hook, with the same guard, transaction
 * (TenantInterceptor.run) and exception filter instances as every other route, calling the same controller method —
 * but without Nest's router around them: measured on the incident page under load, the router's execution context
 * (guards, interceptors and pipes consumers, the rxjs chain, the response controller) was about 70 µs of our server's
 * CPU per request, a quarter of the page (bench/RESULTS.md). Nothing else is bound to these routes: the global
 * validation pipe leaves their plain parameters as they are, and no other guard, interceptor or filter is registered
 * but nestjs-cls's, which do nothing unless mounted (test/api/direct-routes.test.ts fails when one is added: it must
 * then run here too). Nest still registers the routes (OpenAPI, HEAD, and the isolation tests' list of routes); a GET
 * to one of them never reaches Nest's handler.
 */
export function serveDirect(app: NestFastifyApplication, routes: DirectRoute<any>[]) {
  const guard = app.get(JwtAuthGuard);
  const interceptor = app.get(TenantInterceptor);
  const filter = app.get(AllExceptionsFilter);
  const byUrl = new Map(routes.map((r) => [r.url, { ...r, instance: app.get(r.controller), handler: r.controller.prototype[r.method] as (...a: unknown[]) => unknown }]));
  const serve = async (route: NonNullable<ReturnType<typeof byUrl.get>>, req: FastifyRequest, reply: FastifyReply) => {
    const host = new ExecutionContextHost([req, reply], route.controller, route.handler);
    host.setType('http');
    try {
      // as Nest's guards consumer: a guard that returns false refuses with 403
      if (!(await guard.canActivate(host))) throw new ForbiddenException('Forbidden resource');
      const body = await interceptor.run(host, async () => route.handler.apply(route.instance, route.args(req)));
      reply.status(200).send(body);
    } catch (e) {
      filter.catch(e, host);
    }
  };
  app.getHttpAdapter().getInstance().addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = req.method === 'GET' ? byUrl.get(req.routeOptions.url ?? '') : undefined;
    if (!route) return done();
    // answered here: the hook chain stops without done()
    void serve(route, req, reply);
  });
}
