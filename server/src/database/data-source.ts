import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function makeDataSource(url: string, opts: { poolSize?: number; name?: string } = {}): DataSource {
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
    logging: ['error'],
  } as any);
}

/** Runs pending migrations as the owner role. */
export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const ds = makeDataSource(ownerUrl, { poolSize: 2, name: 'incident-desk-migrations' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
