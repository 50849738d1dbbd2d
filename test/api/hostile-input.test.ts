import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from '../support/db';
import { listQuery, makeWorld, startApp, type TestApp, type World } from '../support/app';

/**
 * Hostile and malformed input: bounded bodies (size per route, JSON nesting), texts PostgreSQL and the validators cannot
 * take (NUL, lone surrogates), nulls and odd shapes. Each answers 4xx naming the field, in milliseconds, writes nothing,
 * and never stalls the server.
 */
describe('hostile and malformed input', () => {
  let t: TestApp;
  let w: World;
  let port: number;
  let incidentId: string;
  let trainingId: string;
  let actionId: string;
  beforeAll(async () => {
    t = await startApp();
    // listening, for the raw requests below (supertest then uses the same server)
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    w = await makeWorld(t);
    const m = w.a.manager;
    // an incident with obligations and tasks, an improvement action on it, a training (overdue for its next session)
    const inc = await api().post('/api/incidents').set(m.auth).send({ clientId: w.a.assigned.id, title: 'Leak', detectedAt: new Date().toISOString(), personalInfoInvolved: true });
    expect(inc.status).toBe(201);
    incidentId = inc.body.id;
    const action = await api().post('/api/actions').set(m.auth).send({ incidentId, title: 'Fix', ownerId: m.user.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(action.status).toBe(201);
    actionId = action.body.id;
    const tr = await api().post('/api/trainings').set(m.auth).send({ clientId: w.a.assigned.id, type: 'security_awareness', title: 'Awareness', date: '2025-01-15', recurrenceMonths: 1 });
    expect(tr.status).toBe(201);
    trainingId = tr.body.id;
  });
  afterAll(() => t.close());

  const api = () => t.api();
  const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);
  const expect400 = (res: { status: number; body: any }, field: string) =>
    expect({ status: res.status, fields: fields(res) }).toEqual({ status: 400, fields: expect.arrayContaining([field]) });

  interface Raw {
    status: number;
    ms: number;
    body: string;
  }
  /** A request by hand: the body written as it is (a Buffer with its length, or chunks without one), the time to the answer. */
  function raw(method: string, path: string, headers: Record<string, string>, body: Buffer | Buffer[]): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let answered = false;
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { ...headers, ...(Buffer.isBuffer(body) ? { 'content-length': String(body.length) } : {}) } }, (res) => {
        answered = true;
        const ms = performance.now() - started;
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, ms, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: res.statusCode!, ms, body: Buffer.concat(chunks).toString('utf8') }));
      });
      // the server may answer and close before the whole body is written: that is the point
      req.on('error', (e) => (answered ? undefined : reject(e)));
      for (const chunk of Buffer.isBuffer(body) ? [body] : body) req.write(chunk);
      req.end();
    });
  }
  const nested = (depth: number, key = 'email') => Buffer.from(`{"${key}":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`);

  describe('bodies are bounded before they are parsed', () => {
    it('answers a 6 MB login body nested 3,000,000 deep in milliseconds, and /api/health meanwhile', async () => {
      const body = nested(3_000_000);
      expect(body.length).toBeGreaterThan(6_000_000);
      const health = async () => {
        const started = performance.now();
        const res = await api().get('/api/health');
        return { status: res.status, ms: performance.now() - started };
      };
      // with its length, and streamed in chunks without one
      const chunks = Array.from({ length: 60 }, (_, i) => body.subarray(i * 100_000, (i + 1) * 100_000));
      const [sized, chunked, ...checks] = await Promise.all([
        raw('POST', '/api/auth/login', { 'content-type': 'application/json' }, body),
        raw('POST', '/api/auth/login', { 'content-type': 'application/json' }, chunks),
        ...Array.from({ length: 10 }, health),
      ]);
      for (const r of [sized, chunked]) {
        expect([413, 400]).toContain(r.status);
        expect(r.ms).toBeLessThan(1500);
      }
      expect(JSON.parse(sized.body)).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
      for (const c of checks) expect(c.status).toBe(200);
      expect(Math.max(...checks.map((c) => c.ms))).toBeLessThan(1500);
    });

    it('answers 100,000 levels on any JSON route with 400 naming the body, not 500', async () => {
      for (const [path, auth] of [['/api/clients', w.a.manager.auth], ['/api/auth/login', {}], [`/api/incidents/${incidentId}`, w.a.manager.auth]] as const) {
        const res = await raw(path.startsWith('/api/incidents') ? 'PUT' : 'POST', path, { 'content-type': 'application/json', ...auth }, nested(100_000, 'name'));
        // 200 KB: over the small limit of sign-in (413), within the JSON limit of the others (400 from the nesting check)
        expect({ path, status: res.status }).toEqual({ path, status: path === '/api/auth/login' ? 413 : 400 });
        if (res.status === 400) expect(JSON.parse(res.body).errors).toEqual([{ field: 'body', message: 'nests arrays and objects deeper than 32 levels' }]);
        expect(res.ms).toBeLessThan(1500);
      }
    });

    it('checks the nesting of the largest ordinary JSON body in milliseconds, and takes normal nesting', async () => {
      const half = (1024 * 1024 - 100) / 2;
      const deep = Buffer.concat([Buffer.from('{"name":'), Buffer.alloc(half, '['), Buffer.alloc(half, ']'), Buffer.from('}')]);
      const res = await raw('POST', '/api/clients', { 'content-type': 'application/json', ...w.a.manager.auth }, deep);
      expect(res.status).toBe(400);
      expect(res.ms).toBeLessThan(1500);
      // brackets inside strings are text, not nesting; 32 levels are allowed
      const within = `${'['.repeat(31)}"[[[[{{{{\\"[[["${']'.repeat(31)}`;
      const ok = await api().post('/api/clients').set(w.a.manager.auth).send(`{"name":${within}}`).set('content-type', 'application/json');
      expect(ok.status).toBe(400);
      expect(fields(ok)).toEqual(expect.arrayContaining(['name', 'creditCode', 'operatorType']));
    });

    it('has a small limit for small bodies, the JSON limit for ordinary routes, the upload limit only where files go', async () => {
      const big = (n: number) => ({ email: 'x'.repeat(n), password: 'y' });
      expect((await api().post('/api/auth/login').send(big(70 * 1024))).status).toBe(413);
      expect((await api().post(`/api/incidents/${incidentId}/transition`).set(w.a.manager.auth).send({ to: 'responding', reason: 'r'.repeat(70 * 1024) })).status).toBe(413);
      // 200 KB on an ordinary route reaches validation (the description is longer than allowed: 400, not 413)
      const desc = await api().put(`/api/incidents/${incidentId}`).set(w.a.manager.auth).send({ description: 'd'.repeat(200 * 1024) });
      expect({ status: desc.status, fields: fields(desc) }).toEqual({ status: 400, fields: ['description'] });
      expect((await api().put(`/api/incidents/${incidentId}`).set(w.a.manager.auth).send({ description: 'd'.repeat(1100 * 1024) })).status).toBe(413);
      // a 2 MB file is fine where files go
      const file = await api().post('/api/attachments').set(w.a.manager.auth).field('entity', 'incidents').field('entityId', incidentId).attach('file', Buffer.alloc(2 * 1024 * 1024, 'a'), 'big.txt');
      expect(file.status).toBe(201);
    });

    it('keeps refusing prototype poisoning, and reads a body that starts with a byte-order mark', async () => {
      const poisoned = await api().put(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth).set('content-type', 'application/json').send('{"name":"x","__proto__":{"admin":true}}');
      expect(poisoned.status).toBe(400);
      const ctor = await api().put(`/api/clients/${w.a.assigned.id}`).set(w.a.manager.auth).set('content-type', 'application/json').send('{"constructor":{"prototype":{"admin":true}}}');
      expect(ctor.status).toBe(400);
      const inputs = { criticalInfrastructureAffected: false, outageHours: 0, peopleAffected: 1, personalInfoRecords: 0, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' };
      const bom = await api().post(`/api/incidents/${incidentId}/grade`).set(w.a.manager.auth).set('content-type', 'application/json').send(`\ufeff${JSON.stringify({ inputs })}`);
      expect(bom.status).toBe(200);
    });
  });

  describe('NUL characters and lone surrogates answer 400 naming the field, from one place', () => {
    const nul = 'a\u0000b';
    const lone = '\ud800@x.test';

    it('in body fields, array items, JSON inside bodies and field names', async () => {
      const m = w.a.manager;
      const base = { clientId: w.a.assigned.id, title: 'ok', detectedAt: new Date().toISOString() };
      expect400(await api().post('/api/incidents').set(m.auth).send({ ...base, title: nul }), 'title');
      expect400(await api().post('/api/incidents').set(m.auth).send({ ...base, title: 'x\ud800' }), 'title');
      expect400(await api().post('/api/incidents').set(m.auth).send({ ...base, affectedSystems: ['ok', nul] }), 'affectedSystems[1]');
      expect400(await api().put(`/api/incidents/${incidentId}`).set(m.auth).send({ team: [{ name: nul, role: 'it' }] }), 'team[0].name');
      expect400(await api().post('/api/playbooks').set(m.auth).send({ name: { 'zh-CN': nul, en: 'x' } }), 'name.zh-CN');
      expect400(await api().post('/api/playbooks').set(m.auth).send({ name: { 'zh-CN': 'x', en: 'x' }, tasks: [{ ['t\u0000']: 1 }] }), 'tasks[0]');
      expect400(await api().post('/api/timeline').set(m.auth).send({ incidentId, body: `\udc00${nul}` }), 'body');
      expect400(await api().put(`/api/clients/${w.a.assigned.id}`).set(m.auth).send({ contacts: [{ name: 'x', email: lone }] }), 'contacts[0].email');
      // nothing was written
      const db = await connect('super');
      try {
        const { rows } = await db.query(`select count(*)::int as n from incidents where firm_id = $1`, [w.a.firmId]);
        expect(rows[0].n).toBe(1);
        const { rows: pb } = await db.query(`select count(*)::int as n from playbooks where firm_id = $1 and not built_in`, [w.a.firmId]);
        expect(pb[0].n).toBe(0);
      } finally {
        await db.end();
      }
    });

    it('in the login email, where the lone surrogate once threw URIError in the e-mail validator', async () => {
      expect400(await api().post('/api/auth/login').send({ email: lone, password: 'whatever-it-is' }), 'email');
      expect400(await api().post('/api/auth/login').send({ email: `consultant${nul}@x.test`, password: 'whatever-it-is' }), 'email');
      expect400(await api().post('/api/users').set(w.a.manager.auth).send({ email: lone, name: 'x', role: 'consultant' }), 'email');
    });

    it('in list filters, q and other query parameters, on every list (the direct incident list included)', async () => {
      const s = w.a.consultant;
      for (const resource of ['incidents', 'clients', 'users', 'obligations', 'communications', 'trainings', 'audit-logs']) {
        const who = resource === 'users' || resource === 'audit-logs' ? w.a.manager : s;
        expect400(await api().get(`/api/${resource}`).query(listQuery({ filter: { q: nul } })).set(who.auth), 'filter.q');
        expect400(await api().get(`/api/${resource}`).query(listQuery({ filter: { q: lone } })).set(who.auth), 'filter.q');
      }
      expect400(await api().get('/api/incidents').query(listQuery({ filter: { status: ['triage', nul] } })).set(s.auth), 'filter.status[1]');
      expect400(await api().get('/api/clients').query({ sort: `["name\\u0000","ASC"]` }).set(s.auth), 'sort[0]');
      // a NUL in the query string itself
      expect400(await api().get(`/api/reports/service?from=2026-01-01&to=2026-01-31&lang=en%00`).set(w.a.manager.auth), 'lang');
    });

    it('in multipart fields, file names and CSV lines of the participants import', async () => {
      const m = w.a.manager;
      const up = await api().post('/api/attachments').set(m.auth).field('entity', 'incidents').field('entityId', `${incidentId}\u0000`).attach('file', Buffer.from('x'), 'a.txt');
      expect400(up, 'entityId');
      const named = await api().post('/api/attachments').set(m.auth).field('entity', 'incidents').field('entityId', incidentId).attach('file', Buffer.from('x'), 'a\u0000b.txt');
      expect400(named, 'file.name');
      const csv = Buffer.from('name,attended\n张伟,yes\n李\u0000娜,yes\n', 'utf8');
      const imp = await api().post(`/api/trainings/${trainingId}/participants/import`).set(m.auth).attach('file', csv, { filename: 'p.csv', contentType: 'text/csv' });
      expect400(imp, 'participants line 3');
      const mode = await api().post(`/api/trainings/${trainingId}/participants/import?mode=append%00`).set(m.auth).attach('file', Buffer.from('name\nx\n'), { filename: 'p.csv', contentType: 'text/csv' });
      expect400(mode, 'mode');
      const db = await connect('super');
      try {
        const { rows } = await db.query(`select participants from trainings where firm_id = $1 and id = $2`, [w.a.firmId, trainingId]);
        expect(rows[0].participants).toEqual([]);
        const { rows: files } = await db.query(`select count(*)::int as n from attachments where firm_id = $1`, [w.a.firmId]);
        expect(files[0].n).toBe(1);
      } finally {
        await db.end();
      }
    });
  });

  describe('nulls and odd shapes answer 400 naming the field, or an empty list', () => {
    it('refuses null for every optional field whose column is NOT NULL', async () => {
      const m = w.a.manager;
      const cases: [string, string, Record<string, unknown>, string][] = [
        ['put', `/api/clients/${w.a.assigned.id}`, { name: null }, 'name'],
        ['put', `/api/users/${w.a.consultant.user.id}`, { name: null }, 'name'],
        ['put', `/api/actions/${actionId}`, { title: null }, 'title'],
        ['put', `/api/trainings/${trainingId}`, { title: null }, 'title'],
        ['put', `/api/trainings/${trainingId}`, { participants: null }, 'participants'],
        ['put', `/api/incidents/${incidentId}`, { team: null }, 'team'],
        ['put', `/api/incidents/${incidentId}`, { description: null }, 'description'],
        ['put', `/api/incidents/${incidentId}`, { personalInfoInvolved: null }, 'personalInfoInvolved'],
        ['post', `/api/incidents/${incidentId}/transition`, { to: 'responding', reason: null }, 'reason'],
        ['post', '/api/communications', { incidentId, audience: 'client', channel: 'email', subject: null }, 'subject'],
      ];
      for (const [method, path, body, field] of cases) {
        const res = await (api() as any)[method](path).set(m.auth).send(body);
        expect({ path, body, status: res.status, errors: res.body.errors }).toEqual({
          path, body, status: 400, errors: expect.arrayContaining([{ field, message: `${field} must not be null` }]),
        });
      }
      // null still clears a nullable field
      expect((await api().put(`/api/incidents/${incidentId}`).set(m.auth).send({ leadId: null, businessImpact: null })).status).toBe(200);
    });

    it('refuses an item of a list of objects that is not an object (a list inside the list passed validation)', async () => {
      const m = w.a.manager;
      const training = { clientId: w.a.assigned.id, type: 'emergency_drill', title: 'Drill', date: '2026-01-15' };
      for (const [path, body, field] of [
        ['/api/trainings', { ...training, participants: [[]] }, 'participants'],
        ['/api/trainings', { ...training, participants: [{ name: 'ok' }, [{ name: 'x' }]] }, 'participants'],
        ['/api/incidents', { clientId: w.a.assigned.id, title: 'x', detectedAt: new Date().toISOString(), team: [[]] }, 'team'],
        ['/api/evaluations', { type: 'security_assessment', clientId: w.a.assigned.id, criteria: [[]] }, 'criteria'],
      ] as const) {
        const res = await api().post(path).set(m.auth).send(body);
        expect({ path, body, status: res.status, errors: res.body.errors }).toEqual({ path, body, status: 400, errors: [{ field, message: `each value in ${field} must be an object` }] });
      }
      expect400(await api().put(`/api/clients/${w.a.assigned.id}`).set(m.auth).send({ contacts: [[]] }), 'contacts');
    });

    it('refuses a body that is null, an array or a bare value, and grades with a missing inputs object', async () => {
      const path = `/api/incidents/${incidentId}/grade`;
      for (const body of ['null', '\ufeffnull', '[]', '"inputs"', '42']) {
        const res = await api().post(path).set(w.a.manager.auth).set('content-type', 'application/json').send(body);
        expect({ body, status: res.status, errors: res.body.errors }).toEqual({ body, status: 400, errors: [{ field: 'body', message: 'must be a JSON object' }] });
      }
      expect400(await api().post(path).set(w.a.manager.auth).send({}), 'inputs');
      expect400(await api().post(path).set(w.a.manager.auth).send({ inputs: null }), 'inputs');
    });

    it('lists nothing for an empty list filter and everything for a null one, on every resource', async () => {
      const s = w.a.manager;
      const total = async (resource: string, filter: Record<string, unknown>) => {
        const res = await api().get(`/api/${resource}`).query(listQuery({ filter })).set(s.auth);
        expect({ resource, filter, status: res.status }).toEqual({ resource, filter, status: 200 });
        return { n: res.body.length, range: res.headers['content-range'] };
      };
      for (const [resource, key] of [['obligations', 'status'], ['incidents', 'status'], ['incidents', 'clientId'], ['tasks', 'incidentId'], ['clients', 'id'], ['actions', 'status'], ['trainings', 'due']]) {
        const all = await total(resource, {});
        expect(all.n).toBeGreaterThan(0);
        expect(await total(resource, { [key]: [] })).toEqual({ n: 0, range: `${resource} 0-0/0` });
        expect(await total(resource, { [key]: null })).toEqual(all);
      }
      // past the first page too: the total of an emptied list is 0, not the counters' total
      const far = await api().get('/api/incidents').query(listQuery({ range: [50, 74], filter: { clientId: [] } })).set(s.auth);
      expect(far.headers['content-range']).toBe('incidents 50-50/0');
    });
  });
});
