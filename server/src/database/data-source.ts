import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { defaultLogger, QueryLogger } from '../common/logging';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * What every pool of ours adds to pg's defaults. A connection that cannot be had within 5 s (the database away, or the
 * pool exhausted) fails — answered 503 — instead of holding the request; TCP keep-alive notices a database host that
 * vanished. A connection that broke is not reused (pg-pool drops a client that is no longer queryable when it is
 * released, and an idle one on its error event, which TypeORM's pool error handler logs), so the pool opens new ones
 * once PostgreSQL is back, also on DATABASE_URL.
 */
export const POOL_OPTIONS = { connectionTimeoutMillis: 5000, keepAlive: true, keepAliveInitialDelayMillis: 10_000 };

export function makeDataSource(url: string, opts: { poolSize?: number; name?: string; log?: Logger } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    poolSize: opts.poolSize ?? 20,
    extra: { application_name: opts.name ?? 'incident-desk', ...POOL_OPTIONS },
    // failed queries with their SQL text and code, never their parameters (common/logging.ts)
    logger: new QueryLogger(opts.log ?? defaultLogger()),
  } as any);
}

/** Runs pending migrations as the owner role. */
export async function runMigrations(ownerUrl: string, log?: Logger): Promise<string[]> {
  const ds = makeDataSource(ownerUrl, { poolSize: 2, name: 'incident-desk-migrations', log });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
