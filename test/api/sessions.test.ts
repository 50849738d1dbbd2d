import { createHmac, randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { connect } from '../support/db';
import { createUser, login, makeWorld, PASSWORD, sessionIdOf, startApp, type Session, type TestApp, type World } from '../support/app';

describe('sessions', () => {
  let t: TestApp;
  let w: World;
  let sup: Client;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
    sup = await connect('super');
  });
  afterAll(async () => {
    await sup.end();
    await t.close();
  });

  const me = (s: Session | string) => t.api().get('/api/auth/me').set('Authorization', `Bearer ${typeof s === 'string' ? s : s.token}`);
  /** A read served by Nest, one served from the Fastify hook (direct route), and a write. */
  const requests = (token: string) => [
    t.api().get('/api/auth/me').set('Authorization', `Bearer ${token}`),
    t.api().get('/api/incidents').set('Authorization', `Bearer ${token}`),
    t.api().post('/api/incidents').set('Authorization', `Bearer ${token}`).send({}),
  ];
  const statuses = async (token: string) => (await Promise.all(requests(token))).map((r) => r.status);
  const row = async (sid: string) => (await sup.query('select * from sessions where id = $1', [sid])).rows[0];
  const consultant = async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    return { ...u, session: await login(t, u.email) };
  };

  it('a sign-in starts a session: the access token carries its id; device, address, start and last use are kept', async () => {
    const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
    const res = await t.api().post('/api/auth/login').set('User-Agent', 'Mozilla/5.0 (Test) Sessions').send({ email: u.email, password: PASSWORD });
    expect(res.status).toBe(200);
    const sid = sessionIdOf(res.body.accessToken);
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(sid)).toMatchObject({
      firm_id: w.a.firmId,
      user_id: u.id,
      user_agent: 'Mozilla/5.0 (Test) Sessions',
      ip: '127.0.0.1',
      ended_at: null,
      ended_reason: null,
    });
    // its refresh tokens are its family
    const [, tokenId] = res.body.refreshToken.split('.');
    expect((await sup.query('select family_id from refresh_tokens where id = $1', [tokenId])).rows[0].family_id).toBe(sid);
  });

  it('after logout the old access token is refused on the very next request, by reads and writes; other sessions live on', async () => {
    const u = await consultant();
    const other = await login(t, u.email);
    // warm: the server now knows this user's scope (reads are answered before the scope is confirmed)
    expect((await me(u.session)).status).toBe(200);
    expect((await t.api().get('/api/incidents').set(u.session.auth)).status).toBe(200);
    expect((await t.api().post('/api/auth/logout').set(u.session.auth).send({})).status).toBe(204);
    expect(await statuses(u.session.token)).toEqual([401, 401, 401]);
    expect((await t.api().post('/api/auth/refresh').send({ refreshToken: u.session.refreshToken })).status).toBe(401);
    expect(await row(sessionIdOf(u.session.token))).toMatchObject({ ended_reason: 'logout', ended_at: expect.any(Date) });
    // the user's other session is not touched
    expect((await me(other)).status).toBe(200);
    expect((await row(sessionIdOf(other.token))).ended_at).toBeNull();
  });

  it("a reused refresh token ends its session: the session's access tokens are refused at once", async () => {
    const u = await consultant();
    const first = u.session;
    const next = await t.api().post('/api/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(next.status).toBe(200);
    expect(sessionIdOf(next.body.accessToken)).toBe(sessionIdOf(first.token));
    expect((await me(next.body.accessToken)).status).toBe(200);
    expect((await me(first)).status).toBe(200);
    // the spent token again (stolen): the session ends
    expect((await t.api().post('/api/auth/refresh').send({ refreshToken: first.refreshToken })).status).toBe(401);
    expect(await statuses(next.body.accessToken)).toEqual([401, 401, 401]);
    expect(await statuses(first.token)).toEqual([401, 401, 401]);
    expect((await t.api().post('/api/auth/refresh').send({ refreshToken: next.body.refreshToken })).status).toBe(401);
    expect(await row(sessionIdOf(first.token))).toMatchObject({ ended_reason: 'refresh_reuse' });
  });

  it('a new password (the user changes it) ends every other session of theirs at once; the one that changed it goes on', async () => {
    const u = await consultant();
    const second = await login(t, u.email);
    expect((await me(u.session)).status).toBe(200);
    expect((await me(second)).status).toBe(200);
    const change = await t.api().post('/api/auth/change-password').set(second.auth).send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-passphrase-77' });
    expect(change.status).toBe(200);
    expect(await statuses(u.session.token)).toEqual([401, 401, 401]);
    expect(await row(sessionIdOf(u.session.token))).toMatchObject({ ended_reason: 'password_changed' });
    expect(await statuses(second.token)).toEqual([200, 200, 400]);
    const fresh = await login(t, u.email, 'a-brand-new-passphrase-77');
    expect((await me(fresh)).status).toBe(200);
    // the manager's own session is not touched
    expect((await me(w.a.manager)).status).toBe(200);
  });

  it('a live session keeps working across refreshes, and a refresh records its use', async () => {
    const u = await consultant();
    const before = await row(sessionIdOf(u.session.token));
    let s = { accessToken: u.session.token, refreshToken: u.session.refreshToken };
    for (let i = 0; i < 3; i++) {
      const res = await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken });
      expect(res.status).toBe(200);
      s = res.body;
      expect(await statuses(s.accessToken)).toEqual([200, 200, 400]);
    }
    const after = await row(sessionIdOf(u.session.token));
    expect(after.ended_at).toBeNull();
    expect(after.last_used_at.getTime()).toBeGreaterThan(before.last_used_at.getTime());
    expect(after.expires_at.getTime()).toBeGreaterThan(before.expires_at.getTime());
  });

  describe("a token naming another firm's session", () => {
    /** An access token signed with the server's key, as a forger who had it would make one. */
    function sign(payload: Record<string, unknown>): string {
      const enc = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ typ: 'access', iss: 'incident-desk', iat: now, exp: now + 600, ...payload })}`;
      return `${body}.${createHmac('sha256', t.config.jwtSecret).update(body).digest('base64url')}`;
    }

    it('is refused (401), while the same forgery with the user\'s own session is accepted', async () => {
      const a = w.a.consultant;
      const own = sign({ sub: a.user.id, fid: w.a.firmId, sid: sessionIdOf(a.token) });
      expect((await me(own)).status).toBe(200); // the forging itself works
      const foreign = sign({ sub: a.user.id, fid: w.a.firmId, sid: sessionIdOf(w.b.manager.token) });
      expect(await statuses(foreign)).toEqual([401, 401, 401]);
      const othersInFirm = sign({ sub: a.user.id, fid: w.a.firmId, sid: sessionIdOf(w.a.manager.token) });
      expect(await statuses(othersInFirm)).toEqual([401, 401, 401]);
      expect((await me(sign({ sub: a.user.id, fid: w.a.firmId }))).status).toBe(401);
      expect((await me(sign({ sub: a.user.id, fid: w.a.firmId, sid: randomUUID() }))).status).toBe(401);
    });

    it('enters no scope in the database: app_enter_scope() finds no live session of that user in that firm', async () => {
      const app = await connect('app');
      try {
        const enter = async (sid: string | null) => {
          await app.query('begin');
          try {
            const r = await app.query(
              `select app_enter_scope($1, $2, $3) as s, current_setting('app.firm_id', true) as firm, (select count(*)::int from clients) as clients`,
              [w.a.firmId, w.a.consultant.user.id, sid],
            );
            return r.rows[0];
          } finally {
            await app.query('rollback');
          }
        };
        const own = await enter(sessionIdOf(w.a.consultant.token));
        expect(own.s[0]).toBe(w.a.consultant.user.id);
        expect(own.firm).toBe(w.a.firmId);
        for (const sid of [sessionIdOf(w.b.manager.token), sessionIdOf(w.a.manager.token), randomUUID(), null]) {
          const r = await enter(sid);
          expect({ sid, s: r.s, firm: r.firm || null, clients: r.clients }).toEqual({ sid, s: null, firm: null, clients: 0 });
        }
        // an ended session enters nothing either
        const u = await consultant();
        expect((await t.api().post('/api/auth/logout').set(u.session.auth).send({})).status).toBe(204);
        await app.query('begin');
        const ended = await app.query('select app_enter_scope($1, $2, $3) as s', [w.a.firmId, u.id, sessionIdOf(u.session.token)]);
        await app.query('rollback');
        expect(ended.rows[0].s).toBeNull();
      } finally {
        await app.end();
      }
    });
  });
});
