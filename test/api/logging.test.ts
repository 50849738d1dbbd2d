import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger } from '../../server/src/common/logging';
import { listQuery, makeFirm, setPasswordDirectly, startApp, testConfig, type TestApp } from '../support/app';

/**
 * The logs of a server as production configures them (createLogger from LOG_LEVEL and LOG_FORMAT, as main.ts does;
 * only the destination is ours), plus anything written to the console or the process's stdout and stderr meanwhile
 * (where TypeORM's own logger used to print failed queries with their parameters).
 */
describe('logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  const restore: (() => void)[] = [];
  const text = () => lines.join('\n');
  const json = () => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const config = testConfig({ LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
    t = await startApp({ logger: true, log: createLogger(config, capture), env: { LOG_LEVEL: 'log', LOG_FORMAT: 'json' } });
    for (const name of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, name).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
      restore.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        lines.push(String(chunk));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
  });
  afterAll(async () => {
    for (const r of restore) r();
    await t.close();
  });

  it('a failed query and a failed sign-in leave no password, hash, token or address in the log, and carry the request id', async () => {
    const f = await makeFirm(t, 'Logs');
    const address = `secret-person-${randomUUID().slice(0, 8)}@logs.test`;
    const password = `Pass-${randomUUID()}`;
    const body = { email: address, name: 'Secret Person', role: 'consultant' };
    const made = await t.api().post('/api/users').set(f.manager.auth).send(body);
    expect(made.status).toBe(201);
    await setPasswordDirectly(t, made.body.firmId, made.body.id, password);
    // the same address again: the insert fails on the unique constraint, with the hash and the address as parameters
    const duplicateId = `dup-${randomUUID()}`;
    const dup = await t.api().post('/api/users').set(f.manager.auth).set('x-request-id', duplicateId).send(body);
    expect(dup.status).toBe(409);
    expect(dup.headers['x-request-id']).toBe(duplicateId);
    // a failed sign-in, and a search by the address
    const wrong = `Wrong-${randomUUID()}`;
    const failedId = `login-${randomUUID()}`;
    expect((await t.api().post('/api/auth/login').set('x-request-id', failedId).send({ email: ` ${address.toUpperCase()}`, password: wrong })).status).toBe(401);
    const searchId = `search-${randomUUID()}`;
    const search = await t.api().get('/api/users').query(listQuery({ filter: { q: address } })).set(f.manager.auth).set('x-request-id', searchId);
    expect(search.status).toBe(200);
    const signedIn = await t.api().post('/api/auth/login').send({ email: address, password });
    expect(signedIn.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));

    const all = text();
    for (const secret of [address, address.toUpperCase(), address.split('@')[0], password, wrong, f.manager.token, f.manager.refreshToken, signedIn.body.accessToken]) {
      expect({ secret, found: all.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(all).not.toMatch(/scrypt\$/);
    expect(all).not.toMatch(/PARAMETERS/);

    // the failed query: its SQL text, code and constraint, in the request's line
    const failed = json().filter((l) => l.msg === 'query failed');
    expect(failed).toEqual([
      expect.objectContaining({
        reqId: duplicateId,
        level: 40,
        sql: expect.stringMatching(/^INSERT INTO "users"/),
        code: '23505',
        constraint: 'users_firm_id_email_key',
      }),
    ]);
    expect(Object.keys(failed[0])).not.toEqual(expect.arrayContaining(['parameters']));
    // one line per answered request, with its id, method, path (no query string) and status
    const completed = (id: string) => json().find((l) => l.reqId === id && l.msg === 'request completed');
    expect(completed(duplicateId)).toMatchObject({ req: { method: 'POST', url: '/api/users' }, res: { statusCode: 409 }, responseTime: expect.any(Number) });
    expect(completed(failedId)).toMatchObject({ req: { method: 'POST', url: '/api/auth/login' }, res: { statusCode: 401 } });
    expect(completed(searchId)).toMatchObject({ req: { method: 'GET', url: '/api/users' }, res: { statusCode: 200 } });
    for (const l of json()) expect(l).toEqual(expect.objectContaining({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) }));
  });

  it('the reads answered from the Fastify hook are logged alike', async () => {
    const f = await makeFirm(t, 'Logs direct');
    const id = `direct-${randomUUID()}`;
    expect((await t.api().get('/api/incidents').set(f.manager.auth).set('x-request-id', id)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(json().find((l) => l.reqId === id && l.msg === 'request completed')).toMatchObject({ req: { method: 'GET', url: '/api/incidents' }, res: { statusCode: 200 } });
  });

  it('redacts authorization headers, cookies, passwords, tokens and secrets in whatever object is logged', () => {
    const out: string[] = [];
    const log = createLogger(
      { logLevel: 'log', logFormat: 'json' },
      new Writable({ write: (c, _e, done) => (out.push(String(c)), done()) }),
    );
    log.info({
      req: { method: 'POST', url: '/api/auth/login?email=a@b.test', headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3cr3t' } },
      password: 'p4ssw0rd',
      user: { passwordHash: 'scrypt$17$x', refreshToken: 'r3fr3sh', accessToken: 'acc355' },
      config: { jwtSecret: 'jwt-s3cr3t' },
      parameters: ['a@b.test'],
      body: { email: 'a@b.test' },
    }, 'an object with secrets');
    const line = out.join('');
    for (const secret of ['abc.def.ghi', 's3cr3t', 'p4ssw0rd', 'scrypt$', 'r3fr3sh', 'acc355', 'jwt-s3cr3t', 'a@b.test']) {
      expect({ secret, found: line.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(JSON.parse(line)).toMatchObject({ msg: 'an object with secrets', req: { method: 'POST', url: '/api/auth/login' } });
  });
});
