import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withDatabase } from '../../server/src/database/url';

/**
 * Each jest worker has a database of its own, made by global-setup.ts from the migrated one (its template): test files
 * that run at the same time in two workers share no job queue (an app would take another file's e-mail jobs and send
 * them through its own SMTP server), no login throttle and no data. Run before every test file (jest `setupFiles`): it
 * points the TEST_*_DATABASE_URL variables of this worker's process, and so of every process a test starts, at
 * `<database>_w<JEST_WORKER_ID>`, and TEST_DATA_DIR at a folder of the worker's. Once per process: a later file of the
 * same worker finds them set.
 */
const worker = process.env.JEST_WORKER_ID;
const base = process.env.TEST_DATABASE_NAME;
if (worker && base && process.env.TEST_WORKER_DATABASE !== worker) {
  const name = `${base}_w${worker}`;
  for (const key of ['TEST_APP_DATABASE_URL', 'TEST_OWNER_DATABASE_URL', 'TEST_SUPER_DATABASE_URL']) {
    const url = process.env[key];
    if (!url || new URL(url).pathname !== `/${base}`) throw new Error(`${key} does not name the database ${base}`);
    process.env[key] = withDatabase(url, name);
  }
  const dir = join(process.env.TEST_DATA_DIR!, `w${worker}`);
  mkdirSync(dir, { recursive: true });
  process.env.TEST_DATA_DIR = dir;
  process.env.TEST_WORKER_DATABASE = worker;
}
