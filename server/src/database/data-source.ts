import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { defaultLogger, QueryLogger } from '../common/logging';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

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
    extra: { application_name: opts.name ?? 'incident-desk' },
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
