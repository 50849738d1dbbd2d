import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, type CreateAppOptions } from '../../server/src/bootstrap';
import { loadConfig, type AppConfig } from '../../server/src/config/config';
import { hashPassword } from '../../server/src/auth/password';
import { base32Decode, hotp, totpStep } from '../../server/src/auth/totp';
import { createFirm, creditCode } from '../../server/src/seed/demo';
import { createOperator } from '../../server/src/cli/operator-create';
import { TenantDb } from '../../server/src/tenancy/tenant-db.service';

export const PASSWORD = 'test-pass-2026-long';
/** the audit chain's HMAC key in tests (every app of a run shares it, as the servers of one deployment do) */
export const TEST_AUDIT_KEY = 'test-audit-key-that-is-long-enough-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** supertest against the in-process server */
  api: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * The app role's URL as a hot standby serves it: every transaction read-only (`default_transaction_read_only`, as the
 * standby refuses any write), for REPORT_DATABASE_URL.
 */
export function readOnlyReplicaUrl(): string {
  const u = new URL(process.env.TEST_APP_DATABASE_URL!);
  u.searchParams.set('options', '-c default_transaction_read_only=on');
  return u.toString();
}

/**
 * The settings of a report suite's app: with TEST_REPORT_REPLICA=1 (test/api/reports-replica.test.ts runs the report
 * suites so) the reports read from a read-only copy, REPORT_DATABASE_URL.
 */
export function reportEnv(extra: Record<string, string> = {}): Record<string, string> {
  return process.env.TEST_REPORT_REPLICA === '1' ? { ...extra, REPORT_DATABASE_URL: readOnlyReplicaUrl() } : extra;
}

export function testConfig(extra: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATA_DIR: join(process.env.TEST_DATA_DIR!, 'app'),
    DATABASE_URL: process.env.TEST_OWNER_DATABASE_URL,
    APP_DATABASE_URL: process.env.TEST_APP_DATABASE_URL,
    JWT_SECRET: 'test-jwt-key-that-is-long-enough-0123456789-abcdefghij',
    AUDIT_KEY: TEST_AUDIT_KEY,
    PASSWORD_SCRYPT_LOG2N: '12',
    LOG_LEVEL: 'error',
    SEED_DEMO: 'false',
    ADMIN_DIST: '/nonexistent',
    ...extra,
  } as NodeJS.ProcessEnv);
}

/** A warning the process emitted (recorded by the API tests' environment, test/support/warnings-environment.js). */
export interface ProcessWarning {
  name: string;
  message: string;
  code: string | null;
  stack: string;
}

/** The warnings the process has emitted while this test file ran (none outside the API tests' environment). */
export function processWarnings(): ProcessWarning[] {
  return (globalThis as { __processWarnings?: ProcessWarning[] }).__processWarnings ?? [];
}

/**
 * Boots the real application in-process (Fastify, guards, RLS-scoped transactions) against the test database.
 * close() fails when the process emitted a warning while the app ran (a deprecation — pg's "client.query() when the
 * client is already executing a query" among them — or any other process.emitWarning): an API run emits none.
 */
export async function startApp(opts: CreateAppOptions & { env?: Record<string, string>; appDatabaseUrl?: string } = {}): Promise<TestApp> {
  const config = testConfig(opts.env);
  const before = processWarnings().length;
  // sign-in counts are kept in the database all test files share, and every test signs in from 127.0.0.1: each app
  // counts under its own prefix unless a test gives one (two apps sharing their counts)
  const app = await createApp(config, opts.appDatabaseUrl ?? process.env.TEST_APP_DATABASE_URL!, {
    logger: false,
    throttleKeyPrefix: `test-${randomUUID()}`,
    ...opts,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    api: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      const emitted = processWarnings().slice(before);
      if (emitted.length) throw new Error(`the process emitted warnings while the app ran:\n${emitted.map((w) => w.stack || `${w.name}: ${w.message}`).join('\n')}`);
    },
  };
}

export interface Session {
  token: string;
  refreshToken: string;
  user: { id: string; email: string; role: string; firmId: string; clientId: string | null; name: string };
  auth: { Authorization: string };
}

/** The session an access token belongs to (its `sid` claim). */
export function sessionIdOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sid;
}

/** The TOTP secrets of the accounts `login` enrolled (operators must sign in with two factors: issue 20). */
const totpSecrets = new Map<string, Buffer>();

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<Session> {
  let res = await t.api().post('/api/auth/login').send({ email, password });
  // an account that must use two factors: enrol it with the secret the answer gives (as a person scanning the QR
  // code would), or sign in with the code of one enrolled before
  if (res.status === 401 && (res.body.code === 'mfa_setup_required' || res.body.code === 'mfa_required')) {
    const given = res.body.mfaSetup?.secret as string | undefined;
    const key = given ? base32Decode(given) : totpSecrets.get(email.toLowerCase());
    if (key) {
      totpSecrets.set(email.toLowerCase(), key);
      res = await t.api().post('/api/auth/login').send({ email, password, code: hotp(key, totpStep(Date.now())) });
    }
  }
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...res.body, token: res.body.accessToken, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

let codeCounter = 0;
/** A fresh valid credit code. */
export function newCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  const n = Date.now() * 1000 + (codeCounter++ % 1000) + Math.floor(Math.random() * 1e6);
  let x = n;
  for (let i = 0; i < 9; i++) {
    body += alphabet[x % 31];
    x = Math.floor(x / 31);
  }
  return creditCode(`91310115${body}`);
}

/** A firm of the test's own, with its first manager (made directly: firms have no API yet). */
export async function makeFirm(t: TestApp, label = 'Firm'): Promise<{ firmId: string; manager: Session; slug: string }> {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const email = `manager@${slug}.test`;
  const db = t.app.get(TenantDb);
  const hash = await hashPassword(PASSWORD, t.config.scryptLog2N);
  const { firmId } = await db.runUnscoped({ requestId: 'test', ip: null }, (em) =>
    createFirm(em, `${label} ${slug}`, slug, { email, name: `${label} Manager` }, hash),
  );
  return { firmId, slug, manager: await login(t, email) };
}

export async function createClient(t: TestApp, manager: Session, body: Record<string, unknown> = {}) {
  const res = await t.api()
    .post('/api/clients')
    .set(manager.auth)
    .send({ name: `客户 ${randomUUID().slice(0, 6)}`, creditCode: newCreditCode(), operatorType: 'other', ...body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create client: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; name: string; creditCode: string };
}

export async function createUser(t: TestApp, manager: Session, slug: string, body: { role: string; clientId?: string; name?: string }) {
  const email = `${body.role}-${randomUUID().slice(0, 6)}@${slug}.test`;
  const res = await t.api()
    .post('/api/users')
    .set(manager.auth)
    .send({ email, name: body.name ?? `${body.role} user`, ...body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  // the invited person's password, as accepting the invitation would set it (test/api/invitations.test.ts does that)
  await setPasswordDirectly(t, res.body.firmId, res.body.id, PASSWORD);
  return { ...(res.body as { id: string; email: string }), email };
}

/** Sets a user's password in their own scope, as the seeders do (no invitation, no e-mail). */
export async function setPasswordDirectly(t: TestApp, firmId: string, userId: string, password: string): Promise<void> {
  const db = t.app.get(TenantDb);
  const hash = await hashPassword(password, t.config.scryptLog2N);
  await db.runUnscoped(
    { requestId: 'test-password', ip: null },
    async () => {
      // as one of the firm's managers (who sees every user of the firm, inactive ones too)
      const [m] = await db.rows<{ id: string }>(`select id from users where firm_id = $1 and role = 'manager' and active order by created_at limit 1`, [firmId]);
      if (!m || !(await db.enterAs(firmId, m.id))) throw new Error(`firm ${firmId} has no active manager`);
      await db.rows('update users set password_hash = $3, password_set_at = now() where firm_id = $1 and id = $2', [firmId, userId, hash]);
    },
    firmId,
  );
}

export interface World {
  a: {
    firmId: string;
    slug: string;
    manager: Session;
    consultant: Session;
    clientAdmin: Session;
    /** assigned to the consultant; the client admin's company */
    assigned: { id: string };
    /** not assigned to the consultant */
    unassigned: { id: string };
    /** client admin of the unassigned client */
    otherClientAdmin: { id: string };
  };
  b: { firmId: string; slug: string; manager: Session; client: { id: string }; consultant: { id: string } };
}

/** Two firms; in firm A a consultant assigned to one of two clients and a client admin of that client. */
export async function makeWorld(t: TestApp): Promise<World> {
  const fa = await makeFirm(t, 'Firm A');
  const assigned = await createClient(t, fa.manager);
  const unassigned = await createClient(t, fa.manager);
  const consultant = await createUser(t, fa.manager, fa.slug, { role: 'consultant' });
  const clientAdmin = await createUser(t, fa.manager, fa.slug, { role: 'client_admin', clientId: assigned.id });
  const otherClientAdmin = await createUser(t, fa.manager, fa.slug, { role: 'client_admin', clientId: unassigned.id });
  const asg = await t.api().post('/api/assignments').set(fa.manager.auth).send({ consultantId: consultant.id, clientId: assigned.id });
  if (asg.status !== 201) throw new Error(`assign: ${asg.status} ${JSON.stringify(asg.body)}`);
  const fb = await makeFirm(t, 'Firm B');
  const clientB = await createClient(t, fb.manager);
  const consultantB = await createUser(t, fb.manager, fb.slug, { role: 'consultant' });
  return {
    a: {
      firmId: fa.firmId,
      slug: fa.slug,
      manager: fa.manager,
      consultant: await login(t, consultant.email),
      clientAdmin: await login(t, clientAdmin.email),
      assigned,
      unassigned,
      otherClientAdmin,
    },
    b: { firmId: fb.firmId, slug: fb.slug, manager: fb.manager, client: clientB, consultant: consultantB },
  };
}

/**
 * An operator of the test's own: made as `npm run operator:create` makes them (createOperator), their password set
 * from the printed token through the API, signed in.
 */
export async function makeOperator(t: TestApp): Promise<Session> {
  const email = `operator-${randomUUID().slice(0, 8)}@platform.test`;
  const made = await createOperator(process.env.TEST_APP_DATABASE_URL!, { email, publicUrl: t.config.publicUrl });
  const accepted = await t.api().post('/api/auth/accept-invite').send({ token: made.token, password: PASSWORD });
  if (accepted.status !== 200) throw new Error(`operator accept-invite: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return login(t, email);
}

/** ra-data-simple-rest list parameters. */
/** The body of a response with one of the expected statuses; anything else fails with the status and the body. */
export async function ok<T = any>(p: PromiseLike<{ status: number; body: any }>, status = [200, 201]): Promise<T> {
  const res = await p;
  if (!status.includes(res.status)) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export function listQuery(params: { sort?: [string, string]; range?: [number, number]; filter?: Record<string, unknown> } = {}) {
  const q: Record<string, string> = {};
  if (params.sort) q.sort = JSON.stringify(params.sort);
  if (params.range) q.range = JSON.stringify(params.range);
  if (params.filter) q.filter = JSON.stringify(params.filter);
  return q;
}
