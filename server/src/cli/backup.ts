import 'reflect-metadata';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { backupCluster } from '../database/backup';
import { useEmbeddedPostgres } from '../database/embedded';
import { TMP } from '../storage/folder-store';

/**
 * `npm run backup -- --out DIR`: an online, consistent backup of the embedded PostgreSQL of DATA_DIR (the running
 * server's, or one started for the backup) and the secrets the restored server needs (database/backup.ts).
 */
async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  if (!values.out) {
    console.error('usage: npm run backup -- --out DIR   (DIR new or empty)');
    process.exit(2);
  }
  // before the rest of the configuration: with DATABASE_URL this command has nothing to do, whatever else is set
  if (process.env.DATABASE_URL) {
    console.error(
      'DATABASE_URL is set: this PostgreSQL is not the embedded one. Back it up with your provider\'s backups (snapshots, point-in-time recovery) or `pg_dump --format=custom` of the database (README, "Backups").',
    );
    process.exit(2);
  }
  const config = loadConfig();
  const db = await useEmbeddedPostgres(config.dataDir);
  try {
    const out = resolve(values.out);
    // the audit anchors, when they are kept in DATA_DIR (AUDIT_ANCHOR_DIR elsewhere is not part of the backup)
    const anchors = relative(config.dataDir, config.auditAnchorDir);
    const before = anchors && !anchors.startsWith('..') && !isAbsolute(anchors) ? [anchors] : [];
    // the folder evidence store, when it is in DATA_DIR (a folder elsewhere, or a bucket, is backed up on its own)
    const files = config.storage.driver === 'folder' ? relative(config.dataDir, config.storage.dir) : '';
    const after = files && !files.startsWith('..') && !isAbsolute(files) ? [{ folder: files, skip: [TMP] }] : [];
    if (!after.length) console.log(`Evidence files are not in DATA_DIR (${config.storage.driver === 'folder' ? config.storage.dir : 'an S3 bucket'}): back them up on their own.`);
    const { manifest, bytes } = await backupCluster({ superUrl: db.superUrl, pgDir: db.pgDir, dataDir: config.dataDir, out, before, after, log: (l) => console.log(l) });
    console.log(
      `Backup of ${config.dataDir} in ${out}: ${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB, ` +
        `${(manifest.durationMs / 1000).toFixed(1)} s (WAL ${manifest.startLsn} … ${manifest.endLsn}, ${db.shared ? 'online, from the running server' : 'PostgreSQL started for it'}).\n` +
        `It holds everything committed before ${manifest.endedAt}. Restore: npm run restore -- ${out} --data-dir NEW_FOLDER`,
    );
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : `Backup failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
