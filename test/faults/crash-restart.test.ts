import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isAlive } from '../../server/src/database/data-dir';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/src/database/embedded';
import { actor, byStatus, Load, missingAcks, noteBodies, slowRequest, type Ack, type Actor, type Sample } from '../support/load';
import { health, ROOT, ServerProcess, sleep, tempDataDir } from '../support/server-process';

const run = promisify(execFile);
jest.setTimeout(180_000);
const DEMO_PASSWORD = 'demo-pass-2026';
/** the longest the service may stay away after a crash of PostgreSQL */
const RECOVERY_MS = 30_000;

/** Each fault's figures, printed at the end (the README's and the report's numbers). */
const figures: Record<string, unknown> = {};

/** Waits until `check` is true; the time it took, or null after timeoutMs. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<number | null> {
  const began = Date.now();
  while (Date.now() - began < timeoutMs) {
    if (await check()) return Date.now() - began;
    await sleep(everyMs);
  }
  return null;
}

/** Answers that must never come: a 5xx other than 503 (a 503 without Retry-After counts too). */
function forbidden(samples: Sample[]): Sample[] {
  return samples.filter((s) => (s.status >= 500 && s.status !== 503) || (s.status === 503 && !s.retryAfter));
}

async function auditVerify(dataDir: string, env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(process.execPath, [join(ROOT, 'server/dist/cli/audit-verify.js')], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env } });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: `${err.stdout}\n${err.stderr}` };
  }
}

describe('crashes, restarts and shutdown under load (the production build, embedded PostgreSQL)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let actors: Actor[];
  const acks: Ack[] = [];

  beforeAll(async () => {
    dataDir = tempDataDir('faults');
    server = await ServerProcess.create(dataDir);
    figures.firstStartMs = await server.start();
    actors = [await actor(server.url, 'consultant@demo.test', DEMO_PASSWORD), await actor(server.url, 'consultant2@demo.test', DEMO_PASSWORD)];
  });

  afterAll(async () => {
    // stopped as an operator would; then nothing it started may still run (and whatever does is killed)
    server?.signal('SIGTERM');
    await Promise.race([server?.exit, sleep(20_000)]);
    const left = server ? await server.killEverything() : [];
    console.log(`fault figures: ${JSON.stringify(figures, null, 1)}\nserver log (tail):\n${server?.logs()}`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('PostgreSQL killed (SIGKILL): 503 with Retry-After at once, never 500; the server starts it again and serves within 30 s; nothing acknowledged is lost', async () => {
    const load = new Load(server.url, actors);
    load.start();
    await sleep(3000);
    const pg = server.postmasterPid()!;
    const killedAt = Date.now();
    process.kill(pg, 'SIGKILL');
    const to503 = await until(() => load.samples.some((s) => s.start >= killedAt && s.status === 503), 10_000, 10);
    let sawDown = false;
    const recovered = await until(async () => {
      const status = await health(server.url);
      if (status !== 200) sawDown = true;
      return sawDown && status === 200;
    }, RECOVERY_MS, 100);
    const backAt = Date.now();
    await sleep(3000);
    await load.stop();
    acks.push(...load.acks);

    figures.postgresKilled = {
      msTo503: to503,
      msToRecovery: recovered,
      requestsDuringFault: byStatus(load.samples, killedAt, backAt),
      requestsTotal: load.samples.length,
      acknowledgedWrites: load.acks.length,
    };
    expect(to503).not.toBeNull();
    expect(recovered).not.toBeNull();
    expect(recovered!).toBeLessThanOrEqual(RECOVERY_MS);
    expect(server.postmasterPid()).not.toBe(pg);
    expect(isAlive(pg)).toBe(false);
    expect(forbidden(load.samples)).toEqual([]);
    // the server stayed up: every request was answered
    expect(load.samples.filter((s) => s.error)).toEqual([]);
    // served again after the recovery
    expect(load.samples.filter((s) => s.start > backAt && s.status < 300).length).toBeGreaterThan(0);
    expect(await missingAcks(server.url, acks)).toEqual([]);
  });

  it('node killed (SIGKILL): its PostgreSQL is left running; the next start stops it cleanly, starts its own and serves; nothing acknowledged is lost', async () => {
    const load = new Load(server.url, actors);
    load.start();
    await sleep(3000);
    const orphan = server.postmasterPid()!;
    const killedAt = Date.now();
    server.signal('SIGKILL');
    await server.exit;
    expect(isAlive(orphan)).toBe(true);
    const restartMs = await server.start(60_000);
    const backAt = Date.now();
    await sleep(3000);
    await load.stop();
    acks.push(...load.acks);

    figures.nodeKilled = {
      msToServeAgain: backAt - killedAt,
      startWithOrphanMs: restartMs,
      requestsWhileDown: byStatus(load.samples, killedAt, backAt),
      acknowledgedWrites: load.acks.length,
    };
    expect(isAlive(orphan)).toBe(false);
    expect(server.postmasterPid()).not.toBe(orphan);
    expect(forbidden(load.samples)).toEqual([]);
    expect(load.samples.filter((s) => s.start > backAt && s.status < 300).length).toBeGreaterThan(0);
    expect(await missingAcks(server.url, acks)).toEqual([]);
  });

  it('a second server on the same DATA_DIR fails at once with a clear message, and touches nothing', async () => {
    const other = await ServerProcess.create(dataDir);
    try {
      const began = Date.now();
      await expect(other.start(30_000)).rejects.toThrow(/is in use by another Incident Desk process \(pid \d+/);
      expect(Date.now() - began).toBeLessThan(15_000);
      expect((await other.exit).code).toBe(3);
      expect(await health(server.url)).toBe(200);
    } finally {
      // its own process only: the PostgreSQL of the folder is the first server's
      if (isAlive(other.pid)) process.kill(other.pid, 'SIGKILL');
    }
  });

  it('SIGTERM under load: every request the server has taken is answered, none with a 5xx, new connections are refused; it exits 0 with PostgreSQL stopped and no runtime files left', async () => {
    const load = new Load(server.url, actors);
    load.start();
    await sleep(3000);
    // a request surely in flight at the signal: the server has it, its body is still coming
    const slow = slowRequest(server.url, 'POST', '/api/timeline', actors[0].token, { incidentId: actors[0].incidentIds[0], body: `slow note ${Date.now()}` });
    await slow.accepted;
    const pg = server.postmasterPid()!;
    const mark = server.logMark();
    const signalAt = Date.now();
    server.signal('SIGTERM');
    await sleep(1000);
    slow.finish();
    const exited = await Promise.race([server.exit, sleep(25_000).then(() => null)]);
    const exitMs = Date.now() - signalAt;
    await sleep(500);
    await load.stop();
    const slowResult = await slow.response.catch((e: Error) => ({ status: 0, body: String(e), headers: {} }));
    acks.push(...load.acks);
    if (slowResult.status === 201) acks.push({ id: slowResult.body.id, at: Date.now(), token: actors[0].token });
    const log = server.logsSince(mark);

    const inFlight = load.samples.filter((s) => s.start < signalAt && s.end > signalAt);
    figures.sigterm = {
      msToExit: exitMs,
      slowWriteInFlight: slowResult.status,
      inFlightAtSignal: byStatus(inFlight),
      requestsAfterSignal: byStatus(load.samples, signalAt),
      drain: /stopped accepting connections.*/.exec(log)?.[0],
    };
    expect(exited).not.toBeNull();
    expect(exited!.code).toBe(0);
    expect(slowResult.status).toBe(201);
    // the server answered every request it had taken (none cut at the drain's end)
    expect(log).toMatch(/stopped accepting connections; answered what was in flight/);
    expect(log).not.toMatch(/still running after/);
    // answers are never 5xx; a connection the server had not accepted yet is refused or reset by the system —
    // and a write whose connection was reset was not taken (it is not in the database)
    expect(load.samples.filter((s) => s.status >= 500)).toEqual([]);
    expect(load.samples.filter((s) => s.error && s.error !== 'ECONNREFUSED' && s.error !== 'ECONNRESET')).toEqual([]);
    expect(isAlive(pg)).toBe(false);
    expect(server.runtimeFiles()).toEqual([]);

    // it starts again with everything acknowledged, and none of the cut writes
    await server.start();
    expect(await missingAcks(server.url, acks)).toEqual([]);
    const written = await noteBodies(server.url, actors);
    expect(load.samples.filter((s) => s.kind === 'write' && s.error && written.has(s.note!))).toEqual([]);
  });

  it('npm run audit:verify: every firm chain verifies after all of it', async () => {
    const result = await auditVerify(dataDir);
    expect(result.stdout).toMatch(/All \d+ audit chains verified/);
    expect(result.code).toBe(0);
  });
});

describe('DATABASE_URL: the pool reconnects when the database is back', () => {
  let dbDir: string;
  let db: EmbeddedDatabase | null = null;
  let server: ServerProcess | null = null;
  const pgPids = new Set<number>();

  afterAll(async () => {
    server?.signal('SIGTERM');
    await Promise.race([server?.exit, sleep(20_000)]);
    const left = server ? await server.killEverything() : [];
    console.log(`DATABASE_URL figures: ${JSON.stringify(figures.databaseUrl, null, 1)}\nserver log (tail):\n${server?.logs()}`);
    await db?.stop().catch(() => undefined);
    for (const pid of pgPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
    if (server) rmSync(server.dataDir, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('a PostgreSQL the server does not run, killed and started again: 503 with Retry-After meanwhile, then served again; nothing acknowledged is lost', async () => {
    dbDir = tempDataDir('faults-url');
    db = await startEmbeddedPostgres({ dataDir: dbDir });
    const port = db.port;
    const env = { DATABASE_URL: db.ownerUrl, APP_DATABASE_URL: db.appUrl, JWT_SECRET: 'fault-test-jwt-key-that-is-long-enough-0123456789-abcd', AUDIT_KEY: 'fault-test-audit-key-that-is-long-enough-4567', SEED_DEMO: 'true' };
    server = await ServerProcess.create(tempDataDir('faults-url-app'), env);
    await server.start();
    const actors = [await actor(server.url, 'consultant@demo.test', DEMO_PASSWORD)];
    const load = new Load(server.url, actors);
    load.start();
    await sleep(3000);
    const pg = Number((await import('node:fs')).readFileSync(join(db.pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    pgPids.add(pg);
    const killedAt = Date.now();
    process.kill(pg, 'SIGKILL');
    const to503 = await until(() => load.samples.some((s) => s.start >= killedAt && s.status === 503), 10_000, 10);
    await sleep(3000);
    // the database comes back (as a provider's failover would), on the same address
    await db.stop().catch(() => undefined);
    const restartedAt = Date.now();
    db = await startEmbeddedPostgres({ dataDir: dbDir, port });
    const pg2 = Number((await import('node:fs')).readFileSync(join(db.pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    pgPids.add(pg2);
    const served = await until(async () => (await health(server!.url)) === 200, RECOVERY_MS, 100);
    const backAt = Date.now();
    await sleep(3000);
    await load.stop();

    figures.databaseUrl = {
      msTo503: to503,
      msToServeAfterDatabaseBack: served,
      databaseAwayMs: restartedAt - killedAt,
      requestsDuringFault: byStatus(load.samples, killedAt, backAt),
      acknowledgedWrites: load.acks.length,
    };
    expect(to503).not.toBeNull();
    expect(served).not.toBeNull();
    expect(forbidden(load.samples)).toEqual([]);
    expect(load.samples.filter((s) => s.error)).toEqual([]);
    expect(load.samples.filter((s) => s.start > backAt && s.status < 300).length).toBeGreaterThan(0);
    expect(await missingAcks(server.url, load.acks)).toEqual([]);
    const verified = await auditVerify(server.dataDir, { DATABASE_URL: db.ownerUrl, APP_DATABASE_URL: db.appUrl, JWT_SECRET: env.JWT_SECRET, AUDIT_KEY: env.AUDIT_KEY });
    expect(verified.code).toBe(0);
  });
});
