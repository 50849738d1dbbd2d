import { randomUUID } from 'node:crypto';
import { createUser, login, makeFirm, makeWorld, PASSWORD, startApp, type TestApp, type World } from '../support/app';

/** The address in full-width forms (NFKC folds them back). */
const fullWidth = (s: string) => [...s].map((c) => (/[a-z0-9@.]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

describe('sign-in', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const attempt = (app: TestApp, email: string, password: string, extra: Record<string, unknown> = {}) =>
    app.api().post('/api/auth/login').send({ email, password, ...extra });

  describe('the throttle', () => {
    it('counts padded, upper-case and full-width forms of an address as the one account; 429 carries Retry-After', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const variants = [` ${u.email}`, u.email.toUpperCase(), `\t${u.email} `, fullWidth(u.email), ` ${u.email.toUpperCase()}\u3000`];
      for (const v of variants) expect({ v, status: (await attempt(t, v, 'a-wrong-guess')).status }).toEqual({ v, status: 401 });
      const blocked = await attempt(t, u.email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, code: 'too_many_attempts', retryAfterSeconds: expect.any(Number) });
      expect(blocked.body.retryAfterSeconds).toBeGreaterThan(800);
      expect(blocked.body.retryAfterSeconds).toBeLessThanOrEqual(900);
      expect(blocked.headers['retry-after']).toBe(String(blocked.body.retryAfterSeconds));
      // every form of the address is refused alike
      expect((await attempt(t, ` ${u.email.toUpperCase()}`, PASSWORD)).status).toBe(429);
    });

    it('a padded or upper-case address signs in to the account', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const res = await attempt(t, `  ${u.email.toUpperCase()} `, PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(u.id);
    });

    it('two app servers on one database share the counts', async () => {
      const prefix = `shared-${randomUUID()}`;
      const one = await startApp({ throttleKeyPrefix: prefix });
      const two = await startApp({ throttleKeyPrefix: prefix });
      try {
        const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
        // five wrong tries spread over the two servers: the limit of one (5 per account and address) is reached
        for (const app of [one, two, one, two, one]) expect((await attempt(app, u.email, 'a-wrong-guess')).status).toBe(401);
        for (const app of [one, two]) {
          const res = await attempt(app, u.email, PASSWORD);
          expect(res.status).toBe(429);
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('parallel guesses cannot pass together: five are tried, the rest refused', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(t, u.email, `guess-${i}`)));
      expect(results.map((r) => r.status).sort()).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    });
  });

  describe('an address with accounts in several firms', () => {
    let address: string;
    let other: { firmId: string; slug: string };
    beforeAll(async () => {
      address = `two-firms-${randomUUID().slice(0, 8)}@example.test`;
      const f = await makeFirm(t, 'Second firm');
      other = f;
      // the same person in firm A and in another firm, with the same password
      for (const [manager] of [[w.a.manager], [f.manager]] as const) {
        const res = await t.api().post('/api/users').set(manager.auth).send({ email: address, name: 'Two Firms', role: 'consultant', password: PASSWORD });
        expect(res.status).toBe(201);
      }
    });

    it("asks which firm (409 firm_required with the firms' names) when the password fits more than one", async () => {
      const res = await attempt(t, address, PASSWORD);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'firm_required',
        message: expect.any(String),
        firms: expect.arrayContaining([
          { slug: w.a.slug, name: expect.stringContaining('Firm A') },
          { slug: other.slug, name: expect.stringContaining('Second firm') },
        ]),
      });
      expect(res.body.firms).toHaveLength(2);
      expect(JSON.stringify(res.body)).not.toMatch(/accessToken|firmId|scrypt/);
    });

    it('signs in to the firm named, and only to it', async () => {
      const a = await attempt(t, address, PASSWORD, { firm: w.a.slug });
      expect(a.status).toBe(200);
      expect(a.body.user.firmId).toBe(w.a.firmId);
      const b = await attempt(t, address, PASSWORD, { firm: ` ${other.slug.toUpperCase()}` });
      expect(b.status).toBe(200);
      expect(b.body.user.firmId).toBe(other.firmId);
      // a firm where the address has no account: as a wrong password
      const none = await attempt(t, address, PASSWORD, { firm: w.b.slug });
      expect(none.status).toBe(401);
      expect(none.body).toEqual((await attempt(t, address, 'not-the-password')).body);
    });

    it('tells nothing to someone without the password: a wrong password is the same 401 as for an unknown address', async () => {
      const wrong = await attempt(t, address, 'not-the-password');
      const unknown = await attempt(t, `nobody-${randomUUID().slice(0, 8)}@example.test`, 'not-the-password');
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
    });

    it('signs in directly when the password fits one account only', async () => {
      const mine = `own-pw-${randomUUID().slice(0, 8)}@example.test`;
      await t.api().post('/api/users').set(w.a.manager.auth).send({ email: mine, name: 'A', role: 'consultant', password: PASSWORD });
      await t.api().post('/api/users').set(w.b.manager.auth).send({ email: mine, name: 'B', role: 'consultant', password: 'the-other-password' });
      expect((await login(t, mine)).user.firmId).toBe(w.a.firmId);
      expect((await login(t, mine, 'the-other-password')).user.firmId).toBe(w.b.firmId);
    });

    it('answers 400 naming firm when it is not text', async () => {
      const res = await attempt(t, address, PASSWORD, { firm: 42 });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(['firm']);
    });
  });
});
