import { randomUUID } from 'node:crypto';
import type { Client as Pg } from 'pg';
import { connect } from '../support/db';
import { createUser, login, makeFirm, makeWorld, PASSWORD, setPasswordDirectly, startApp, type TestApp, type World } from '../support/app';

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
        const res = await t.api().post('/api/users').set(manager.auth).send({ email: address, name: 'Two Firms', role: 'consultant' });
        expect(res.status).toBe(201);
        await setPasswordDirectly(t, res.body.firmId, res.body.id, PASSWORD);
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
      const a = await t.api().post('/api/users').set(w.a.manager.auth).send({ email: mine, name: 'A', role: 'consultant' });
      const b = await t.api().post('/api/users').set(w.b.manager.auth).send({ email: mine, name: 'B', role: 'consultant' });
      await setPasswordDirectly(t, a.body.firmId, a.body.id, PASSWORD);
      await setPasswordDirectly(t, b.body.firmId, b.body.id, 'the-other-password');
      expect((await login(t, mine)).user.firmId).toBe(w.a.firmId);
      expect((await login(t, mine, 'the-other-password')).user.firmId).toBe(w.b.firmId);
    });

    it('answers 400 naming firm when it is not text', async () => {
      const res = await attempt(t, address, PASSWORD, { firm: 42 });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(['firm']);
    });
  });

  describe('the login directory (e-mail → firm, user: what sign-in reads, one firm per account)', () => {
    let sup: Pg;
    beforeAll(async () => {
      sup = await connect('super');
    });
    afterAll(() => sup.end());
    const entries = async (firmId: string, userId: string) =>
      (await sup.query(`select email, firm_id as "firmId", user_id as "userId" from login_directory where firm_id = $1 and user_id = $2`, [firmId, userId])).rows;

    it('has an entry for a new user, written in the same request, and moves it when the address changes', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      expect(await entries(w.a.firmId, u.id)).toEqual([{ email: u.email, firmId: w.a.firmId, userId: u.id }]);
      const moved = `moved-${randomUUID().slice(0, 8)}@example.test`;
      const res = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ email: moved });
      expect(res.status).toBe(200);
      expect(await entries(w.a.firmId, u.id)).toEqual([{ email: moved, firmId: w.a.firmId, userId: u.id }]);
      expect((await attempt(t, u.email, PASSWORD)).status).toBe(401);
      expect((await login(t, moved)).user.id).toBe(u.id);
    });

    it('is what sign-in reads: an account without an entry cannot sign in', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      await sup.query(`delete from login_directory where firm_id = $1 and user_id = $2`, [w.a.firmId, u.id]);
      try {
        expect((await attempt(t, u.email, PASSWORD)).status).toBe(401);
      } finally {
        await sup.query(`insert into login_directory (email, firm_id, user_id) values ($1, $2, $3)`, [u.email, w.a.firmId, u.id]);
      }
      expect((await attempt(t, u.email, PASSWORD)).status).toBe(200);
    });

    it('stays as it was when the change is refused (an address taken in the firm: 409)', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const taken = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const res = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ email: taken.email });
      expect(res.status).toBe(409);
      expect(await entries(w.a.firmId, u.id)).toEqual([{ email: u.email, firmId: w.a.firmId, userId: u.id }]);
    });

    it('follows the last of parallel changes of one address', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const addresses = Array.from({ length: 6 }, (_, i) => `race-${i}-${randomUUID().slice(0, 6)}@example.test`);
      const results = await Promise.all(addresses.map((email) => t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ email })));
      expect(results.map((r) => r.status)).toEqual(addresses.map(() => 200));
      const now = (await sup.query(`select email from users where firm_id = $1 and id = $2`, [w.a.firmId, u.id])).rows[0].email;
      expect(addresses).toContain(now);
      expect(await entries(w.a.firmId, u.id)).toEqual([{ email: now, firmId: w.a.firmId, userId: u.id }]);
      // every user of the firm has its entry, and no entry is left without its user
      const mismatched = await sup.query(
        `select coalesce(d.email, u.email) as email from login_directory d full join users u on u.firm_id = d.firm_id and u.id = d.user_id
          where coalesce(d.firm_id, u.firm_id) = $1 and (d.email is distinct from u.email)`,
        [w.a.firmId],
      );
      expect(mismatched.rows).toEqual([]);
    });
  });
});
