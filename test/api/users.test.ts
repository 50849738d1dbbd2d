import { randomUUID } from 'node:crypto';
import {
  createClient, createUser, listQuery, login, makeFirm, makeWorld, PASSWORD, setPasswordDirectly, startApp, type Session, type TestApp, type World,
} from '../support/app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const USER_KEYS = ['active', 'clientId', 'createdAt', 'email', 'firmId', 'id', 'invitationPending', 'locale', 'name', 'role', 'updatedAt'];
/** what POST answers: the user, and how the invitation went */
const CREATED_KEYS = [...USER_KEYS, 'invitation'].sort();

/** Nothing that looks like a password or its hash. */
function expectNoSecrets(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/password/i);
  expect(text).not.toMatch(/scrypt/i);
  expect(text).not.toContain(PASSWORD);
}

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.field))];

describe('users', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startApp();
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const email = (tag = 'u') => `${tag}-${randomUUID().slice(0, 8)}@${w.a.slug}.test`;
  /**
   * POST /api/users (an invitation: no password in the body); `password`, when given, is then set as accepting the
   * invitation would (test/api/invitations.test.ts accepts them for real).
   */
  const post = async (s: Session, { password, ...body }: Record<string, unknown>) => {
    const res = await t.api().post('/api/users').set(s.auth).send(body);
    if (res.status === 201 && typeof password === 'string') await setPasswordDirectly(t, res.body.firmId, res.body.id, password);
    return res;
  };
  const count = async (s: Session) => {
    const res = await t.api().get('/api/users').set(s.auth);
    return Number(/\/(\d+)$/.exec(res.headers['content-range'])![1]);
  };

  describe('create', () => {
    it.each([
      ['consultant', false],
      ['manager', false],
      ['client_admin', true],
    ])('a manager creates a %s, who can then sign in with that role', async (role, withClient) => {
      const address = email(role);
      const body = {
        email: address,
        name: `New ${role}`,
        role,
        password: 'a-long-enough-password',
        locale: 'en',
        ...(withClient ? { clientId: w.a.assigned.id } : {}),
      };
      const res = await post(w.a.manager, body);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(CREATED_KEYS);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        firmId: w.a.firmId,
        email: address,
        name: `New ${role}`,
        role,
        clientId: withClient ? w.a.assigned.id : null,
        locale: 'en',
        active: true,
        invitationPending: true,
        // no SMTP_URL in this file's app: nothing could be sent (test/api/invitations.test.ts sends them)
        invitation: { emailSent: false, expiresAt: expect.any(String) },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expectNoSecrets(res.body);
      const s = await login(t, address, 'a-long-enough-password');
      expect(s.user).toMatchObject({ id: res.body.id, role, firmId: w.a.firmId, clientId: withClient ? w.a.assigned.id : null });
      const me = await t.api().get('/api/auth/me').set(s.auth);
      expect(me.body.role).toBe(role);
    });

    it('stores the email in lower case, defaults locale to zh-CN and active to true, and trims the name', async () => {
      const address = email('mixed');
      const res = await post(w.a.manager, { email: address.toUpperCase(), name: '  陈磊  ', role: 'consultant', password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: address, name: '陈磊', locale: 'zh-CN', active: true });
      // sign-in does not care about case either
      expect((await t.api().post('/api/auth/login').send({ email: address.toUpperCase(), password: PASSWORD })).status).toBe(200);
    });

    it('an inactive user can be created, and cannot sign in', async () => {
      const address = email('inactive');
      const res = await post(w.a.manager, { email: address, name: 'Dormant', role: 'consultant', password: PASSWORD, active: false });
      expect(res.status).toBe(201);
      expect(res.body.active).toBe(false);
      expect((await t.api().post('/api/auth/login').send({ email: address, password: PASSWORD })).status).toBe(401);
    });

    const bad: [string, () => Record<string, unknown>, string][] = [
      ['a client admin without clientId', () => ({ role: 'client_admin' }), 'clientId'],
      ['a client admin with clientId null', () => ({ role: 'client_admin', clientId: null }), 'clientId'],
      ['a client admin with a malformed clientId', () => ({ role: 'client_admin', clientId: 'abc' }), 'clientId'],
      ['a client admin of an unknown client', () => ({ role: 'client_admin', clientId: randomUUID() }), 'clientId'],
      ["a client admin of another firm's client", () => ({ role: 'client_admin', clientId: w.b.client.id }), 'clientId'],
      ['a consultant with a clientId', () => ({ role: 'consultant', clientId: w.a.assigned.id }), 'clientId'],
      ['a manager with a clientId', () => ({ role: 'manager', clientId: w.a.assigned.id }), 'clientId'],
      ['a password (people set their own, from the invitation)', () => ({ password: PASSWORD }), 'password'],
      ['a malformed email', () => ({ email: 'not-an-email' }), 'email'],
      ['an unknown role', () => ({ role: 'admin' }), 'role'],
      ['an unknown locale', () => ({ locale: 'fr' }), 'locale'],
      ['an empty name', () => ({ name: '' }), 'name'],
      ['a firmId in the body', () => ({ firmId: w.b.firmId }), 'firmId'],
      ['a passwordHash in the body', () => ({ passwordHash: 'scrypt$10$8$1$x$y' }), 'passwordHash'],
    ];
    it.each(bad)('%s: 400 naming the field, nothing written', async (_label, change, field) => {
      const before = await count(w.a.manager);
      const address = email('bad');
      const res = await t.api().post('/api/users').set(w.a.manager.auth).send({ email: address, name: 'Bad', role: 'consultant', ...change() });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(fieldsOf(res)).toEqual([field]);
      expect(await count(w.a.manager)).toBe(before);
      expect((await t.api().get('/api/users').query(listQuery({ filter: { q: address } })).set(w.a.manager.auth)).body).toEqual([]);
    });

    it('a duplicate email in the same firm is a 409 naming email: as it is, in another case, in full-width forms', async () => {
      const address = email('dup');
      expect((await post(w.a.manager, { email: address, name: 'First', role: 'consultant', password: PASSWORD })).status).toBe(201);
      const before = await count(w.a.manager);
      const fullWidth = [...address.split('@')[0]].map((c) => (/[a-z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
      for (const e of [address, address.toUpperCase(), `${fullWidth}@${address.split('@')[1]}`]) {
        const res = await post(w.a.manager, { email: e, name: 'Second', role: 'manager', password: PASSWORD });
        expect({ e, status: res.status }).toEqual({ e, status: 409 });
        expect(res.body).toMatchObject({ statusCode: 409, code: 'conflict', errors: [{ field: 'email', message: expect.any(String) }] });
      }
      expect(await count(w.a.manager)).toBe(before);
      // the first account is untouched
      expect((await login(t, address)).user.firmId).toBe(w.a.firmId);
    });

    it("says nothing about other firms: another firm's address gets the same answer, of the same shape, as a fresh one", async () => {
      const taken = email('taken'); // an account of firm A
      expect((await post(w.a.manager, { email: taken, name: 'In A', role: 'consultant', password: PASSWORD })).status).toBe(201);
      const fresh = `fresh-${randomUUID().slice(0, 8)}@${w.b.slug}.test`;
      const a = await post(w.b.manager, { email: taken, name: 'In B', role: 'consultant', password: 'another-long-password' });
      const b = await post(w.b.manager, { email: fresh, name: 'In B', role: 'consultant', password: 'another-long-password' });
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(Object.keys(a.body).sort()).toEqual(CREATED_KEYS);
      expect(Object.keys(b.body).sort()).toEqual(CREATED_KEYS);
      expect(a.body).toEqual({
        ...b.body, id: a.body.id, email: taken, createdAt: a.body.createdAt, updatedAt: a.body.updatedAt,
        invitation: { ...b.body.invitation, expiresAt: a.body.invitation.expiresAt },
      });
      expect(a.body.firmId).toBe(w.b.firmId);
      // two accounts of one person, each signing in with its own password to its own firm
      expect((await login(t, taken)).user.firmId).toBe(w.a.firmId);
      expect((await login(t, taken, 'another-long-password')).user.firmId).toBe(w.b.firmId);
    });

    it('parallel creates of one address: one 201, the others 409, one user', async () => {
      const address = email('race');
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => post(w.a.manager, { email: address, name: `Racer ${i}`, role: 'consultant', password: PASSWORD })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      const found = await t.api().get('/api/users').query(listQuery({ filter: { q: address } })).set(w.a.manager.auth);
      expect(found.body).toHaveLength(1);
    });
  });

  describe('passwords never leave the server', () => {
    it('not in create, show, list, update, reset, login or me', async () => {
      const created = await post(w.a.manager, { email: email('secret'), name: 'Secretive', role: 'consultant', password: PASSWORD });
      expect(created.status).toBe(201);
      expectNoSecrets(created.body);
      const id = created.body.id;
      const show = await t.api().get(`/api/users/${id}`).set(w.a.manager.auth);
      expect(show.status).toBe(200);
      expect(Object.keys(show.body).sort()).toEqual(USER_KEYS);
      expectNoSecrets(show.body);
      const listed = await t.api().get('/api/users').query(listQuery({ range: [0, 999] })).set(w.a.manager.auth);
      expect(listed.body.length).toBeGreaterThanOrEqual(5);
      for (const u of listed.body) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
      expectNoSecrets(listed.body);
      const many = await t.api().get('/api/users').query(listQuery({ filter: { id: [id] } })).set(w.a.manager.auth);
      expectNoSecrets(many.body);
      const updated = await t.api().put(`/api/users/${id}`).set(w.a.manager.auth).send({ name: 'Still secretive' });
      expect(updated.status).toBe(200);
      expectNoSecrets(updated.body);
      const reset = await t.api().post(`/api/users/${id}/reset-password`).set(w.a.manager.auth);
      expect(reset.status).toBe(200);
      expect(reset.body).toEqual({ emailSent: false });
      const s = await t.api().post('/api/auth/login').send({ email: created.body.email, password: PASSWORD });
      expect(JSON.stringify(s.body)).not.toMatch(/scrypt|passwordHash/);
      expect(JSON.stringify(s.body)).not.toContain(PASSWORD);
      const me = await t.api().get('/api/auth/me').set('Authorization', `Bearer ${s.body.accessToken}`);
      expectNoSecrets(me.body);
    });
  });

  describe('update', () => {
    it('a manager edits name, email, locale and active; PUT returns the record', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const address = email('renamed');
      const res = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ name: 'Renamed', email: address.toUpperCase(), locale: 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: u.id, name: 'Renamed', email: address, locale: 'en', role: 'consultant', active: true, clientId: null });
      expect((await t.api().get(`/api/users/${u.id}`).set(w.a.manager.auth)).body).toEqual(res.body);
      // the new email signs in, the old one no longer does
      expect((await t.api().post('/api/auth/login').send({ email: address, password: PASSWORD })).status).toBe(200);
      expect((await t.api().post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(401);
    });

    it("changing the email to another user's of the firm is a 409; another firm's is no concern; keeping one's own is fine", async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const a = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ email: w.a.consultant.user.email.toUpperCase() });
      expect(a.status).toBe(409);
      expect(a.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
      const other = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const inB = `in-b-${randomUUID().slice(0, 8)}@${w.b.slug}.test`;
      expect((await post(w.b.manager, { email: inB, name: 'In B', role: 'consultant', password: 'another-long-password' })).status).toBe(201);
      const b = await t.api().put(`/api/users/${other.id}`).set(w.a.manager.auth).send({ email: inB });
      expect(b.status).toBe(200);
      expect(b.body.email).toBe(inB);
      const same = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ email: u.email, name: 'Same email' });
      expect(same.status).toBe(200);
      expect(same.body.email).toBe(u.email);
    });

    it('changes role: a client admin needs a client, a consultant has none, and a former consultant keeps no assignments', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const asg = await t.api().post('/api/assignments').set(w.a.manager.auth).send({ consultantId: u.id, clientId: w.a.unassigned.id });
      expect(asg.status).toBe(201);
      const noClient = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ role: 'client_admin' });
      expect(noClient.status).toBe(400);
      expect(fieldsOf(noClient)).toEqual(['clientId']);
      const withClient = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ role: 'client_admin', clientId: w.a.unassigned.id });
      expect(withClient.status).toBe(200);
      expect(withClient.body).toMatchObject({ role: 'client_admin', clientId: w.a.unassigned.id });
      const left = await t.api().get('/api/assignments').query(listQuery({ filter: { consultantId: u.id } })).set(w.a.manager.auth);
      expect(left.body).toEqual([]);
      // back to consultant: the client goes
      const back = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ role: 'consultant' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ role: 'consultant', clientId: null });
      const withClientAgain = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send({ clientId: w.a.assigned.id });
      expect(withClientAgain.status).toBe(400);
      expect(fieldsOf(withClientAgain)).toEqual(['clientId']);
    });

    it('refuses bad input with 400 naming the field, and changes nothing', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const original = (await t.api().get(`/api/users/${u.id}`).set(w.a.manager.auth)).body;
      const cases: [Record<string, unknown>, string][] = [
        [{ email: 'nope' }, 'email'],
        [{ role: 'root' }, 'role'],
        [{ active: 'no' }, 'active'],
        [{ locale: 'de' }, 'locale'],
        [{ password: 'a-new-long-password' }, 'password'],
        [{ firmId: w.b.firmId }, 'firmId'],
      ];
      for (const [body, field] of cases) {
        const res = await t.api().put(`/api/users/${u.id}`).set(w.a.manager.auth).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fieldsOf(res)).toEqual([field]);
      }
      expect((await t.api().get(`/api/users/${u.id}`).set(w.a.manager.auth)).body).toEqual(original);
      expect((await t.api().post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
    });

    it('a manager cannot deactivate or demote themselves (400), and stays an active manager', async () => {
      const f = await makeFirm(t, 'Self');
      const me = f.manager;
      const off = await t.api().put(`/api/users/${me.user.id}`).set(me.auth).send({ active: false });
      expect(off.status).toBe(400);
      expect(fieldsOf(off)).toEqual(['active']);
      const demote = await t.api().put(`/api/users/${me.user.id}`).set(me.auth).send({ role: 'consultant' });
      expect(demote.status).toBe(400);
      expect(fieldsOf(demote)).toEqual(['role']);
      const now = await t.api().get('/api/auth/me').set(me.auth);
      expect(now.status).toBe(200);
      expect(now.body.role).toBe('manager');
      // editing one's own name is fine
      const rename = await t.api().put(`/api/users/${me.user.id}`).set(me.auth).send({ name: 'Renamed manager', active: true });
      expect(rename.status).toBe(200);
      expect(rename.body).toMatchObject({ name: 'Renamed manager', active: true, role: 'manager' });
      // another manager may deactivate this one
      const second = await createUser(t, me, f.slug, { role: 'manager' });
      const s2 = await login(t, second.email);
      expect((await t.api().put(`/api/users/${me.user.id}`).set(s2.auth).send({ active: false })).status).toBe(200);
      expect((await t.api().get('/api/auth/me').set(me.auth)).status).toBe(401);
    });

    it("another firm's user, an unknown id and a malformed id answer 404", async () => {
      for (const id of [w.b.consultant.id, w.b.manager.user.id, randomUUID(), 'nope']) {
        expect((await t.api().get(`/api/users/${id}`).set(w.a.manager.auth)).status).toBe(404);
        expect((await t.api().put(`/api/users/${id}`).set(w.a.manager.auth).send({ name: 'x' })).status).toBe(404);
        expect((await t.api().post(`/api/users/${id}/reset-password`).set(w.a.manager.auth)).status).toBe(404);
      }
      // and firm B's consultant still signs in with the old password
      const b = await t.api().get(`/api/users/${w.b.consultant.id}`).set(w.b.manager.auth);
      expect(b.body.name).not.toBe('x');
    });
  });

  describe('reset password (by a manager)', () => {
    it('sends a link (no password in the body); the old password and the sessions keep working until the link is used', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      const s1 = await login(t, u.email);
      const res = await t.api().post(`/api/users/${u.id}/reset-password`).set(w.a.manager.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ emailSent: false });
      expect((await t.api().post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s1.refreshToken })).status).toBe(200);
    });

    it('a manager cannot type a password for someone (400 naming password), and the old one keeps working', async () => {
      const u = await createUser(t, w.a.manager, w.a.slug, { role: 'client_admin', clientId: w.a.assigned.id });
      const s = await login(t, u.email);
      const res = await t.api().post(`/api/users/${u.id}/reset-password`).set(w.a.manager.auth).send({ password: 'brand-new-password-2026' });
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(['password']);
      expect((await t.api().post('/api/auth/login').send({ email: u.email, password: 'brand-new-password-2026' })).status).toBe(401);
      expect((await t.api().post('/api/auth/login').send({ email: u.email, password: PASSWORD })).status).toBe(200);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(200);
    });

    it('consultants and client admins cannot reset anyone (403), not even themselves', async () => {
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        for (const id of [s.user.id, w.a.manager.user.id]) {
          const res = await t.api().post(`/api/users/${id}/reset-password`).set(s.auth);
          expect(res.status).toBe(403);
        }
      }
    });
  });

  describe('list', () => {
    let f: { firmId: string; manager: Session; slug: string };
    let client: { id: string };
    let ids: Record<string, string>;
    beforeAll(async () => {
      f = await makeFirm(t, 'Users list');
      client = await createClient(t, f.manager);
      ids = {
        anna: (await createUser(t, f.manager, f.slug, { role: 'consultant', name: 'Anna' })).id,
        bob: (await createUser(t, f.manager, f.slug, { role: 'client_admin', clientId: client.id, name: 'Bob' })).id,
        cleo: (await createUser(t, f.manager, f.slug, { role: 'consultant', name: 'Cleo' })).id,
      };
      await t.api().put(`/api/users/${ids.cleo}`).set(f.manager.auth).send({ active: false });
    });
    const names = (res: { body: { name: string }[] }) => res.body.map((u) => u.name);
    const get = (params: Parameters<typeof listQuery>[0]) => t.api().get('/api/users').query(listQuery(params)).set(f.manager.auth);

    it("lists the firm's users with Content-Range, sorted and paged", async () => {
      const all = await get({});
      expect(all.status).toBe(200);
      expect(all.headers['content-range']).toBe('users 0-3/4');
      expect(names(all)).toEqual(['Anna', 'Bob', 'Cleo', 'Users list Manager']);
      expect(all.body.every((u: { firmId: string }) => u.firmId === f.firmId)).toBe(true);
      const desc = await get({ sort: ['name', 'DESC'], range: [0, 1] });
      expect(names(desc)).toEqual(['Users list Manager', 'Cleo']);
      expect(desc.headers['content-range']).toBe('users 0-1/4');
    });

    it('filters by role, client, active flag, id and q', async () => {
      expect(names(await get({ filter: { role: 'consultant' } }))).toEqual(['Anna', 'Cleo']);
      expect(names(await get({ filter: { role: ['manager', 'client_admin'] } }))).toEqual(['Bob', 'Users list Manager']);
      expect(names(await get({ filter: { clientId: client.id } }))).toEqual(['Bob']);
      expect(names(await get({ filter: { active: false } }))).toEqual(['Cleo']);
      expect(names(await get({ filter: { id: [ids.anna, ids.bob, w.a.consultant.user.id] } }))).toEqual(['Anna', 'Bob']);
      expect(names(await get({ filter: { q: 'ann' } }))).toEqual(['Anna']);
      expect(names(await get({ filter: { q: `@${f.slug}` } })).length).toBe(4);
      const filtered = await get({ filter: { role: 'consultant', active: true } });
      expect(names(filtered)).toEqual(['Anna']);
      expect(filtered.headers['content-range']).toBe('users 0-0/1');
    });

    it('refuses unknown sorts and filters with 400 naming them', async () => {
      const s = await t.api().get('/api/users').query({ sort: '["passwordHash","ASC"]' }).set(f.manager.auth);
      expect(s.status).toBe(400);
      expect(fieldsOf(s)).toEqual(['sort']);
      const q = await t.api().get('/api/users').query({ filter: '{"passwordHash":"x"}' }).set(f.manager.auth);
      expect(q.status).toBe(400);
      expect(fieldsOf(q)).toEqual(['filter.passwordHash']);
      const r = await t.api().get('/api/users').query({ filter: '{"role":"root"}' }).set(f.manager.auth);
      expect(r.status).toBe(400);
      expect(fieldsOf(r)).toEqual(['filter.role']);
    });
  });

  describe('other roles', () => {
    it('consultants and client admins get 403 on every /api/users endpoint', async () => {
      const someone = await createUser(t, w.a.manager, w.a.slug, { role: 'consultant' });
      for (const s of [w.a.consultant, w.a.clientAdmin]) {
        const calls = [
          t.api().get('/api/users').set(s.auth),
          t.api().get(`/api/users/${someone.id}`).set(s.auth),
          t.api().get(`/api/users/${s.user.id}`).set(s.auth),
          t.api().post('/api/users').set(s.auth).send({ email: email('x'), name: 'X', role: 'manager' }),
          t.api().put(`/api/users/${someone.id}`).set(s.auth).send({ active: false }),
          t.api().put(`/api/users/${s.user.id}`).set(s.auth).send({ role: 'manager' }),
        ];
        const results = await Promise.all(calls);
        expect(results.map((r) => r.status)).toEqual(calls.map(() => 403));
        expect(results.map((r) => r.body.code)).toEqual(calls.map(() => 'forbidden'));
      }
      // nothing changed
      const after = await t.api().get(`/api/users/${someone.id}`).set(w.a.manager.auth);
      expect(after.body.active).toBe(true);
      expect((await t.api().get('/api/auth/me').set(w.a.consultant.auth)).body.role).toBe('consultant');
    });

    it('without a token: 401', async () => {
      expect((await t.api().get('/api/users')).status).toBe(401);
      expect((await t.api().post('/api/users').send({})).status).toBe(401);
    });
  });
});
