import { base32Decode, totp } from '../../server/src/auth/totp';
import { createClient, createUser, login, makeFirm, PASSWORD, startApp, type Session, type TestApp } from '../support/app';

/**
 * Two-factor sign-in (TOTP, RFC 6238) against a fixed clock the app is given (no sleeping): setup, enable with the
 * recovery codes shown once, sign-in answering mfa_required until a code is given, no reuse of a step, recovery codes
 * single-use, failed codes counted by the sign-in throttle, parallel uses with one winner, the firm's requirement.
 */
describe('two-factor sign-in', () => {
  let t: TestApp;
  let now = Date.UTC(2026, 11, 7, 9, 0, 0);
  const at = (secret: string, dt = 0) => totp(base32Decode(secret)!, now + dt * 1000);
  const signIn = (email: string, extra: Record<string, unknown> = {}) => t.api().post('/api/auth/login').send({ email, password: PASSWORD, ...extra });

  beforeAll(async () => {
    t = await startApp({ clock: () => now });
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    // a step of its own for every test (no code of one test is a used step of the next)
    now += 10 * 60_000;
  });

  async function consultant(): Promise<{ s: Session; email: string; slug: string; firm: Awaited<ReturnType<typeof makeFirm>> }> {
    const firm = await makeFirm(t, 'MFA');
    const u = await createUser(t, firm.manager, firm.slug, { role: 'consultant' });
    return { s: await login(t, u.email), email: u.email, slug: firm.slug, firm };
  }

  async function enabled(s: Session): Promise<{ secret: string; recoveryCodes: string[] }> {
    const setup = await t.api().post('/api/auth/mfa/setup').set(s.auth).send({});
    expect(setup.status).toBe(200);
    const en = await t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code: at(setup.body.secret) });
    expect(en.status).toBe(200);
    return { secret: setup.body.secret, recoveryCodes: en.body.recoveryCodes };
  }

  it('sets up a secret with its otpauth address and QR code, enables it with a code, and never shows the secret again', async () => {
    const { s, email } = await consultant();
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    const setup = await t.api().post('/api/auth/mfa/setup').set(s.auth).send({});
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toBe(
      `otpauth://totp/Incident%20Desk:${encodeURIComponent(email)}?secret=${setup.body.secret}&issuer=Incident%20Desk&algorithm=SHA1&digits=6&period=30`,
    );
    expect(setup.body.qr).toMatch(/^data:image\/png;base64,/);
    // a wrong code does not enable it: 400 naming the field
    const wrong = String((Number(at(setup.body.secret)) + 1) % 1_000_000).padStart(6, '0');
    const bad = await t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code: wrong });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
    const en = await t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code: at(setup.body.secret) });
    expect(en.status).toBe(200);
    expect(en.body.recoveryCodes).toHaveLength(10);
    expect(new Set(en.body.recoveryCodes).size).toBe(10);
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // enabled: no new setup, no second enable, and the secret is in no answer
    expect((await t.api().post('/api/auth/mfa/setup').set(s.auth).send({})).body.code).toBe('mfa_already_enabled');
    expect((await t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code: at(setup.body.secret, 30) })).status).toBe(409);
    const me = await t.api().get('/api/auth/me').set(s.auth);
    expect(JSON.stringify(me.body)).not.toContain(setup.body.secret);
  });

  it('stores the secret encrypted, never as the base32 the app showed', async () => {
    const { s, firm } = await consultant();
    const { secret } = await enabled(s);
    const { TenantDb } = await import('../../server/src/tenancy/tenant-db.service');
    const db = t.app.get(TenantDb);
    const [row] = await db.runUnscoped({ requestId: 'test', ip: null }, (em) => em.query('select secret_enc from user_mfa where firm_id = $1 and user_id = $2', [firm.firmId, s.user.id]), firm.firmId);
    expect(row.secret_enc).toMatch(/^v1\./);
    expect(row.secret_enc).not.toContain(secret);
    expect(Buffer.from(row.secret_enc.split('.')[3], 'base64url')).not.toEqual(base32Decode(secret));
  });

  it('answers mfa_required until a code is given; a code within one step signs in; the same step never twice', async () => {
    const { s, email } = await consultant();
    const { secret } = await enabled(s);
    const first = await signIn(email);
    expect(first.status).toBe(401);
    expect(first.body).toMatchObject({ code: 'mfa_required' });
    expect(first.body.accessToken).toBeUndefined();
    // the code of the step after enable's (enable used the current one)
    const ok = await signIn(email, { code: at(secret, 30) });
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    // that step again: refused, also from another tab
    expect((await signIn(email, { code: at(secret, 30) })).body.code).toBe('invalid_mfa_code');
    // the clock moves on two steps: the previous one is within the window and later than the last one accepted
    now += 90_000;
    expect((await signIn(email, { code: at(secret, -30) })).status).toBe(200);
    // two steps off: refused
    now += 10 * 60_000;
    expect((await signIn(email, { code: at(secret, -60) })).status).toBe(401);
    expect((await signIn(email, { code: at(secret, 60) })).status).toBe(401);
    // the wrong password with a right code: invalid credentials, the code not used up
    expect((await signIn(email, { password: 'wrong-password-123', code: at(secret) })).body.code).toBe('invalid_credentials');
    expect((await signIn(email, { code: at(secret) })).status).toBe(200);
  });

  it('takes each recovery code once', async () => {
    const { s, email } = await consultant();
    const { recoveryCodes } = await enabled(s);
    const res = await signIn(email, { code: recoveryCodes[0].toUpperCase() });
    expect(res.status).toBe(200);
    expect((await signIn(email, { code: recoveryCodes[0] })).body.code).toBe('invalid_mfa_code');
    expect((await signIn(email, { code: recoveryCodes[1].replace('-', '') })).status).toBe(200);
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body.recoveryCodesLeft).toBe(8);
  });

  it('lets one of parallel sign-ins with one code win, and one of parallel enables', async () => {
    const { s, email } = await consultant();
    const setup = await t.api().post('/api/auth/mfa/setup').set(s.auth).send({});
    const code = at(setup.body.secret);
    const enables = await Promise.all(Array.from({ length: 4 }, () => t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code })));
    expect(enables.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const recoveryCodes: string[] = enables.find((r) => r.status === 200)!.body.recoveryCodes;
    // the codes of the winner are the ones that work
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body.recoveryCodesLeft).toBe(10);
    const withCode = await Promise.all(Array.from({ length: 4 }, () => signIn(email, { code: at(setup.body.secret, 30) })));
    expect(withCode.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    const withRecovery = await Promise.all(Array.from({ length: 4 }, () => signIn(email, { code: recoveryCodes[3] })));
    expect(withRecovery.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body.recoveryCodesLeft).toBe(9);
  });

  it('counts failed codes in the sign-in throttle, and a sign-in without its code does not reset the count', async () => {
    const { s, email } = await consultant();
    const { secret } = await enabled(s);
    const wrong = (dt: number) => String((Number(at(secret, dt)) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 3; i++) expect((await signIn(email, { code: wrong(0) })).status).toBe(401);
    // the right password without a code (given back) and a firm-less retry do not clear the failures
    expect((await signIn(email)).body.code).toBe('mfa_required');
    for (let i = 0; i < 2; i++) expect((await signIn(email, { code: wrong(0) })).status).toBe(401);
    const blocked = await signIn(email, { code: at(secret, 30) });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'too_many_attempts', retryAfterSeconds: expect.any(Number) });
  });

  it('turns two-factor off only with a code, counting wrong ones', async () => {
    const { s, email } = await consultant();
    const { secret } = await enabled(s);
    const bad = await t.api().post('/api/auth/mfa/disable').set(s.auth).send({ code: '000000' === at(secret, 30) ? '111111' : '000000' });
    expect(bad.status).toBe(400);
    expect((await t.api().post('/api/auth/mfa/disable').set(s.auth).send({ code: at(secret, 30) })).status).toBe(204);
    expect((await t.api().get('/api/auth/mfa').set(s.auth)).body).toEqual({ enabled: false, required: false, recoveryCodesLeft: 0 });
    expect((await signIn(email)).status).toBe(200);
    expect((await t.api().post('/api/auth/mfa/disable').set(s.auth).send({ code: at(secret, 30) })).body.code).toBe('mfa_not_enabled');
  });

  it('validates the code field', async () => {
    const { s, email } = await consultant();
    for (const code of [null, 123456, '', 'x'.repeat(21)]) {
      const res = await t.api().post('/api/auth/mfa/enable').set(s.auth).send({ code });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('code');
      const login = await signIn(email, { code });
      expect(login.status).toBe(400);
    }
  });

  describe('required by the firm', () => {
    it('leads staff without it to set it up at sign-in, ends their sessions, leaves client admins alone, and refuses turning it off', async () => {
      const firm = await makeFirm(t, 'Required');
      const c = await createUser(t, firm.manager, firm.slug, { role: 'consultant' });
      const cs = await login(t, c.email);
      const client = await createClient(t, firm.manager);
      const ca = await createUser(t, firm.manager, firm.slug, { role: 'client_admin', clientId: client.id });
      const cas = await login(t, ca.email);
      // the manager turns it on only with two-factor of their own
      const refused = await t.api().put('/api/firm-settings').set(firm.manager.auth).send({ mfaRequired: true });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('mfa_not_enabled');
      const mine = await enabled(firm.manager);
      expect((await t.api().put('/api/firm-settings').set(firm.manager.auth).send({ mfaRequired: true })).body.mfaRequired).toBe(true);
      // the consultant's session without two-factor has ended; the manager's goes on
      expect((await t.api().get('/api/auth/me').set(cs.auth)).status).toBe(401);
      expect((await t.api().get('/api/auth/me').set(firm.manager.auth)).status).toBe(200);
      // sign-in leads them to set it up: the secret to add, the same one again until enabled
      const lead = await signIn(c.email);
      expect(lead.status).toBe(401);
      expect(lead.body.code).toBe('mfa_setup_required');
      expect(lead.body.mfaSetup).toMatchObject({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/), qr: expect.stringMatching(/^data:image\/png/) });
      expect((await signIn(c.email)).body.mfaSetup.secret).toBe(lead.body.mfaSetup.secret);
      // a wrong first code: refused; the right one enables it and signs in, with the recovery codes
      expect((await signIn(c.email, { code: String((Number(at(lead.body.mfaSetup.secret)) + 1) % 1e6).padStart(6, '0') })).body.code).toBe('invalid_mfa_code');
      const first = await signIn(c.email, { code: at(lead.body.mfaSetup.secret) });
      expect(first.status).toBe(200);
      expect(first.body.recoveryCodes).toHaveLength(10);
      const signedIn = { auth: { Authorization: `Bearer ${first.body.accessToken}` } };
      expect((await t.api().get('/api/auth/mfa').set(signedIn.auth)).body).toEqual({ enabled: true, required: true, recoveryCodesLeft: 10 });
      // from now on a code every time, and no turning it off
      expect((await signIn(c.email)).body.code).toBe('mfa_required');
      const off = await t.api().post('/api/auth/mfa/disable').set(signedIn.auth).send({ code: at(lead.body.mfaSetup.secret, 30) });
      expect(off.status).toBe(409);
      expect(off.body.code).toBe('mfa_required');
      // the manager signs in with theirs; a client admin is not staff: no requirement, their session went on
      expect((await signIn(firm.manager.user.email, { code: at(mine.secret, 30) })).status).toBe(200);
      expect((await t.api().get('/api/auth/me').set(cas.auth)).status).toBe(200);
      expect((await signIn(ca.email)).status).toBe(200);
    });
  });
});
