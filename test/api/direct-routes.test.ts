import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA } from '@nestjs/common/constants';
import { ApplicationConfig } from '@nestjs/core';
import { JwtAuthGuard } from '../../server/src/auth/jwt-auth.guard';
import { AllExceptionsFilter } from '../../server/src/common/exception.filter';
import { validationPipe } from '../../server/src/common/validation';
import { IncidentsController } from '../../server/src/incidents/incidents.controller';
import { TenantInterceptor } from '../../server/src/tenancy/tenant.interceptor';
import { createUser, listQuery, login, makeWorld, ok, startApp, type TestApp, type World } from '../support/app';

/**
 * The incident list and page are answered from a Fastify hook with the same guard, transaction and exception filter
 * as every other route, without Nest's router (server/src/common/direct-routes.ts). These tests check that they are
 * (the interceptor's Nest entry point is never called for them) and that they answer as Nest's routes do.
 */
describe('reads served without the Nest router', () => {
  let t: TestApp;
  let w: World;
  let incidentId: string;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    incidentId = (await ok(t.api().post('/api/incidents').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, title: '直连读取', detectedAt: new Date().toISOString() }))).id;
  });
  afterAll(() => t.close());

  it('answers the incident list and page without going through the interceptor, and other routes through it', async () => {
    const intercept = jest.spyOn(t.app.get(TenantInterceptor), 'intercept');
    try {
      const list = await t.api().get('/api/incidents').query(listQuery({ range: [0, 9] })).set(w.a.manager.auth);
      expect(list.status).toBe(200);
      expect(list.headers['content-range']).toBe('incidents 0-0/1');
      expect(list.headers['access-control-expose-headers']).toBe('Content-Range');
      const show = await t.api().get(`/api/incidents/${incidentId}`).set(w.a.manager.auth);
      expect(show.status).toBe(200);
      expect(show.body.id).toBe(incidentId);
      expect(intercept).not.toHaveBeenCalled();
      expect((await t.api().get('/api/clients').set(w.a.manager.auth)).status).toBe(200);
      expect(intercept).toHaveBeenCalledTimes(1);
    } finally {
      intercept.mockRestore();
    }
  });

  it('has nothing bound to those routes but what it runs itself: a new enhancer must be added there too', async () => {
    const config = t.app.get(ApplicationConfig);
    // ClsModule.forRoot() registers a guard and an interceptor that do nothing unless mounted (nestjs-cls
    // cls-root.module: plain objects, `canActivate: () => true` and `intercept: (_, next) => next.handle()`): they are
    // recognised as such, so that any other enhancer fails this test
    const plain = (o: object, key: string) => Object.getPrototypeOf(o) === Object.prototype && Object.keys(o).join() === key;
    const noopGuard = (g: any) => plain(g, 'canActivate') && g.canActivate() === true;
    const noopInterceptor = (i: any) => plain(i, 'intercept') && i.intercept(null, { handle: () => 'next' }) === 'next';
    expect(config.getGlobalGuards().filter((g) => !noopGuard(g))).toEqual([t.app.get(JwtAuthGuard)]);
    expect(config.getGlobalInterceptors().filter((i) => !noopInterceptor(i))).toEqual([t.app.get(TenantInterceptor)]);
    expect(config.getGlobalFilters()).toEqual([t.app.get(AllExceptionsFilter)]);
    // the validation pipe leaves the routes' plain parameters (a query object, a string id) as they are
    expect(config.getGlobalPipes()).toEqual([validationPipe]);
    for (const list of [config.getGlobalRequestGuards(), config.getGlobalRequestInterceptors(), config.getGlobalRequestFilters(), config.getGlobalRequestPipes()]) {
      expect(list).toEqual([]);
    }
    for (const key of [GUARDS_METADATA, INTERCEPTORS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA]) {
      for (const target of [IncidentsController, IncidentsController.prototype.list, IncidentsController.prototype.get]) {
        expect(Reflect.getMetadata(key, target)).toBeUndefined();
      }
    }
  });

  it('refuses and fails exactly as the routes behind Nest do', async () => {
    // no token, a bad token: the same 401 body as any other route
    const nestRoute = await t.api().get('/api/clients');
    for (const auth of [{}, { Authorization: 'Bearer not-a-token' }]) {
      const res = await t.api().get('/api/incidents').set(auth);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(nestRoute.body);
      expect((await t.api().get(`/api/incidents/${incidentId}`).set(auth)).status).toBe(401);
    }
    // a bad filter: 400 naming it; another firm's incident, or no such incident: 404
    const bad = await t.api().get('/api/incidents').query({ filter: '{"grade":"huge"}' }).set(w.a.manager.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'filter.grade' })]);
    expect((await t.api().get(`/api/incidents/${incidentId}`).set(w.b.manager.auth)).status).toBe(404);
    expect((await t.api().get('/api/incidents/not-a-uuid').set(w.a.manager.auth)).status).toBe(404);
    expect((await t.api().get('/api/incidents').set(w.b.manager.auth)).body).toEqual([]);
    // the request id and security headers of every response
    const res = await t.api().get(`/api/incidents/${incidentId}`).set(w.a.manager.auth).set('x-request-id', 'direct-read-1');
    expect(res.headers['x-request-id']).toBe('direct-read-1');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // a user deactivated since their last request is refused at once
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const s = await login(t, u.email);
    expect((await t.api().get('/api/incidents').set(s.auth)).status).toBe(200);
    await ok(t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ active: false }));
    expect((await t.api().get('/api/incidents').set(s.auth)).status).toBe(401);
  });
});
