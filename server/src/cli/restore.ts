import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, dataDirOf } from '../config/config';
import { restoreBackup } from '../database/backup';

/**
 * `npm run restore -- DIR [--data-dir D]`: a backup made by `npm run backup` into a new or empty data folder (D, else
 * DATA_DIR); `DATA_DIR=D npm start` then recovers it (database/backup.ts).
 */
async function main() {
  const { values, positionals } = parseArgs({ options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) {
    console.error('usage: npm run restore -- BACKUP_DIR [--data-dir NEW_FOLDER]   (the folder must be new or empty)');
    process.exit(2);
  }
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : dataDirOf();
  const { files, bytes, manifest } = await restoreBackup(resolve(positionals[0]), dataDir);
  console.log(
    `Restored the backup of ${manifest.finishedAt} (${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MB) into ${dataDir}.\n` +
      `Start it: DATA_DIR=${dataDir} npm start   (PostgreSQL replays the backup's WAL on that first start)`,
  );
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : `Restore failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
