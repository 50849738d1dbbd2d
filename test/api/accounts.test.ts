import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { JobRunner } from '../../server/src/jobs/job-queue';
import { connect } from '../support/db';
import { createClient, createUser, listQuery, login, makeFirm, PASSWORD, sessionIdOf, startApp, type Session, type TestApp } from '../support/app';
import { eventually, startSmtp } from '../support/notify';

/**
 * People (issue 20): invitations, password resets, changing one's password and one's own sessions, with the e-mails
 * delivered for real — by the app's job runner to an SMTP server this test runs on 127.0.0.1 — and the links read
 * from the messages received, as a person would.
 */
const MAIL_FROM = 'Incident Desk <desk@desk.test>';
const NEW_PASSWORD = 'tulip-orbit-canyon-47';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let f: { firmId: string; manager: Session; slug: string };
let superuser: Client;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startApp({ env: { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL: 'https://desk.test' } });
  await t.app.get(JobRunner).start({ schedule: false, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 2 });
  f = await makeFirm(t, 'People');
  superuser = await connect('super');
}, 60_000);
afterAll(async () => {
  await superuser.end();
  await t.close();
  await smtp.close();
});

const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email.toLowerCase()));
/** The token of the newest link mailed to the address (waits for the e-mail: it goes out by a job after the commit). */
async function linkMailed(email: string, kind: 'accept-invite' | 'reset-password', count = 1): Promise<{ token: string; subject: string; text: string }> {
  const mails = await eventually(() => (mailsTo(email).filter((m) => m.mail.text?.includes(`/#/${kind}?token=`)).length >= count ? mailsTo(email) : null), 45_000, `${kind} mail to ${email}`);
  const mail = mails.filter((m) => m.mail.text?.includes(`/#/${kind}?token=`)).at(-1)!.mail;
  const m = new RegExp(`https://desk\\.test/#/${kind}\\?token=([^\\s]+)`).exec(mail.text!)!;
  return { token: decodeURIComponent(m[1]), subject: mail.subject ?? '', text: mail.text ?? '' };
}
const signIn = (email: string, password: string) => t.api().post('/api/auth/login').send({ email, password });
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

async function invite(body: Record<string, unknown> = {}) {
  const email = `invitee-${randomUUID().slice(0, 8)}@${f.slug}.test`;
  const res = await t.api().post('/api/users').set(f.manager.auth).send({ email, name: '林晓', role: 'consultant', ...body });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, email, res };
}

describe('invitations', () => {
  it('a manager invites; the person gets a one-time link by e-mail, sets their own password and signs in', async () => {
    const u = await invite({ locale: 'en', name: 'Lin Xiao' });
    expect(u.res.body).toMatchObject({ invitationPending: true, invitation: { emailSent: true } });
    expect(Date.parse(u.res.body.invitation.expiresAt) - Date.now()).toBeGreaterThan(71.9 * 3600_000);
    // no password yet: nothing signs in
    expect((await signIn(u.email, PASSWORD)).status).toBe(401);
    const { token, subject, text } = await linkMailed(u.email, 'accept-invite');
    expect(subject).toContain('People');
    expect(text).toContain('Lin Xiao');
    expect(text).toContain('72 hours');
    // the password rule of shared/: too short, too common, the address itself
    for (const password of ['short-pass', 'Password1234!', `${u.email}-x`]) {
      const bad = await t.api().post('/api/auth/accept-invite').send({ token, password });
      expect({ password, status: bad.status, fields: fields(bad) }).toEqual({ password, status: 400, fields: ['password'] });
    }
    const ok = await t.api().post('/api/auth/accept-invite').send({ token, password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, email: u.email });
    const s = await signIn(u.email, NEW_PASSWORD);
    expect(s.status).toBe(200);
    expect(s.body.user).toMatchObject({ id: u.id, role: 'consultant', firmId: f.firmId });
    // single use
    const again = await t.api().post('/api/auth/accept-invite').send({ token, password: 'another-tulip-orbit-99' });
    expect(again.status).toBe(400);
    expect(fields(again)).toEqual(['token']);
    expect((await signIn(u.email, 'another-tulip-orbit-99')).status).toBe(401);
    const shown = await t.api().get(`/api/users/${u.id}`).set(f.manager.auth);
    expect(shown.body.invitationPending).toBe(false);
    // accepted: nothing left to resend or revoke
    expect((await t.api().post(`/api/users/${u.id}/resend-invitation`).set(f.manager.auth)).status).toBe(409);
  });

  it('resend: a new link, and the earlier one no longer works; revoke: the link stops working', async () => {
    const u = await invite();
    const first = await linkMailed(u.email, 'accept-invite');
    const resent = await t.api().post(`/api/users/${u.id}/resend-invitation`).set(f.manager.auth);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ emailSent: true });
    const second = await linkMailed(u.email, 'accept-invite', 2);
    expect(second.token).not.toBe(first.token);
    expect((await t.api().post('/api/auth/accept-invite').send({ token: first.token, password: NEW_PASSWORD })).status).toBe(400);
    const revoked = await t.api().post(`/api/users/${u.id}/revoke-invitation`).set(f.manager.auth);
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await t.api().post('/api/auth/accept-invite').send({ token: second.token, password: NEW_PASSWORD })).status).toBe(400);
    expect((await signIn(u.email, NEW_PASSWORD)).status).toBe(401);
    // the audit log has each step, without the link
    const audit = await t.api().get('/api/audit-logs').query(listQuery({ filter: { entityId: u.id }, range: [0, 99] })).set(f.manager.auth);
    expect(audit.body.map((r: { action: string }) => r.action).sort()).toEqual(['create', 'invitation_resent', 'invitation_revoked']);
    expect(JSON.stringify(audit.body)).not.toContain(second.token.split('.')[2]);
  });

  it('expires after 72 hours', async () => {
    const u = await invite();
    const { token } = await linkMailed(u.email, 'accept-invite');
    const id = token.split('.')[1];
    const r = await superuser.query(`select extract(epoch from expires_at - created_at)::int as s from account_tokens where id = $1`, [id]);
    expect(r.rows[0].s).toBe(72 * 3600);
    // 72 h later (the clock moved, not the rule)
    await superuser.query(`update account_tokens set created_at = created_at - interval '72 hours 1 second', expires_at = expires_at - interval '72 hours 1 second' where id = $1`, [id]);
    const res = await t.api().post('/api/auth/accept-invite').send({ token, password: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['token']);
    expect((await t.api().get(`/api/users/${u.id}`).set(f.manager.auth)).body.invitationPending).toBe(true);
  });

  it('a token of another firm, a made-up one and a malformed one are the same 400', async () => {
    const u = await invite();
    const { token } = await linkMailed(u.email, 'accept-invite');
    const [, id, secret] = token.split('.');
    const other = await makeFirm(t, 'Other people');
    for (const bad of [`${other.firmId}.${id}.${secret}`, `${f.firmId}.${randomUUID()}.${secret}`, `${f.firmId}.${id}.${'A'.repeat(43)}`, 'nope']) {
      const res = await t.api().post('/api/auth/accept-invite').send({ token: bad, password: NEW_PASSWORD });
      expect({ bad, status: res.status, fields: fields(res) }).toEqual({ bad, status: 400, fields: ['token'] });
    }
    // a reset route does not take an invitation
    expect((await t.api().post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD })).status).toBe(400);
    expect((await t.api().post('/api/auth/accept-invite').send({ token, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('two accepts of one link at once: one sets the password', async () => {
    const u = await invite();
    const { token } = await linkMailed(u.email, 'accept-invite');
    const results = await Promise.all(['first-tulip-orbit-11', 'second-tulip-orbit-22', 'third-tulip-orbit-33'].map((password) =>
      t.api().post('/api/auth/accept-invite').send({ token, password }).then((r) => ({ password, status: r.status }))));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(2);
    expect((await signIn(u.email, winners[0].password)).status).toBe(200);
  });
});

describe('password reset', () => {
  it('answers 202 with the same body for a known and an unknown address, and mails only the known one', async () => {
    const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
    const unknown = `nobody-${randomUUID().slice(0, 8)}@${f.slug}.test`;
    const a = await t.api().post('/api/auth/forgot-password').send({ email: `  ${u.email.toUpperCase()} ` });
    const b = await t.api().post('/api/auth/forgot-password').send({ email: unknown });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual(b.body);
    expect(Object.keys(a.headers).sort()).toEqual(Object.keys(b.headers).sort());
    await linkMailed(u.email, 'reset-password');
    // give the unknown address's job time to run: it sends nothing
    await eventually(async () => (await superuser.query(`select count(*)::int as n from pgboss.job where name = 'account.forgot-password' and state = 'created'`)).rows[0].n === 0);
    expect(mailsTo(unknown)).toEqual([]);
  });

  it('takes the same time class for a known and an unknown address (no lookup of a password, no e-mail in the request)', async () => {
    const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
    const times: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let i = 0; i < 12; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const email = kind === 'known' ? u.email : `nobody-${randomUUID().slice(0, 8)}@${f.slug}.test`;
        const start = process.hrtime.bigint();
        expect((await t.api().post('/api/auth/forgot-password').send({ email })).status).toBe(202);
        times[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const [known, unknown] = [median(times.known), median(times.unknown)];
    // the same work either way: one index lookup and one job; a sign-in's scrypt (tens of ms) would show
    expect(known / unknown).toBeGreaterThan(1 / 3);
    expect(known / unknown).toBeLessThan(3);
    // at most one reset e-mail a minute, however often it is asked for
    await linkMailed(u.email, 'reset-password');
    await eventually(async () => (await superuser.query(`select count(*)::int as n from pgboss.job where name = 'account.forgot-password' and state in ('created', 'active', 'retry')`)).rows[0].n === 0);
    expect(mailsTo(u.email).filter((m) => m.mail.text?.includes('/#/reset-password?token='))).toHaveLength(1);
  });

  it('the link sets a new password once, within 30 minutes, and ends every session of the user', async () => {
    const client = await createClient(t, f.manager);
    const u = await createUser(t, f.manager, f.slug, { role: 'client_admin', clientId: client.id });
    const s1 = await login(t, u.email);
    const s2 = await login(t, u.email);
    expect((await t.api().post('/api/auth/forgot-password').send({ email: u.email })).status).toBe(202);
    const { token, text } = await linkMailed(u.email, 'reset-password');
    expect(text).toContain('30');
    const id = token.split('.')[1];
    const ttl = await superuser.query(`select extract(epoch from expires_at - created_at)::int as s from account_tokens where id = $1`, [id]);
    expect(ttl.rows[0].s).toBe(30 * 60);
    // the sessions live until the link is used
    expect((await t.api().get('/api/auth/me').set(s1.auth)).status).toBe(200);
    const bad = await t.api().post('/api/auth/reset-password').send({ token, password: 'qwerty123456' });
    expect([bad.status, fields(bad)]).toEqual([400, ['password']]);
    const ok = await t.api().post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    for (const s of [s1, s2]) {
      expect((await t.api().get('/api/auth/me').set(s.auth)).status).toBe(401);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    }
    const ended = await superuser.query(`select ended_reason from sessions where firm_id = $1 and id = any($2)`, [f.firmId, [sessionIdOf(s1.token), sessionIdOf(s2.token)]]);
    expect(ended.rows.map((r) => r.ended_reason)).toEqual(['password_changed', 'password_changed']);
    expect((await signIn(u.email, PASSWORD)).status).toBe(401);
    expect((await signIn(u.email, NEW_PASSWORD)).status).toBe(200);
    expect((await t.api().post('/api/auth/reset-password').send({ token, password: 'another-tulip-orbit-99' })).status).toBe(400);
  });

  it('a link older than 30 minutes does nothing', async () => {
    const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
    expect((await t.api().post(`/api/users/${u.id}/reset-password`).set(f.manager.auth)).body).toEqual({ emailSent: true });
    const { token } = await linkMailed(u.email, 'reset-password');
    await superuser.query(`update account_tokens set created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes' where id = $1`, [token.split('.')[1]]);
    expect((await t.api().post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD })).status).toBe(400);
    expect((await signIn(u.email, PASSWORD)).status).toBe(200);
  });
});

describe('own password and sessions', () => {
  it('changes the password knowing the current one; the rule applies; the other sessions end', async () => {
    const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
    const here = await login(t, u.email);
    const elsewhere = await login(t, u.email);
    const wrong = await t.api().post('/api/auth/change-password').set(here.auth).send({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD });
    expect([wrong.status, fields(wrong)]).toEqual([400, ['currentPassword']]);
    const common = await t.api().post('/api/auth/change-password').set(here.auth).send({ currentPassword: PASSWORD, newPassword: 'iloveyou2026' });
    expect([common.status, fields(common)]).toEqual([400, ['newPassword']]);
    const ok = await t.api().post('/api/auth/change-password').set(here.auth).send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.status).toBe(200);
    expect((await t.api().get('/api/auth/me').set(here.auth)).status).toBe(200);
    expect((await t.api().get('/api/auth/me').set(elsewhere.auth)).status).toBe(401);
    expect((await signIn(u.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('lists the caller\'s own sessions (device, address, last use) and ends any of them', async () => {
    const u = await createUser(t, f.manager, f.slug, { role: 'consultant' });
    const phone = await t.api().post('/api/auth/login').set('User-Agent', 'Phone/1.0').send({ email: u.email, password: PASSWORD });
    const laptop = await t.api().post('/api/auth/login').set('User-Agent', 'Laptop/2.0').send({ email: u.email, password: PASSWORD });
    const auth = { Authorization: `Bearer ${laptop.body.accessToken}` };
    const listed = await t.api().get('/api/sessions').set(auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(2);
    const byDevice = Object.fromEntries(listed.body.map((s: { device: string }) => [s.device, s]));
    expect(byDevice['Laptop/2.0']).toMatchObject({ id: sessionIdOf(laptop.body.accessToken), current: true, ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(byDevice['Phone/1.0']).toMatchObject({ id: sessionIdOf(phone.body.accessToken), current: false, lastUsedAt: expect.any(String) });
    // the manager sees only their own, never this user's
    const managers = await t.api().get('/api/sessions').set(f.manager.auth);
    expect(managers.body.map((s: { id: string }) => s.id)).not.toContain(sessionIdOf(phone.body.accessToken));
    // a manager cannot end it either
    expect((await t.api().delete(`/api/sessions/${sessionIdOf(phone.body.accessToken)}`).set(f.manager.auth)).status).toBe(404);
    expect((await t.api().delete(`/api/sessions/${sessionIdOf(phone.body.accessToken)}`).set(auth)).status).toBe(204);
    expect((await t.api().get('/api/auth/me').set('Authorization', `Bearer ${phone.body.accessToken}`)).status).toBe(401);
    expect((await t.api().post('/api/auth/refresh').send({ refreshToken: phone.body.refreshToken })).status).toBe(401);
    expect((await t.api().delete(`/api/sessions/${sessionIdOf(phone.body.accessToken)}`).set(auth)).status).toBe(404);
    expect((await t.api().get('/api/sessions').set(auth)).body.map((s: { device: string }) => s.device)).toEqual(['Laptop/2.0']);
  });
});
