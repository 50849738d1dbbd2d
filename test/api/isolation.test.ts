import { listQuery, login, makeWorld, PASSWORD, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * The tenant-isolation matrix. Every route the application registers must have an entry here (the list is
 * read from the router, so a new route without one fails the first test). For each role: its own data is
 * reachable; another firm's and an unassigned client's records answer 404 on show/update/delete, are absent
 * from lists and from filter={"id":[...]}, and cannot be written by passing their ids in a body.
 */
const registered: string[] = [];
let t: TestApp;
let w: World;
/** records of firm B made for the matrix */
const b: { assignmentId?: string; auditId?: string } = {};

async function ids(resource: string, s: Session, filter: Record<string, unknown> = {}): Promise<string[]> {
  const res = await t.api().get(`/api/${resource}`).query(listQuery({ range: [0, 999], filter })).set(s.auth);
  expect(res.status).toBe(200);
  expect(res.headers['content-range']).toMatch(new RegExp(`^${resource} \\d+-\\d+/\\d+$`));
  return res.body.map((r: { id: string }) => r.id);
}

/** own ids listed; foreign ids neither listed nor fetchable by id filter */
async function expectList(resource: string, s: Session, own: string[], foreign: string[]) {
  const listed = await ids(resource, s);
  for (const id of own) expect(listed).toContain(id);
  for (const id of foreign) expect(listed).not.toContain(id);
  expect(await ids(resource, s, { id: foreign })).toEqual([]);
  if (own.length) expect((await ids(resource, s, { id: [...own, ...foreign] })).sort()).toEqual([...own].sort());
}

async function status(method: 'get' | 'put' | 'delete' | 'post', path: string, s: Session | null, body?: object) {
  let req = t.api()[method](path);
  if (s) req = req.set(s.auth);
  const res = await (body ? req.send(body) : req);
  return res;
}

const MATRIX: Record<string, () => Promise<void>> = {
  'GET /api/health': async () => {
    const res = await status('get', '/api/health', null);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/firm|client/i);
  },
  'POST /api/auth/login': async () => {
    const res = await status('post', '/api/auth/login', null, { email: w.a.consultant.user.email, password: PASSWORD });
    expect(res.body.user.firmId).toBe(w.a.firmId);
  },
  'POST /api/auth/refresh': async () => {
    // a firm B refresh token presented as firm A's is refused
    const s = await login(t, w.b.manager.user.email);
    const [, id, secret] = s.refreshToken.split('.');
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: `${w.a.firmId}.${id}.${secret}` })).status).toBe(401);
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: s.refreshToken })).status).toBe(200);
  },
  'POST /api/auth/logout': async () => {
    // firm A cannot end a firm B session
    const s = await login(t, w.b.manager.user.email);
    expect((await status('post', '/api/auth/logout', w.a.manager, { refreshToken: s.refreshToken })).status).toBe(204);
    expect((await status('post', '/api/auth/refresh', null, { refreshToken: s.refreshToken })).status).toBe(200);
  },
  'GET /api/auth/me': async () => {
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      const res = await status('get', '/api/auth/me', s);
      expect(res.body).toEqual(expect.objectContaining({ id: s.user.id, firmId: w.a.firmId }));
    }
  },

  'GET /api/clients': async () => {
    await expectList('clients', w.a.manager, [w.a.assigned.id, w.a.unassigned.id], [w.b.client.id]);
    await expectList('clients', w.a.consultant, [w.a.assigned.id], [w.a.unassigned.id, w.b.client.id]);
    await expectList('clients', w.a.clientAdmin, [w.a.assigned.id], [w.a.unassigned.id, w.b.client.id]);
  },
  'GET /api/clients/:id': async () => {
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      expect((await status('get', `/api/clients/${w.a.assigned.id}`, s)).status).toBe(200);
      expect((await status('get', `/api/clients/${w.b.client.id}`, s)).status).toBe(404);
    }
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.manager)).status).toBe(200);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.consultant)).status).toBe(404);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.clientAdmin)).status).toBe(404);
  },
  'POST /api/clients': async () => {
    const res = await status('post', '/api/clients', w.a.manager, { name: 'x', creditCode: '91350100M000100Y43', operatorType: 'other', firmId: w.b.firmId });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'firmId' })]));
    expect(await ids('clients', w.b.manager)).toEqual([w.b.client.id]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) {
      expect((await status('post', '/api/clients', s, { name: 'x', creditCode: '91350100M000100Y43', operatorType: 'other' })).status).toBe(403);
    }
  },
  'PUT /api/clients/:id': async () => {
    const before = (await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).body;
    expect((await status('put', `/api/clients/${w.b.client.id}`, w.a.manager, { name: 'taken over' })).status).toBe(404);
    expect((await status('put', `/api/clients/${w.a.unassigned.id}`, w.a.consultant, { name: 'taken over' })).status).toBeGreaterThanOrEqual(403);
    expect((await status('put', `/api/clients/${w.a.assigned.id}`, w.a.clientAdmin, { name: 'taken over' })).status).toBe(403);
    expect((await status('get', `/api/clients/${w.b.client.id}`, w.b.manager)).body).toEqual(before);
    expect((await status('get', `/api/clients/${w.a.unassigned.id}`, w.a.manager)).body.name).not.toBe('taken over');
  },

  'GET /api/users': async () => {
    await expectList('users', w.a.manager, [w.a.consultant.user.id, w.a.clientAdmin.user.id], [w.b.manager.user.id, w.b.consultant.id]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/users', s)).status).toBe(403);
  },
  'GET /api/users/:id': async () => {
    expect((await status('get', `/api/users/${w.a.consultant.user.id}`, w.a.manager)).status).toBe(200);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.a.consultant)).status).toBeGreaterThanOrEqual(403);
  },
  'POST /api/users': async () => {
    const email = `intruder-${Date.now()}@x.test`;
    const res = await status('post', '/api/users', w.a.manager, { email, name: 'x', role: 'client_admin', clientId: w.b.client.id, password: PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('clientId');
    expect((await status('post', '/api/auth/login', null, { email, password: PASSWORD })).status).toBe(401);
    expect((await status('post', '/api/users', w.a.consultant, { email, name: 'x', role: 'manager', password: PASSWORD })).status).toBe(403);
  },
  'PUT /api/users/:id': async () => {
    expect((await status('put', `/api/users/${w.b.consultant.id}`, w.a.manager, { active: false })).status).toBe(404);
    expect((await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.active).toBe(true);
    // a user cannot be moved onto another firm's client
    expect((await status('put', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager, { clientId: w.b.client.id })).status).toBe(400);
    expect((await status('get', `/api/users/${w.a.clientAdmin.user.id}`, w.a.manager)).body.clientId).toBe(w.a.assigned.id);
  },
  'POST /api/users/:id/reset-password': async () => {
    const res = await status('post', `/api/users/${w.b.consultant.id}/reset-password`, w.a.manager, { password: 'taken-over-password' });
    expect(res.status).toBe(404);
    const bEmail = (await status('get', `/api/users/${w.b.consultant.id}`, w.b.manager)).body.email;
    expect((await status('post', '/api/auth/login', null, { email: bEmail, password: PASSWORD })).status).toBe(200);
  },

  'GET /api/assignments': async () => {
    const own = await ids('assignments', w.a.manager, { consultantId: w.a.consultant.user.id });
    expect(own).toHaveLength(1);
    await expectList('assignments', w.a.manager, own, [b.assignmentId!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/assignments', s)).status).toBe(403);
  },
  'GET /api/assignments/:id': async () => {
    expect((await status('get', `/api/assignments/${b.assignmentId}`, w.a.manager)).status).toBe(404);
  },
  'POST /api/assignments': async () => {
    const before = await ids('assignments', w.b.manager);
    const cross1 = await status('post', '/api/assignments', w.a.manager, { consultantId: w.a.consultant.user.id, clientId: w.b.client.id });
    const cross2 = await status('post', '/api/assignments', w.a.manager, { consultantId: w.b.consultant.id, clientId: w.a.assigned.id });
    expect([cross1.status, cross2.status]).toEqual([400, 400]);
    expect(await ids('assignments', w.b.manager)).toEqual(before);
    expect(await ids('assignments', w.a.manager, { consultantId: w.b.consultant.id })).toEqual([]);
    // the consultant still cannot see firm B's client
    expect((await status('get', `/api/clients/${w.b.client.id}`, w.a.consultant)).status).toBe(404);
  },
  'DELETE /api/assignments/:id': async () => {
    expect((await status('delete', `/api/assignments/${b.assignmentId}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/assignments/${b.assignmentId}`, w.b.manager)).status).toBe(200);
    expect((await status('delete', `/api/assignments/${b.assignmentId}`, w.a.consultant)).status).toBe(403);
  },

  'GET /api/audit-logs': async () => {
    const own = (await ids('audit-logs', w.a.manager)).slice(0, 3);
    expect(own.length).toBeGreaterThan(0);
    await expectList('audit-logs', w.a.manager, own, [b.auditId!]);
    for (const s of [w.a.consultant, w.a.clientAdmin]) expect((await status('get', '/api/audit-logs', s)).status).toBe(403);
  },
  'GET /api/audit-logs/:id': async () => {
    expect((await status('get', `/api/audit-logs/${b.auditId}`, w.a.manager)).status).toBe(404);
    expect((await status('get', `/api/audit-logs/${b.auditId}`, w.b.manager)).status).toBe(200);
  },
  'POST /api/audit-logs/verify': async () => {
    const res = await status('post', '/api/audit-logs/verify', w.a.manager);
    expect(res.body.ok).toBe(true);
    // it walks firm A's chain only: as many rows as firm A's log holds right now
    const total = Number((await t.api().get('/api/audit-logs').query(listQuery({ range: [0, 0] })).set(w.a.manager.auth)).headers['content-range'].split('/')[1]);
    expect(res.body.checked).toBe(total);
    expect((await status('post', '/api/audit-logs/verify', w.a.consultant)).status).toBe(403);
  },
};

beforeAll(async () => {
  t = await startApp({
    onFastify: (f) =>
      f.addHook('onRoute', (r: { method: string | string[]; url: string }) => {
        for (const m of Array.isArray(r.method) ? r.method : [r.method]) {
          if (m !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) registered.push(`${m} ${r.url}`);
        }
      }),
  });
  w = await makeWorld(t);
  const asg = await status('post', '/api/assignments', w.b.manager, { consultantId: w.b.consultant.id, clientId: w.b.client.id });
  b.assignmentId = asg.body.id;
  b.auditId = (await ids('audit-logs', w.b.manager))[0];
});
afterAll(() => t.close());

describe('tenant isolation matrix', () => {
  it('has an entry for every route the application registers', () => {
    expect(registered.length).toBeGreaterThan(10);
    const missing = registered.filter((r) => !(r in MATRIX));
    expect(missing).toEqual([]);
    const stale = Object.keys(MATRIX).filter((r) => !registered.includes(r));
    expect(stale).toEqual([]);
  });

  for (const route of Object.keys(MATRIX)) {
    it(route, () => MATRIX[route]());
  }
});
