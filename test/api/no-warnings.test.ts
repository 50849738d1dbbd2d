import { PreparingClient } from '../../server/src/database/prepared';
import { createClient, listQuery, makeWorld, ok, processWarnings, startApp, type TestApp, type World } from '../support/app';

/**
 * No warning from the process during an API run: pg deprecates handing a client a query while it is executing one
 * ("Calling client.query() when the client is already executing a query … will be removed in pg@9.0"), and prints that
 * in the server's log; the app's pool client sends one statement at a time (server/src/database/prepared.ts). The
 * warnings are recorded by the API tests' environment (test/support/warnings-environment.js); every app a test starts
 * also fails to close when one was emitted while it ran (test/support/app.ts).
 */
describe('process warnings', () => {
  it('are none when many statements are asked of one connection at once: they are answered in order, one at a time', async () => {
    const before = processWarnings().length;
    const c = new PreparingClient({ connectionString: process.env.TEST_APP_DATABASE_URL });
    await c.connect();
    try {
      const asked = [
        c.query('select 1 as n'),
        c.query('select $1::int as n', [2]),
        c.query({ text: 'select $1::int as n', values: [3] }),
        c.query('select 1 / $1::int as n', [0]),
        c.query('select $1::int as n', [5]),
        c.query('select 6 as n'),
      ];
      const settled = await Promise.allSettled(asked);
      expect(settled.map((r) => (r.status === 'fulfilled' ? r.value.rows[0].n : String(r.reason)))).toEqual([1, 2, 3, expect.stringMatching(/division by zero/), 5, 6]);
      // and again in a transaction, the way the request's transaction starts (its start waits for the first statement)
      await c.query('START TRANSACTION');
      const inTx = await Promise.all([1, 2, 3, 4].map((k) => c.query('select $1::int * 10 as n, now() as at', [k])));
      await c.query('COMMIT');
      expect(inTx.map((r) => r.rows[0].n)).toEqual([10, 20, 30, 40]);
      // one transaction: the same now() in each
      expect(new Set(inTx.map((r) => r.rows[0].at.getTime())).size).toBe(1);
    } finally {
      await c.end();
    }
    await new Promise((r) => setImmediate(r));
    expect(processWarnings().slice(before)).toEqual([]);
  });

  describe('in an API run', () => {
    let t: TestApp;
    let w: World;
    beforeAll(async () => {
      t = await startApp();
      w = await makeWorld(t);
    });
    afterAll(() => t.close());

    it('are none while every role reads and writes, many requests at once', async () => {
      const before = processWarnings().length;
      const client = await createClient(t, w.a.manager);
      const incidents = await Promise.all(
        [w.a.assigned.id, w.a.assigned.id, client.id].map((clientId, k) =>
          ok(t.api().post('/api/incidents').set(w.a.manager.auth).send({ clientId, title: `并发 ${k}`, detectedAt: new Date().toISOString(), personalInfoInvolved: true })),
        ),
      );
      await ok(t.api().post('/api/trainings').set(w.a.manager.auth).send({ clientId: w.a.assigned.id, title: '年度安全意识培训', type: 'security_awareness', date: new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10) }));
      const reads = [
        '/api/incidents', `/api/incidents/${incidents[0].id}`, `/api/incidents/${incidents[1].id}`, '/api/clients', '/api/tasks', '/api/timeline',
        '/api/obligations', '/api/trainings', '/api/communications', '/api/evaluations', '/api/actions', '/api/auth/me',
      ];
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all([
          ...[w.a.manager, w.a.consultant, w.a.clientAdmin].flatMap((s) => reads.map((path) => t.api().get(path).query(path.includes('/api/incidents/') ? {} : listQuery({ range: [0, 9] })).set(s.auth))),
          ...incidents.map((i) => t.api().post(`/api/incidents/${i.id}/transition`).set(w.a.manager.auth).send({ to: 'responding' })),
        ]);
        for (const a of answers) expect([200, 201, 403, 404, 409]).toContain(a.status);
      }
      await new Promise((r) => setImmediate(r));
      expect(processWarnings().slice(before)).toEqual([]);
    });
  });
});
