import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Client } from 'pg';
import { runOperatorCreate } from '../../server/src/cli/operator-create';
import { verifyAllChains } from '../../server/src/cli/audit-verify';
import { AuditAnchors } from '../../server/src/audit/anchors';
import { PLATFORM_FIRM_ID } from '../../server/src/firms/firm.entity';
import { JobRunner } from '../../server/src/jobs/job-queue';
import { EVIDENCE_STORE, type EvidenceStore } from '../../server/src/storage';
import { connect } from '../support/db';
import {
  createClient, createUser, listQuery, login, makeFirm, makeOperator, newCreditCode, PASSWORD, startApp, TEST_AUDIT_KEY,
  type Session, type TestApp,
} from '../support/app';
import { eventually, startSmtp } from '../support/notify';

/**
 * The operator (issue 20): made only from the command line, outside every firm; the `firms` resource — creation with
 * the first manager invited by e-mail (delivered to an SMTP server this test runs on 127.0.0.1), usage, suspension,
 * reactivation, the export archive and the deletion of a suspended firm, with the platform's audit entries.
 */
const MAIL_FROM = 'Incident Desk <desk@desk.test>';
const PUBLIC_URL = 'https://desk.test';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let t: TestApp;
let op: Session;
let superuser: Client;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startApp({ env: { SMTP_URL: smtp.url, MAIL_FROM, PUBLIC_URL } });
  await t.app.get(JobRunner).start({ schedule: false, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 2 });
  op = await makeOperator(t);
  superuser = await connect('super');
}, 60_000);
afterAll(async () => {
  await superuser.end();
  await t.close();
  await smtp.close();
});

const signIn = (email: string, password: string) => t.api().post('/api/auth/login').send({ email, password });
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

/** The env `npm run operator:create` reads, as the test app has it. */
const cliEnv = () => ({
  DATA_DIR: `${process.env.TEST_DATA_DIR}/app`,
  DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL,
  APP_DATABASE_URL: process.env.TEST_APP_DATABASE_URL,
  JWT_SECRET: 'test-jwt-key-that-is-long-enough-0123456789-abcdefghij',
  AUDIT_KEY: TEST_AUDIT_KEY,
  PUBLIC_URL,
}) as NodeJS.ProcessEnv;

async function runCli(...argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await runOperatorCreate(argv, cliEnv(), (s) => (text += `${s}\n`));
  return { code, text };
}

function firmBody(extra: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return { name: `新事务所 ${tag}`, creditCode: newCreditCode(), timeZone: 'Asia/Shanghai', locale: 'en', managerEmail: `boss-${tag}@new-firm.test`, managerName: 'Boss Wang', ...extra };
}

/** The token of the newest invitation mailed to the address (it goes out by a job after the commit). */
async function invitationMailed(email: string): Promise<{ token: string; subject: string; text: string }> {
  const mine = () => smtp.mails.filter((m) => m.to.includes(email.toLowerCase()) && m.mail.text?.includes('/#/accept-invite?token='));
  await eventually(() => (mine().length ? true : null), 45_000, `invitation to ${email}`);
  const mail = mine().at(-1)!.mail;
  return { token: decodeURIComponent(/https:\/\/desk\.test\/#\/accept-invite\?token=([^\s]+)/.exec(mail.text!)![1]), subject: mail.subject ?? '', text: mail.text ?? '' };
}

/** A firm made through the API, its manager's invitation accepted, signed in. */
async function apiFirm(extra: Record<string, unknown> = {}) {
  const body = firmBody(extra);
  const res = await t.api().post('/api/firms').set(op.auth).send(body);
  expect(res.status).toBe(201);
  const { token } = await invitationMailed(body.managerEmail);
  expect((await t.api().post('/api/auth/accept-invite').send({ token, password: PASSWORD })).status).toBe(200);
  return { id: res.body.id as string, body, manager: await login(t, body.managerEmail) };
}

/** The entries of a tar.gz (ustar, regular files). */
function untar(gz: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(gz);
  const out = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= tar.length; ) {
    const h = tar.subarray(at, at + 512);
    if (h.every((x) => x === 0)) break;
    const name = h.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(h.subarray(124, 136).toString('latin1').replace(/\0.*$/s, ''), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    expect(parseInt(h.subarray(148, 156).toString('latin1'), 8)).toBe(sum);
    out.set(name, Buffer.from(tar.subarray(at + 512, at + 512 + size)));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** The tables a firm owns, read from the catalog (every table with a firm_id column). */
async function firmOwnedTables(): Promise<string[]> {
  const r = await superuser.query(
    `select c.table_name from information_schema.columns c join information_schema.tables x on x.table_schema = c.table_schema and x.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'firm_id' and x.table_type = 'BASE TABLE' order by 1`,
  );
  return r.rows.map((x) => x.table_name);
}

async function rowsOfFirm(firmId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await firmOwnedTables()) {
    const [{ n }] = (await superuser.query(`select count(*)::int as n from ${table} where firm_id = $1`, [firmId])).rows;
    if (n) out[table] = n;
  }
  return out;
}

async function platformAudit(firmId: string) {
  const r = await superuser.query(
    `select action, actor_id, actor_role, changes from audit_logs where firm_id = $1 and entity = 'firms' and entity_id = $2 order by seq`,
    [PLATFORM_FIRM_ID, firmId],
  );
  return r.rows as { action: string; actor_id: string; actor_role: string; changes: Record<string, unknown> }[];
}

describe('npm run operator:create', () => {
  it('prints a one-time set-password link and the token on a line of its own; no password exists before it is used', async () => {
    const email = `Op-${randomUUID().slice(0, 8)}@Platform.test`;
    const run = await runCli('--email', email, '--name', 'Ops One');
    expect(run.code).toBe(0);
    const link = /^https:\/\/desk\.test\/#\/accept-invite\?token=(\S+)$/m.exec(run.text);
    const token = /^token: (\S+)$/m.exec(run.text)?.[1];
    expect(link && token).toBeTruthy();
    expect(decodeURIComponent(link![1])).toBe(token);
    // the token is the platform's link: `platform.id.secret`
    expect(token!.split('.')[0]).toBe(PLATFORM_FIRM_ID);
    // no password: nothing signs in, not even a guess
    for (const p of [PASSWORD, 'demo-pass-2026', '']) expect((await signIn(email, p)).status).toBeGreaterThanOrEqual(400);
    expect((await t.api().post('/api/auth/accept-invite').send({ token, password: 'tulip-orbit-canyon-47' })).status).toBe(200);
    // an operator must sign in with two factors: the first sign-in answers with a secret to enrol, then takes its code
    expect((await signIn(email, 'tulip-orbit-canyon-47')).body.code).toBe('mfa_setup_required');
    const s = await login(t, email, 'tulip-orbit-canyon-47');
    expect(s.user).toMatchObject({ role: 'operator', firmId: PLATFORM_FIRM_ID, email: email.toLowerCase(), name: 'Ops One', clientId: null });
    // once the password is set, the command refuses (forgot-password is the way), and the link is spent
    const again = await runCli('--email', email);
    expect(again.code).toBe(1);
    expect(again.text).toMatch(/password already/);
    expect((await t.api().post('/api/auth/accept-invite').send({ token, password: 'another-tulip-orbit-99' })).status).toBe(400);
  });

  it('run again before the password is set, it gives a new link and the old one stops working; bad arguments are refused', async () => {
    const email = `op-${randomUUID().slice(0, 8)}@platform.test`;
    const first = /^token: (\S+)$/m.exec((await runCli('--email', email)).text)![1];
    const second = /^token: (\S+)$/m.exec((await runCli('--email', email)).text)![1];
    expect(second).not.toBe(first);
    expect((await t.api().post('/api/auth/accept-invite').send({ token: first, password: 'tulip-orbit-canyon-47' })).status).toBe(400);
    expect((await t.api().post('/api/auth/accept-invite').send({ token: second, password: 'tulip-orbit-canyon-47' })).status).toBe(200);
    const [{ n }] = (await superuser.query(`select count(*)::int as n from users where firm_id = $1 and email = $2`, [PLATFORM_FIRM_ID, email])).rows;
    expect(n).toBe(1);
    expect((await runCli()).code).toBe(2);
    expect((await runCli('--email', 'not-an-address')).code).toBe(1);
    expect((await runCli('--email', 'x@y.test', '--locale', 'fr')).code).toBe(1);
    expect((await runCli('--email', 'x@y.test', '--password', 'x')).code).toBe(2);
  });
});

describe('operator isolation', () => {
  it('the operator reaches firms and their own sessions only; row-level security shows them no firm\'s records', async () => {
    const f = await makeFirm(t, 'Isolated');
    const client = await createClient(t, f.manager);
    const inc = await t.api().post('/api/incidents').set(f.manager.auth).send({ clientId: client.id, title: 'Leak', detectedAt: new Date().toISOString() });
    expect(inc.status).toBe(201);
    for (const path of ['/api/clients', '/api/incidents', '/api/communications', '/api/attachments', '/api/users', '/api/audit-logs', '/api/reports']) {
      expect({ path, status: (await t.api().get(path).set(op.auth)).status }).toEqual({ path, status: 403 });
    }
    expect((await t.api().get(`/api/incidents/${inc.body.id}`).set(op.auth)).status).toBe(403);
    // in the database, as the app role in the operator's scope: none of the firm's rows
    const app = await connect('app');
    try {
      await app.query('begin');
      const entered = await app.query(`select app_enter_scope($1, $2) as s`, [PLATFORM_FIRM_ID, op.user.id]);
      expect(entered.rows[0].s[3]).toBe('operator');
      for (const table of await firmOwnedTables()) {
        // (tables the app role may not read at all — the login directory, the auth role's — are out of reach anyway)
        if (!(await app.query(`select has_table_privilege(current_user, $1, 'select') as ok`, [table])).rows[0].ok) continue;
        const [{ n }] = (await app.query(`select count(*)::int as n from ${table} where firm_id = $1`, [f.firmId])).rows;
        expect({ table, n }).toEqual({ table, n: 0 });
      }
      // the firm's row, yes (the firms list)
      expect((await app.query(`select id from firms where id = $1`, [f.firmId])).rows).toHaveLength(1);
      // the owner's functions answer an operator only
      await app.query('rollback');
      await app.query('begin');
      await app.query(`select app_enter_scope($1, $2) as s`, [f.firmId, f.manager.user.id]);
      await expect(app.query(`select platform_firm_usage($1)`, [f.firmId])).rejects.toThrow(/only an operator/);
    } finally {
      await app.query('rollback').catch(() => undefined);
      await app.end();
    }
    // a firm's manager reaches no firm: 403
    expect((await t.api().get('/api/firms').set(f.manager.auth)).status).toBe(403);
    expect((await t.api().post('/api/firms').set(f.manager.auth).send(firmBody())).status).toBe(403);
    // an operator cannot be entered in a customer firm, nor a firm's user in the platform (app_enter_scope)
    const app2 = await connect('app');
    try {
      await app2.query('begin');
      expect((await app2.query(`select app_enter_scope($1, $2) as s`, [f.firmId, op.user.id])).rows[0].s).toBeNull();
      expect((await app2.query(`select app_enter_scope($1, $2) as s`, [PLATFORM_FIRM_ID, f.manager.user.id])).rows[0].s).toBeNull();
    } finally {
      await app2.query('rollback').catch(() => undefined);
      await app2.end();
    }
  });

  it('lists customer firms with their usage (not the platform); shows one; 404 for the platform and unknown ids', async () => {
    const f = await makeFirm(t, 'Usage');
    await createClient(t, f.manager);
    await createClient(t, f.manager);
    await createUser(t, f.manager, f.slug, { role: 'consultant' });
    const list = await t.api().get('/api/firms').query(listQuery({ range: [0, 999], filter: { q: f.slug } })).set(op.auth);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toMatch(/^firms 0-0\/1$/);
    expect(list.body[0]).toMatchObject({ id: f.firmId, status: 'active', usage: { users: 2, clients: 2, incidents: 0, storageBytes: 0 } });
    const all = await t.api().get('/api/firms').query(listQuery({ range: [0, 999] })).set(op.auth);
    expect(all.body.map((x: { id: string }) => x.id)).not.toContain(PLATFORM_FIRM_ID);
    expect((await t.api().get(`/api/firms/${f.firmId}`).set(op.auth)).body.usage.clients).toBe(2);
    for (const id of [PLATFORM_FIRM_ID, randomUUID(), 'nope']) expect((await t.api().get(`/api/firms/${id}`).set(op.auth)).status).toBe(404);
  });
});

describe('creating a firm', () => {
  it('makes the firm with its built-ins and invites its first manager by e-mail; the platform audits it', async () => {
    const body = firmBody({ locale: 'en', timeZone: 'Europe/Berlin' });
    const res = await t.api().post('/api/firms').set(op.auth).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: body.name, creditCode: body.creditCode, timeZone: 'Europe/Berlin', locale: 'en', status: 'active', invitation: { emailSent: true }, usage: { users: 1, clients: 0 } });
    const mail = await invitationMailed(body.managerEmail);
    expect(mail.text).toContain('Boss Wang');
    expect(mail.subject).toContain(body.name);
    // no password until the link is used
    expect((await signIn(body.managerEmail, PASSWORD)).status).toBe(401);
    expect((await t.api().post('/api/auth/accept-invite').send({ token: mail.token, password: PASSWORD })).status).toBe(200);
    const m = await login(t, body.managerEmail);
    expect(m.user).toMatchObject({ role: 'manager', firmId: res.body.id });
    // what a firm needs to work is there already
    const [{ playbooks, templates, criteria }] = (await superuser.query(
      `select (select count(*)::int from playbooks where firm_id = $1) as playbooks, (select count(*)::int from communication_templates where firm_id = $1) as templates,
              (select count(*)::int from evaluation_templates where firm_id = $1) as criteria`,
      [res.body.id],
    )).rows;
    expect(playbooks).toBeGreaterThan(0);
    expect(templates).toBeGreaterThan(0);
    expect(criteria).toBeGreaterThan(0);
    expect((await t.api().post('/api/clients').set(m.auth).send({ name: '客户', creditCode: newCreditCode(), operatorType: 'other' })).status).toBe(201);
    const audit = await platformAudit(res.body.id);
    expect(audit.map((a) => [a.action, a.actor_id, a.actor_role])).toEqual([['create', op.user.id, 'operator']]);
  });

  it('answers 400 naming the field, 409 for a credit code taken; writes nothing then', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ creditCode: '91310000MA1FL0XX1Z' }, 'creditCode'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ locale: 'fr' }, 'locale'],
      [{ managerEmail: 'nobody' }, 'managerEmail'],
      [{ managerName: undefined }, 'managerName'],
      [{ slug: 'mine' }, 'slug'],
    ];
    const before = (await superuser.query(`select count(*)::int as n from firms`)).rows[0].n;
    for (const [extra, field] of cases) {
      const res = await t.api().post('/api/firms').set(op.auth).send(firmBody(extra));
      expect({ field, status: res.status, fields: [...new Set(fields(res))] }).toEqual({ field, status: 400, fields: [field] });
    }
    const body = firmBody();
    expect((await t.api().post('/api/firms').set(op.auth).send(body)).status).toBe(201);
    const dup = await t.api().post('/api/firms').set(op.auth).send(firmBody({ creditCode: body.creditCode }));
    expect(dup.status).toBe(409);
    expect((await superuser.query(`select count(*)::int as n from firms`)).rows[0].n).toBe(before + 1);
  });
});

describe('suspension', () => {
  it('every user of the firm gets 401 on their next request, the portal included, and cannot sign in; reactivation lets them back', async () => {
    const f = await makeFirm(t, 'Suspended');
    const client = await createClient(t, f.manager);
    const consultant = await login(t, (await createUser(t, f.manager, f.slug, { role: 'consultant' })).email);
    const clientAdmin = await login(t, (await createUser(t, f.manager, f.slug, { role: 'client_admin', clientId: client.id })).email);
    const other = await makeFirm(t, 'Untouched');
    const sessions = [f.manager, consultant, clientAdmin];
    for (const s of sessions) expect((await t.api().get('/api/incidents').set(s.auth)).status).toBe(200);
    const res = await t.api().post(`/api/firms/${f.firmId}/suspend`).set(op.auth).send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'suspended' });
    for (const s of sessions) {
      // a read (the remembered-scope path), a write, and the token's refresh
      expect((await t.api().get('/api/incidents').set(s.auth)).status).toBe(401);
      expect((await t.api().get('/api/auth/me').set(s.auth)).status).toBe(401);
      expect((await t.api().post('/api/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
      expect((await signIn(s.user.email, PASSWORD)).status).toBe(401);
    }
    expect((await t.api().post('/api/incidents').set(clientAdmin.auth).send({ clientId: client.id, title: 'x', detectedAt: new Date().toISOString() })).status).toBe(401);
    // another firm goes on
    expect((await t.api().get('/api/clients').set(other.manager.auth)).status).toBe(200);
    // again: 409 with the state as it is
    const again = await t.api().post(`/api/firms/${f.firmId}/suspend`).set(op.auth).send({});
    expect(again.status).toBe(409);
    expect(again.body.status).toBe('suspended');
    const back = await t.api().post(`/api/firms/${f.firmId}/reactivate`).set(op.auth).send({});
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('active');
    for (const s of sessions) expect((await signIn(s.user.email, PASSWORD)).status).toBe(200);
    expect((await t.api().post(`/api/firms/${f.firmId}/reactivate`).set(op.auth).send({})).status).toBe(409);
    expect((await platformAudit(f.firmId)).map((a) => a.action)).toEqual(['suspend', 'reactivate']);
  });
});

describe('export', () => {
  it('one tar.gz: every firm-owned table as JSON and CSV, the attachments with their SHA-256, the audit chain verified', async () => {
    const f = await makeFirm(t, 'Exported');
    const client = await createClient(t, f.manager, { name: '导出客户, "引号"' });
    const inc = await t.api().post('/api/incidents').set(f.manager.auth).send({ clientId: client.id, title: 'Leak to export', detectedAt: new Date().toISOString() });
    expect(inc.status).toBe(201);
    const bytes = Buffer.from(`evidence ${randomUUID()}`);
    const up = await t.api().post('/api/attachments').set(f.manager.auth).field('entity', 'incidents').field('entityId', inc.body.id).attach('file', bytes, 'evidence.txt');
    expect(up.status).toBe(201);
    const res = await t.api().post(`/api/firms/${f.firmId}/export`).set(op.auth).send({})
      .buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".+\.tar\.gz"/);
    const entries = untar(res.body as Buffer);
    const names = [...entries.keys()];
    for (const table of await firmOwnedTables()) expect(names).toEqual(expect.arrayContaining([`tables/${table}.json`, `tables/${table}.csv`]));
    const clients = JSON.parse(entries.get('tables/clients.json')!.toString());
    expect(clients.map((c: { id: string }) => c.id)).toEqual([client.id]);
    const csv = entries.get('tables/clients.csv')!.toString('utf8');
    expect(csv.startsWith('\ufeffid,') || csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('"导出客户, ""引号"""');
    const incidents = JSON.parse(entries.get('tables/incidents.json')!.toString());
    expect(incidents.map((i: { title: string }) => i.title)).toEqual(['Leak to export']);
    // every row of the firm's tables, no other firm's
    const counts = JSON.parse(entries.get('manifest.json')!.toString()).tables;
    expect(Object.fromEntries(Object.entries(counts).filter(([, n]) => (n as number) > 0))).toEqual(await rowsOfFirm(f.firmId));
    // the attachment's bytes, with the hash recorded at upload and the one read, equal
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(entries.get(`files/${up.body.id}`)).toEqual(bytes);
    expect(JSON.parse(entries.get('attachments.sha256.json')!.toString())).toEqual([
      { id: up.body.id, fileName: 'evidence.txt', size: bytes.length, recorded: sha, read: sha, match: true },
    ]);
    expect(entries.get('SHA256SUMS')!.toString()).toBe(`${sha}  files/${up.body.id}\n`);
    const verification = JSON.parse(entries.get('audit-verification.json')!.toString());
    expect(verification.ok).toBe(true);
    expect(verification.checked).toBe(JSON.parse(entries.get('tables/audit_logs.json')!.toString()).length);
    expect(verification.checked).toBeGreaterThan(2);
    expect((await platformAudit(f.firmId)).map((a) => a.action)).toEqual(['export']);
    // firm staff cannot export a firm
    expect((await t.api().post(`/api/firms/${f.firmId}/export`).set(f.manager.auth).send({})).status).toBe(403);
  });
});

describe('deletion', () => {
  it('only a suspended firm; removes every row it owns in every firm-owned table, and nothing of another firm; the platform keeps the entry', async () => {
    const f = await apiFirm();
    const client = await createClient(t, f.manager);
    await createUser(t, f.manager, f.body.creditCode.toLowerCase(), { role: 'client_admin', clientId: client.id });
    const inc = await t.api().post('/api/incidents').set(f.manager.auth).send({ clientId: client.id, title: 'Leak', detectedAt: new Date().toISOString() });
    expect(inc.status).toBe(201);
    const up = await t.api().post('/api/attachments').set(f.manager.auth).field('entity', 'incidents').field('entityId', inc.body.id).attach('file', Buffer.from(`only theirs ${randomUUID()}`), 'a.txt');
    expect(up.status).toBe(201);
    // the same bytes in another firm: one stored file, named by both firms' attachments
    const shared = Buffer.from(`shared ${randomUUID()}`);
    const up2 = await t.api().post('/api/attachments').set(f.manager.auth).field('entity', 'incidents').field('entityId', inc.body.id).attach('file', shared, 'b.txt');
    expect(up2.status).toBe(201);
    const other = await makeFirm(t, 'Kept');
    const otherClient = await createClient(t, other.manager);
    const otherInc = await t.api().post('/api/incidents').set(other.manager.auth).send({ clientId: otherClient.id, title: 'Same file', detectedAt: new Date().toISOString() });
    expect((await t.api().post('/api/attachments').set(other.manager.auth).field('entity', 'incidents').field('entityId', otherInc.body.id).attach('file', shared, 'c.txt')).status).toBe(201);
    const keyOf = async (id: string) => (await superuser.query(`select storage_key from attachments where firm_id = $1 and id = $2`, [f.id, id])).rows[0].storage_key as string;
    const onlyKey = await keyOf(up.body.id);
    const sharedKey = await keyOf(up2.body.id);
    (await t.app.get<EvidenceStore>(EVIDENCE_STORE).open(onlyKey)).destroy();
    const otherBefore = await rowsOfFirm(other.firmId);
    const before = await rowsOfFirm(f.id);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['users', 'clients', 'incidents', 'tasks', 'audit_logs', 'attachments', 'sessions', 'login_directory']));
    // active: 409, nothing removed
    // the firm's chain anchored outside the database (its anchors stay after the deletion)
    await t.app.get(AuditAnchors).flush();
    const refused = await t.api().delete(`/api/firms/${f.id}`).set(op.auth);
    expect(refused.status).toBe(409);
    expect(await rowsOfFirm(f.id)).toEqual(before);
    expect((await t.api().post(`/api/firms/${f.id}/suspend`).set(op.auth).send({})).status).toBe(200);
    const res = await t.api().delete(`/api/firms/${f.id}`).set(op.auth);
    expect(res.status).toBe(200);
    // no firm-owned table keeps a row of it (the tables read from the catalog), the firm is gone
    expect(await rowsOfFirm(f.id)).toEqual({});
    expect((await superuser.query(`select id from firms where id = $1`, [f.id])).rows).toEqual([]);
    // its stored files leave the store once the deletion committed (a job), but one another firm's attachment names stays
    const store = t.app.get<EvidenceStore>(EVIDENCE_STORE);
    await eventually(async () => (await store.open(onlyKey).then((r) => (r.destroy(), false), () => true)) || null, 45_000, 'the deleted firm\'s file removed');
    const kept = await store.open(sharedKey);
    kept.destroy();
    expect(await rowsOfFirm(other.firmId)).toEqual(otherBefore);
    expect((await t.api().get(`/api/firms/${f.id}`).set(op.auth)).status).toBe(404);
    expect((await signIn(f.body.managerEmail, PASSWORD)).status).toBe(401);
    // the platform's audit: created, suspended, deleted (with what was removed), its chain still verifying
    const audit = await platformAudit(f.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'suspend', 'delete']);
    const removed = (audit[2].changes.rowsDeleted as { after: Record<string, number> }).after;
    // (rows that went with another's, by a foreign key's cascade, are counted with that one)
    expect(removed.audit_logs).toBe(before.audit_logs);
    expect(Object.values(removed).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(before.users + before.clients + before.incidents + before.audit_logs);
    // audit:verify: the deleted firm's anchors are no broken chain (the platform's chain records the deletion), the
    // platform's own chain verifies
    const anchorDir = t.config.auditAnchorDir;
    const result = await verifyAllChains(process.env.TEST_APP_DATABASE_URL!, { auditKey: TEST_AUDIT_KEY, auditAnchorDir: anchorDir });
    expect(result.firms.find((x) => x.firmId === f.id)).toMatchObject({ ok: true, firmName: expect.stringMatching(/deleted/) });
    expect(result.firms.find((x) => x.firmId === PLATFORM_FIRM_ID)).toMatchObject({ ok: true });
  });
});

describe('races', () => {
  it('parallel suspends: one changes the firm; parallel deletes: one removes it; the history tells it once each', async () => {
    const f = await makeFirm(t, 'Raced');
    await createClient(t, f.manager);
    const suspends = await Promise.all(Array.from({ length: 5 }, () => t.api().post(`/api/firms/${f.firmId}/suspend`).set(op.auth).send({})));
    expect(suspends.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const deletes = await Promise.all(Array.from({ length: 3 }, () => t.api().delete(`/api/firms/${f.firmId}`).set(op.auth)));
    expect(deletes.map((r) => r.status).sort()).toEqual([200, 404, 404]);
    expect((await platformAudit(f.firmId)).map((a) => a.action)).toEqual(['suspend', 'delete']);
    expect(await rowsOfFirm(f.firmId)).toEqual({});
  });

  it('a reactivation racing a deletion: either the firm is deleted (then the reactivation finds none) or reactivated (then the deletion is refused)', async () => {
    const f = await makeFirm(t, 'Raced2');
    expect((await t.api().post(`/api/firms/${f.firmId}/suspend`).set(op.auth).send({})).status).toBe(200);
    const [back, del] = await Promise.all([
      t.api().post(`/api/firms/${f.firmId}/reactivate`).set(op.auth).send({}),
      t.api().delete(`/api/firms/${f.firmId}`).set(op.auth),
    ]);
    expect([[200, 409], [404, 200]]).toContainEqual([back.status, del.status]);
    const actions = (await platformAudit(f.firmId)).map((a) => a.action);
    expect(actions).toEqual(back.status === 200 ? ['suspend', 'reactivate'] : ['suspend', 'delete']);
  });
});
