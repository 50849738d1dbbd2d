import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { JWT_ISSUER } from '../../server/src/auth/jwt.strategy';
import migrationSql from './fixtures/migration-sql.json';
import { ISO_TIMES } from '../../server/src/database/pg-time';
import { DEFERRED_COMMIT_MS, PreparingClient } from '../../server/src/database/prepared';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';
import { listQuery, makeWorld, sessionIdOf, startApp, type TestApp, type World } from '../support/app';

/**
 * The request's transaction (server/src/tenancy/tenant-db.service.ts, server/src/database/prepared.ts): a GET's is
 * read-only and its COMMIT is deferred to the connection's next message; a verified access token is remembered until
 * it expires (server/src/auth/jwt-auth.guard.ts). Checked on real connections of the app role.
 */
describe('request transaction', () => {
  let t: TestApp;
  let w: World;
  let db: TenantDb;
  const meta = { requestId: null, ip: null };
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    db = t.app.get(TenantDb);
  });
  afterAll(async () => {
    await t.close();
  });

  const backend = async () => (await db.em.query('select pg_backend_pid() as pid'))[0].pid as number;

  it('runs a read-only request in a read-only transaction: PostgreSQL refuses a write, and nothing is written', async () => {
    const { firmId } = w.a;
    const userId = w.a.manager.user.id;
    const write = () => db.em.query(`update clients set name = name || ' (changed)' where firm_id = $1 and id = $2`, [firmId, w.a.assigned.id]);
    await expect(db.runAs(firmId, userId, meta, write, true)).rejects.toMatchObject({ driverError: { code: '25006' } });
    const names = async () => (await db.runAs(firmId, userId, meta, () => db.em.query('select name from clients where id = $1', [w.a.assigned.id]), true))[0].name;
    const before = await names();
    expect(before).not.toContain('(changed)');
    // the same write in a read-write transaction goes through (and is put back)
    await db.runAs(firmId, userId, meta, write, false);
    expect(await names()).toBe(`${before} (changed)`);
    await db.runAs(firmId, userId, meta, () => db.em.query(`update clients set name = $3 where firm_id = $1 and id = $2`, [firmId, w.a.assigned.id, before]), false);
    // over HTTP: GETs answer as before, in every role's scope
    for (const s of [w.a.manager, w.a.consultant, w.a.clientAdmin]) {
      const res = await t.api().get('/api/clients').query(listQuery()).set(s.auth);
      expect(res.status).toBe(200);
      expect(res.body.map((c: { id: string }) => c.id)).toContain(w.a.assigned.id);
    }
  });

  it('ends a read with its COMMIT deferred: the next request on the same connection sees only its own scope', async () => {
    const clientAdmin = w.a.clientAdmin.user.id;
    const manager = w.a.manager.user.id;
    const seen = async (userId: string) =>
      db.runAs(w.a.firmId, userId, meta, async () => ({ pid: await backend(), clients: (await db.em.query('select id from clients')).map((r: { id: string }) => r.id) }), true);
    const unscoped = () =>
      db.runUnscoped(meta, async (em) => ({
        pid: (await em.query('select pg_backend_pid() as pid'))[0].pid as number,
        user: (await em.query(`select current_setting('app.user_id', true) as u`))[0].u as string | null,
        clients: (await em.query('select id from clients')).length as number,
      }));
    let reused = 0;
    for (let k = 0; k < 5; k++) {
      const a = await seen(clientAdmin);
      expect(a.clients).toEqual([w.a.assigned.id]);
      // the pool hands back the connection released last: the deferred COMMIT goes first, the client admin's scope with it
      const m = await seen(manager);
      expect(m.clients).toEqual(expect.arrayContaining([w.a.assigned.id, w.a.unassigned.id]));
      const after = await seen(clientAdmin);
      expect(after.clients).toEqual([w.a.assigned.id]);
      const none = await unscoped();
      expect(none.user || null).toBeNull();
      expect(none.clients).toBe(0);
      if (a.pid === m.pid && m.pid === after.pid && after.pid === none.pid) reused++;
    }
    // the check above means something only if the connections were in fact reused
    expect(reused).toBeGreaterThan(0);
  });

  /** A PreparingClient of the app role for fn, with `state()` its backend's state as another connection sees it. */
  async function watchedClient(fn: (c: PreparingClient, state: () => Promise<string | undefined>) => Promise<void>) {
    const c = new PreparingClient({ connectionString: process.env.TEST_APP_DATABASE_URL });
    const watcher = new Client({ connectionString: process.env.TEST_APP_DATABASE_URL });
    await c.connect();
    await watcher.connect();
    try {
      const pid = (await c.query('select pg_backend_pid() as pid')).rows[0].pid;
      const state = async () => (await watcher.query('select state from pg_stat_activity where pid = $1', [pid])).rows[0]?.state;
      await fn(c, state);
    } finally {
      await c.end();
      await watcher.end();
    }
  }

  it('commits an idle connection’s deferred COMMIT within about DEFERRED_COMMIT_MS', () =>
    watchedClient(async (c, state) => {
      await c.query(`start transaction read only; select set_config('app.user_id', 'someone', true)`);
      c.deferCommit();
      expect(await state()).toBe('idle in transaction');
      // the next statement goes after the COMMIT: the transaction's setting is gone
      expect((await c.query(`select current_setting('app.user_id', true) as u`)).rows[0].u || null).toBeNull();
      expect(await state()).toBe('idle');
      // a caller that sends its own simple query takes the COMMIT along, once
      await c.query('start transaction read only');
      c.deferCommit();
      expect(c.takeDeferredCommit()).toBe('COMMIT; ');
      expect(c.takeDeferredCommit()).toBe('');
      await c.query('COMMIT');
      // left alone, the sweep commits it
      await c.query('start transaction read only');
      c.deferCommit();
      expect(await state()).toBe('idle in transaction');
      await new Promise((r) => setTimeout(r, DEFERRED_COMMIT_MS * 3));
      expect(await state()).toBe('idle');
      expect(c.takeDeferredCommit()).toBe('');
    }));

  it('defers the ROLLBACK of a failed read as it defers a read’s COMMIT: sent in front of the next message, or by the sweep', () =>
    watchedClient(async (c, state) => {
      const failedRead = async () => {
        c.nextTransaction({ readOnly: true });
        await c.query('START TRANSACTION');
        await expect(c.query(`select set_config('app.user_id', 'someone', true), 1 / $1::int`, [0])).rejects.toThrow(/division by zero/);
        expect((await c.query('ROLLBACK')).command).toBe('ROLLBACK');
      };
      await failedRead();
      // answered, not yet sent: the transaction is still open (and failed) on the server
      expect(await state()).toBe('idle in transaction (aborted)');
      // the next statement goes after the ROLLBACK
      expect((await c.query(`select current_setting('app.user_id', true) as u`)).rows[0].u || null).toBeNull();
      expect(await state()).toBe('idle');
      // left alone, the sweep sends it
      await failedRead();
      await new Promise((r) => setTimeout(r, DEFERRED_COMMIT_MS * 3));
      expect(await state()).toBe('idle');
      expect(c.takeDeferredCommit()).toBe('');
    }));

  it('runs a known user’s read with the scope entered last time, checked against PostgreSQL’s before it answers', async () => {
    const s = w.a.clientAdmin;
    const seen: { locale: string; clients: string[] }[] = [];
    const read = () =>
      db.runAs(w.a.firmId, s.user.id, meta, async (scope) => {
        const clients = (await db.rows<{ id: string }>('select id from clients where firm_id = $1', [w.a.firmId])).map((r) => r.id);
        seen.push({ locale: scope.locale, clients });
        return scope.locale;
      }, true);
    await read();
    seen.length = 0;
    // known and unchanged: the service runs once
    expect(await read()).toBe('zh-CN');
    expect(seen).toEqual([{ locale: 'zh-CN', clients: [w.a.assigned.id] }]);
    // changed meanwhile: the run with the old scope is thrown away and the request runs again with the new one
    expect((await t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ locale: 'en' })).status).toBe(200);
    seen.length = 0;
    expect(await read()).toBe('en');
    expect(seen.map((x) => x.locale)).toEqual(['zh-CN', 'en']);
    // row-level security had the new scope from the first statement on, the old one only in the service's hands
    expect(seen.map((x) => x.clients)).toEqual([[w.a.assigned.id], [w.a.assigned.id]]);
    seen.length = 0;
    expect(await read()).toBe('en');
    expect(seen).toHaveLength(1);
    // deactivated: the statement saw nothing (no scope), and the answer is 401
    expect((await t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ active: false })).status).toBe(200);
    seen.length = 0;
    await expect(read()).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual([{ locale: 'en', clients: [] }]);
    expect((await t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ active: true, locale: 'zh-CN' })).status).toBe(200);
    // an error from the service is answered only once the scope is confirmed: an unchanged scope keeps the error
    await read();
    await expect(db.runAs(w.a.firmId, s.user.id, meta, async () => {
      throw new Error('the service failed');
    }, true)).rejects.toThrow('the service failed');
  });

  /** A PreparingClient of the app role for fn, ended afterwards, with what it sends recorded in `sent` (a simple
   * query's text; 'parse', 'bind', 'execute' for the extended protocol). */
  async function recordedClient(fn: (c: PreparingClient, sent: string[]) => Promise<void>) {
    const c = new PreparingClient({ connectionString: process.env.TEST_APP_DATABASE_URL });
    await c.connect();
    const connection = (c as unknown as { connection: Record<string, (...a: unknown[]) => void> }).connection;
    const sent: string[] = [];
    for (const m of ['query', 'parse', 'bind', 'execute']) {
      const original = connection[m].bind(connection);
      connection[m] = (...a: unknown[]) => {
        sent.push(m === 'query' ? String(a[0]) : m);
        original(...a);
      };
    }
    try {
      await fn(c, sent);
    } finally {
      await c.end();
    }
  }

  it('sends the transaction start and the next statement in one message', () =>
    recordedClient(async (c, sent) => {
      const text = 'select $1::int + $2::int as sum, $3::text[] as list, $4::timestamptz as at';
      const at = new Date('2026-11-29T01:02:03.456Z');
      expect((await c.query(text, [1, 2, ['a', "b'c"], at])).rows).toEqual([{ sum: 3, list: ['a', "b'c"], at }]);
      sent.length = 0;
      const row = c.beginWithNext(`start transaction read only; select set_config('app.user_id', 'someone', true) as u`);
      const res = await c.query(text, [40, 2, ['x', null], at]);
      expect(res.rows).toEqual([{ sum: 42, list: ['x', null], at }]);
      expect(await row).toEqual({ u: 'someone' });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^start transaction read only; select set_config\(.*\) as u; EXECUTE "s[\w-]+"\('40', '2', '\{"x",NULL\}', '2026-11-29T/);
      // in the transaction it started
      expect((await c.query(`select current_setting('app.user_id', true) as u`)).rows[0].u).toBe('someone');
      await c.query('commit');
      // a statement not yet prepared on this connection waits behind the start, sent alone
      sent.length = 0;
      const alone = c.beginWithNext(`start transaction read only; select 7 as n`);
      expect((await c.query('select $1::int * 2 as d', [21])).rows).toEqual([{ d: 42 }]);
      expect(await alone).toEqual({ n: 7 });
      expect(sent[0]).toBe('start transaction read only; select 7 as n');
      expect(sent.slice(1)).toContain('bind');
      await c.query('commit');
    }));

  it('sends the statements asked for together behind the start in that message, and fails them together', () =>
    recordedClient(async (c, recorded) => {
      const twice = 'select $1::int * 2 as d';
      const when = 'select $1::timestamptz as at';
      const ratio = 'select 10 / $1::int as r';
      for (const [text, v] of [[twice, 1], [when, new Date()], [ratio, 1]] as const) await c.query(text, [v]);
      // the simple queries (what goes with a transaction's start), not the extended protocol's messages
      const simple = () => recorded.filter((m) => !['parse', 'bind', 'execute'].includes(m));
      recorded.length = 0;
      const at = new Date('2026-11-29T01:02:03.456Z');
      const row = c.beginWithNext(`start transaction read only; select 7 as n`);
      const [a, b] = await Promise.all([c.query({ text: twice, values: [21], types: ISO_TIMES }), c.query({ text: when, values: [at], types: ISO_TIMES })]);
      expect(a.rows).toEqual([{ d: 42 }]);
      // the message's rows are parsed with the types of the statements in it
      expect(b.rows).toEqual([{ at: '2026-11-29T01:02:03.456Z' }]);
      expect(await row).toEqual({ n: 7 });
      expect(simple()).toEqual([expect.stringMatching(/^start transaction read only; select 7 as n; EXECUTE "s[\w-]+"\('21'\); EXECUTE "s[\w-]+"\('2026-11-29T/)]);
      await c.query('commit');

      // other type parsers than the first's: that one follows the message
      recorded.length = 0;
      const mixed = c.beginWithNext(`start transaction read only; select 6 as n`);
      const [d, e] = await Promise.all([c.query(twice, [3]), c.query({ text: when, values: [at], types: ISO_TIMES })]);
      expect([d.rows, e.rows, await mixed]).toEqual([[{ d: 6 }], [{ at: '2026-11-29T01:02:03.456Z' }], { n: 6 }]);
      expect(simple()).toEqual([expect.stringMatching(/^start transaction read only; select 6 as n; EXECUTE "s[\w-]+"\('3'\)$/)]);
      await c.query('commit');

      // one that fails: PostgreSQL runs nothing after it, and both are answered with its error
      recorded.length = 0;
      const failing = c.beginWithNext(`start transaction read only; select 8 as n`);
      const results = await Promise.allSettled([c.query(ratio, [0]), c.query(twice, [5])]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(results.map((r) => String((r as PromiseRejectedResult).reason))).toEqual([expect.stringMatching(/division by zero/), expect.stringMatching(/division by zero/)]);
      expect(await failing).toBeNull();
      expect(simple()).toHaveLength(1);
      await c.query('rollback');
      expect((await c.query(twice, [4])).rows).toEqual([{ d: 8 }]);

      // a statement asked for later, after an await, goes on its own
      recorded.length = 0;
      const later = c.beginWithNext(`start transaction read only; select 9 as n`);
      expect((await c.query(twice, [1])).rows).toEqual([{ d: 2 }]);
      expect((await c.query(twice, [2])).rows).toEqual([{ d: 4 }]);
      expect(await later).toEqual({ n: 9 });
      expect(simple()).toEqual([expect.stringMatching(/^start transaction read only; select 9 as n; EXECUTE "s[\w-]+"\('1'\)$/)]);
      await c.query('commit');
    }));

  /** The first app_enter(), exactly as migration 1764900000000's down() runs it (the recording of landed migrations). */
  const FIRST_APP_ENTER = migrationSql.find((m) => m.name === 'LighterEnter1764900000000')!.down[0].sql;

  it('enters the same scope with the one-statement app_enter() as with the first version (migration 1764900000000)', async () => {
    // the first version, as migration 1764900000000's down() puts it back, beside the current one in this session only
    const sup = new Client({ connectionString: process.env.TEST_SUPER_DATABASE_URL });
    await sup.connect();
    try {
      await sup.query(FIRST_APP_ENTER.replace('function app_enter(', 'function pg_temp.app_enter_v1('));
      const settings = `select current_setting('app.firm_id', true) f, current_setting('app.user_id', true) u, current_setting('app.role', true) r,
        current_setting('app.all_clients', true) a, current_setting('app.client_ids', true) c`;
      const enter = async (fn: string, firmId: string, userId: string) => {
        const [, row, set] = (await sup.query(`begin; select * from ${fn}('${firmId}', '${userId}'); ${settings}; `)) as unknown as { rows: unknown[] }[];
        await sup.query('rollback');
        return { row: row.rows, set: set.rows[0] };
      };
      const users = [w.a.manager.user.id, w.a.consultant.user.id, w.a.clientAdmin.user.id, w.a.otherClientAdmin.id];
      for (const id of users) {
        const now = await enter('app_enter', w.a.firmId, id);
        expect(now.row).toHaveLength(1);
        expect(now).toEqual(await enter('pg_temp.app_enter_v1', w.a.firmId, id));
      }
      // another firm's user: no row and no scope from either
      const none = await enter('app_enter', w.a.firmId, w.b.consultant.id);
      expect(none.row).toEqual([]);
      expect(none).toEqual(await enter('pg_temp.app_enter_v1', w.a.firmId, w.b.consultant.id));
    } finally {
      await sup.end();
    }
  });

  it('remembers a verified access token only until it expires, and never a forged one', async () => {
    const jwt = new JwtService({});
    const sign = (expiresIn: number, secret = t.config.jwtSecret) =>
      jwt.sign(
        // the manager's session (sid), as a token the server signs carries it
        { sub: w.a.manager.user.id, fid: w.a.firmId, sid: sessionIdOf(w.a.manager.token), typ: 'access' },
        { algorithm: 'HS256', expiresIn, issuer: JWT_ISSUER, secret },
      );
    const me = (token: string) => t.api().get('/api/auth/me').set({ Authorization: `Bearer ${token}` });
    const short = sign(2);
    expect((await me(short)).status).toBe(200);
    expect((await me(short)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2600));
    expect((await me(short)).status).toBe(401);
    // another key, or the right token with a changed signature: refused every time
    const forged = sign(600, 'another-secret-that-is-long-enough-0123456789');
    expect((await me(forged)).status).toBe(401);
    const good = sign(600);
    expect((await me(good)).status).toBe(200);
    const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    expect((await me(tampered)).status).toBe(401);
    expect((await me(good)).status).toBe(200);
  });
});
