import { AuthService } from '../../server/src/auth/auth.service';
import { login, makeWorld, PASSWORD, startApp, type TestApp, type World } from '../support/app';

describe('auth', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('returns tokens and the user without any password field', async () => {
      const res = await t.api().post('/api/auth/login').send({ email: w.a.manager.user.email, password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: expect.objectContaining({ id: w.a.manager.user.id, role: 'manager', firmId: w.a.firmId, clientId: null }),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt/i);
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const payload = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(900);
    });

    it('answers 401 alike for a wrong password and an unknown email', async () => {
      const wrong = await t.api().post('/api/auth/login').send({ email: w.a.manager.user.email, password: 'not-the-password' });
      const unknown = await t.api().post('/api/auth/login').send({ email: 'nobody@nowhere.test', password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
    });

    it('answers 400 naming the field when the body is malformed', async () => {
      const res = await t.api().post('/api/auth/login').send({ email: 'x@y.test' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    });

    it('rejects a token signed with another algorithm or key', async () => {
      const [, payload] = w.a.manager.token.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      expect((await t.api().get('/api/auth/me').set('Authorization', `Bearer ${none}`)).status).toBe(401);
      const tampered = w.a.manager.token.slice(0, -4) + 'AAAA';
      expect((await t.api().get('/api/auth/me').set('Authorization', `Bearer ${tampered}`)).status).toBe(401);
    });
  });

  it('protects everything but login, refresh and health', async () => {
    expect((await t.api().get('/api/health')).status).toBe(200);
    expect((await t.api().get('/api/auth/me')).status).toBe(401);
    expect((await t.api().get('/api/clients')).status).toBe(401);
  });

  describe('refresh', () => {
    it('rotates the refresh token, and a reused one revokes its whole family', async () => {
      const s = await login(t, w.a.consultant.user.email);
      const r1 = await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken });
      expect(r1.status).toBe(200);
      expect(r1.body.refreshToken).not.toBe(s.refreshToken);
      const me = await t.api().get('/api/auth/me').set('Authorization', `Bearer ${r1.body.accessToken}`);
      expect(me.body.id).toBe(w.a.consultant.user.id);
      // the old token again: refused, and the new one dies with it
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: r1.body.refreshToken })).status).toBe(401);
    });

    it('refuses a malformed or forged token', async () => {
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: 'garbage' })).status).toBe(401);
      const [f, i] = w.a.manager.refreshToken.split('.');
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: `${f}.${i}.forged` })).status).toBe(401);
    });

    it('logout ends the session family', async () => {
      const s = await login(t, w.a.consultant.user.email);
      expect((await t.api().post('/api/auth/logout').set(s.auth).send({ refreshToken: s.refreshToken })).status).toBe(204);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    });
  });

  it('a deactivated user gets 401 on the next request, and cannot sign in', async () => {
    const s = await login(t, w.a.clientAdmin.user.email);
    expect((await t.api().get('/api/auth/me').set(s.auth)).status).toBe(200);
    const off = await t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ active: false });
    expect(off.status).toBe(200);
    expect((await t.api().get('/api/auth/me').set(s.auth)).status).toBe(401);
    expect((await t.api().post('/api/auth/login').send({ email: s.user.email, password: PASSWORD })).status).toBe(401);
    expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    await t.api().put(`/api/users/${s.user.id}`).set(w.a.manager.auth).send({ active: true });
    expect((await t.api().get('/api/auth/me').set(s.auth)).status).toBe(200);
  });

  it('a removed assignment takes effect on the next request', async () => {
    const c = w.a.consultant;
    expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(c.auth)).status).toBe(200);
    const list = await t.api().get('/api/assignments').query({ filter: JSON.stringify({ consultantId: c.user.id }) }).set(w.a.manager.auth);
    expect(list.body).toHaveLength(1);
    expect((await t.api().delete(`/api/assignments/${list.body[0].id}`).set(w.a.manager.auth)).status).toBe(200);
    expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(c.auth)).status).toBe(404);
    const again = await t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: c.user.id, clientId: w.a.assigned.id });
    expect(again.status).toBe(201);
    expect((await t.api().get(`/api/clients/${w.a.assigned.id}`).set(c.auth)).status).toBe(200);
  });

  it('throttles guessing per address and account without locking out the real user elsewhere', async () => {
    const email = (await t.api().get(`/api/users/${w.a.otherClientAdmin.id}`).set(w.a.manager.auth)).body.email;
    for (let i = 0; i < 5; i++) {
      expect((await t.api().post('/api/auth/login').send({ email, password: `guess-${i}` })).status).toBe(401);
    }
    // the sixth try from this address is refused even with the right password
    const blocked = await t.api().post('/api/auth/login').send({ email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_attempts');
    // another account from the same address still signs in
    expect((await t.api().post('/api/auth/login').send({ email: w.a.consultant.user.email, password: PASSWORD })).status).toBe(200);
    // and the same account from another address is not locked out (the count is per account and address)
    const throttle = t.app.get(AuthService).throttle;
    expect(await throttle.retryAfter(email, '127.0.0.1')).toBeGreaterThan(0);
    expect(await throttle.retryAfter(email, '198.51.100.7')).toBe(0);
  });
});
