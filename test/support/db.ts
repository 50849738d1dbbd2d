import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../server/src/database/migrations';
import { OWNER_ROLE } from '../../server/src/database/roles';
import { withDatabase } from '../../server/src/database/url';

export { withDatabase };

/** A direct connection for tests that look underneath the API (catalog, RLS, tampering). */
export async function connect(which: 'app' | 'owner' | 'super'): Promise<Client> {
  const url = {
    app: process.env.TEST_APP_DATABASE_URL,
    owner: process.env.TEST_OWNER_DATABASE_URL,
    super: process.env.TEST_SUPER_DATABASE_URL,
  }[which];
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

/** A new empty database `name` (dropped first if it exists) owned by the owner role; its URLs for each role. */
export async function emptyDatabase(name: string): Promise<{ ownerUrl: string; appUrl: string; superUrl: string }> {
  const sup = new Client({ connectionString: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, 'postgres') });
  await sup.connect();
  try {
    await sup.query(`drop database if exists ${name} with (force)`);
    await sup.query(`create database ${name} owner ${OWNER_ROLE}`);
  } finally {
    await sup.end();
  }
  const swap = (u: string) => withDatabase(u, name);
  return { ownerUrl: swap(process.env.TEST_OWNER_DATABASE_URL!), appUrl: swap(process.env.TEST_APP_DATABASE_URL!), superUrl: swap(process.env.TEST_SUPER_DATABASE_URL!) };
}

/** Drops the database `name` (connections to it are ended). */
export async function dropDatabase(name: string): Promise<void> {
  const sup = new Client({ connectionString: withDatabase(process.env.TEST_SUPER_DATABASE_URL!, 'postgres') });
  await sup.connect();
  try {
    await sup.query(`drop database if exists ${name} with (force)`);
  } finally {
    await sup.end();
  }
}

/** A database of its own, migrated up to (not including) `until`; its superuser URL, and the rest of the migrations. */
export async function databaseBefore(name: string, until: unknown): Promise<{ superUrl: string; migrateAll: () => Promise<void> }> {
  const { ownerUrl, superUrl } = await emptyDatabase(name);
  const migrate = async (migrations: unknown[]) => {
    const ds = new DataSource({ type: 'postgres', url: ownerUrl, migrations: migrations as any, migrationsTableName: 'schema_migrations', installExtensions: false } as any);
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await ds.destroy();
    }
  };
  await migrate(MIGRATIONS.slice(0, MIGRATIONS.indexOf(until as (typeof MIGRATIONS)[number])));
  return { superUrl, migrateAll: () => migrate(MIGRATIONS) };
}
