import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, lstatSync, mkdirSync, rmSync, chownSync, chmodSync, statSync } from 'node:fs';
import { open, readdir, lstat, mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Client } from 'pg';
import { postgresUser } from './embedded';

/**
 * Online, consistent backups of the embedded cluster with PostgreSQL's low-level base backup API (PostgreSQL 18
 * documentation, 25.3.4 "Making a Base Backup Using the Low Level API"; the embedded binaries have no pg_basebackup or
 * pg_dump), made into a standalone hot backup: the data folder plus every WAL segment from the backup's start to its
 * end, so that the restored cluster needs no WAL archive.
 *
 * 1. As the cluster's superuser, on one connection kept open to the end: a temporary physical replication slot that
 *    reserves WAL at once (`pg_create_physical_replication_slot(name, true, true)`): PostgreSQL keeps every segment
 *    from the slot's position — before the backup's start — however long the copy takes, whatever checkpoints
 *    happen meanwhile (without it a segment the backup needs could be recycled during a long copy). The slot goes
 *    with the session, also when the backup fails.
 * 2. `pg_backup_start(label, fast => true)`: an immediate checkpoint; the backup starts from its redo point.
 * 3. The data folder is copied while the database works on (files may change under the copy: WAL replay from the
 *    start point repairs that, full-page writes being forced on during a backup), without what the documentation says
 *    to leave out: pg_wal/ (copied in step 5), postmaster.pid and .opts, pg_replslot/, the contents of pg_dynshmem/,
 *    pg_notify/, pg_serial/, pg_snapshots/, pg_stat_tmp/, pg_subtrans/, pgsql_tmp* and pg_internal.init.
 * 4. `pg_backup_stop(wait_for_archive => false)` (nothing is archived: the WAL is copied here) gives the stop LSN,
 *    the backup_label and the tablespace map, written into the backup byte for byte.
 * 5. A switch to a new WAL segment (`pg_switch_wal()`), and once the WAL up to it is flushed, every segment from the
 *    start segment (backup_label's START WAL LOCATION) to the one the switch completed — each one must exist — is
 *    copied into the backup's pg_wal/, with any timeline history files. The restored cluster replays all of it: it
 *    holds every transaction committed before that switch, i.e. everything acknowledged before the backup ends.
 * 6. The DATA_DIR secrets the restored server needs (`*.secret`: database role passwords, the JWT key, …), then a
 *    manifest of every file with its size and SHA-256, written last: a backup without one is incomplete.
 *
 * On the first start of a restored copy PostgreSQL finds backup_label, replays the copied WAL from the start
 * checkpoint through the backup's end record and on to the end of the copied WAL, and opens the database consistent.
 */

export const MANIFEST = 'manifest.json';
export const FORMAT = 'incident-desk-backup/1';

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: string;
  label: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  postgresVersion: string;
  systemIdentifier: string;
  startLsn: string;
  /** pg_backup_stop's LSN: the restored cluster is consistent from here */
  stopLsn: string;
  /** the end of the WAL copied (the final switch): the restored cluster holds every commit before it */
  endLsn: string;
  /** when that switch happened: everything committed (acknowledged) before this time is in the backup */
  endedAt: string;
  walSegments: string[];
  /** folders (relative to the backup's data/) to make even when empty */
  dirs: string[];
  files: ManifestFile[];
}

export interface BackupOptions {
  /** the cluster's superuser */
  superUrl: string;
  /** the cluster's folder (DATA_DIR/pg) */
  pgDir: string;
  /** DATA_DIR, for its secrets */
  dataDir: string;
  /**
   * Folders of DATA_DIR copied before the backup starts (the audit anchors: every head they name was committed before
   * the start, so it is in the backup, and a restored copy verifies against them)
   */
  before?: string[];
  /**
   * Folders of DATA_DIR copied after the backup's end (the folder evidence store: a file is in place before the row that
   * names it commits, so every file a row of the backup names is there by then), without their `skip` subfolders
   */
  after?: { folder: string; skip: string[] }[];
  /** an empty or new folder */
  out: string;
  /** after the data folder is copied, before pg_backup_stop (tests make WAL be recycled here) */
  afterDataCopy?: (client: Client) => Promise<void>;
  log?: (msg: string) => void;
}

export interface BackupResult {
  manifest: Manifest;
  bytes: number;
}

/** Folders whose contents PostgreSQL makes again on start (the folders themselves are kept). */
const EMPTIED = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const SKIPPED = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map']);

export async function backupCluster(opts: BackupOptions): Promise<BackupResult> {
  const log = opts.log ?? (() => undefined);
  const began = Date.now();
  if (existsSync(opts.out) && readdirSync(opts.out).length > 0) throw new Error(`${opts.out} is not empty: give a new or empty folder`);
  if (readdirSync(join(opts.pgDir, 'pg_tblspc')).length > 0) throw new Error('the cluster has tablespaces, which this backup does not copy');
  const dataOut = join(opts.out, 'data');
  const pgOut = join(dataOut, 'pg');
  const label = `incident-desk ${new Date(began).toISOString()}`;
  const client = new Client({ connectionString: opts.superUrl, application_name: 'incident-desk-backup' });
  client.on('error', () => undefined);
  await client.connect();
  let madeOut = false;
  try {
    const { rows: about } = await client.query<{ version: string; sysid: string; segbytes: string }>(
      `select current_setting('server_version') as version, (select system_identifier::text from pg_control_system()) as sysid,
              (select setting from pg_settings where name = 'wal_segment_size') as segbytes`,
    );
    const { version, sysid } = about[0];
    const segsize = Number(about[0].segbytes);
    mkdirSync(dataOut, { recursive: true, mode: 0o700 });
    madeOut = true;
    const files: ManifestFile[] = [];
    const dirs: string[] = ['pg'];
    let bytes = 0;
    const add = (f: ManifestFile) => {
      files.push(f);
      bytes += f.size;
    };
    for (const folder of opts.before ?? []) {
      if (!existsSync(join(opts.dataDir, folder))) continue;
      dirs.push(folder);
      await copyFolder(join(opts.dataDir, folder), join(dataOut, folder), folder, dataOut, add, dirs);
    }
    const slot = `incident_desk_backup_${process.pid}_${began}`;
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [slot]);
    const { rows: started } = await client.query<{ lsn: string }>('select pg_backup_start($1, true)::text as lsn', [label]);
    log(`backup started at WAL ${started[0].lsn}`);
    mkdirSync(pgOut, { recursive: true, mode: 0o700 });
    await copyTree(opts.pgDir, pgOut, '', dataOut, add, dirs);
    log(`data folder copied: ${files.length} files, ${mb(bytes)}`);
    await opts.afterDataCopy?.(client);

    const { rows: stopped } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>(
      'select lsn::text as lsn, labelfile, spcmapfile from pg_backup_stop(false)',
    );
    const { lsn: stopLsn, labelfile, spcmapfile } = stopped[0];
    add(await writeExact(join(pgOut, 'backup_label'), labelfile, dataOut));
    if (spcmapfile) add(await writeExact(join(pgOut, 'tablespace_map'), spcmapfile, dataOut));

    // the WAL from the start segment on: through the stop LSN's segment at least, and — after a switch to a new
    // segment now — through what was written until now, so that whatever was committed before the backup ends is in it
    const startFile = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(labelfile)?.[1];
    if (!startFile) throw new Error(`backup_label without its start WAL file:\n${labelfile}`);
    const { rows: ended } = await client.query<{ lsn: string; stop: string; last: string; at: Date }>(
      // the segments holding the last byte before each position (a position on a segment's boundary names the next one)
      `select s.lsn::text as lsn, pg_walfile_name($1::pg_lsn - 1) as stop, pg_walfile_name(s.lsn - 1) as last, s.at
         from (select pg_switch_wal() as lsn, clock_timestamp() as at) s`,
      [stopLsn],
    );
    const endLsn = ended[0].lsn;
    const endedAt = new Date(ended[0].at).toISOString();
    for (let i = 0; ; i++) {
      const { rows } = await client.query<{ flushed: boolean }>('select pg_current_wal_flush_lsn() >= $1::pg_lsn as flushed', [endLsn]);
      if (rows[0].flushed) break;
      if (i > 200) throw new Error(`WAL up to ${endLsn} was not flushed in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const segments = segmentRange(startFile, ended[0].last > ended[0].stop ? ended[0].last : ended[0].stop, segsize);
    const walOut = join(pgOut, 'pg_wal');
    for (const seg of segments) {
      const from = join(opts.pgDir, 'pg_wal', seg);
      if (!existsSync(from)) throw new Error(`WAL segment ${seg} needed by the backup is missing from ${join(opts.pgDir, 'pg_wal')}`);
      add(await copyFile(from, join(walOut, seg), dataOut));
    }
    for (const name of readdirSync(join(opts.pgDir, 'pg_wal'))) {
      if (name.endsWith('.history')) add(await copyFile(join(opts.pgDir, 'pg_wal', name), join(walOut, name), dataOut));
    }
    await client.query('select pg_drop_replication_slot($1)', [slot]);
    log(`WAL copied: ${segments.length} segments (${segments[0]} … ${segments[segments.length - 1]}), consistent from ${stopLsn}, up to ${endLsn}`);

    // the evidence files (immutable; files of rows committed after the end come along and are never named: harmless)
    for (const { folder, skip } of opts.after ?? []) {
      if (!existsSync(join(opts.dataDir, folder))) continue;
      dirs.push(folder);
      await copyFolder(join(opts.dataDir, folder), join(dataOut, folder), folder, dataOut, add, dirs, new Set(skip.map((s) => `${folder}/${s}`)));
    }
    if (opts.after?.length) log(`evidence files copied: ${files.filter((f) => opts.after!.some((a) => f.path.startsWith(`${a.folder}/`))).length}`);

    // the secrets the restored server needs (database role passwords, the JWT key, …)
    for (const name of readdirSync(opts.dataDir)) {
      if (name.endsWith('.secret') && lstatSync(join(opts.dataDir, name)).isFile()) add(await copyFile(join(opts.dataDir, name), join(dataOut, name), dataOut));
    }
    const finished = Date.now();
    const manifest: Manifest = {
      format: FORMAT,
      label,
      startedAt: new Date(began).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - began,
      postgresVersion: version,
      systemIdentifier: sysid,
      startLsn: started[0].lsn,
      stopLsn,
      endLsn,
      endedAt,
      walSegments: segments,
      dirs: dirs.sort(),
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    };
    await syncDirs(dataOut);
    await writeDurably(join(opts.out, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
    return { manifest, bytes };
  } catch (e) {
    // the session's end aborts a backup still in progress and drops the slot; a backup without manifest is no backup
    if (madeOut) rmSync(dataOut, { recursive: true, force: true });
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Copies the data folder (see EMPTIED and SKIPPED); files that vanish during the copy (a dropped table) are skipped. */
async function copyTree(src: string, dest: string, rel: string, root: string, add: (f: ManifestFile) => void, dirs: string[]) {
  let entries: string[];
  try {
    entries = await readdir(src);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const name of entries) {
    const relPath = rel ? `${rel}/${name}` : name;
    if (!rel && SKIPPED.has(name)) continue;
    if (name.startsWith('pgsql_tmp') || name === 'pg_internal.init') continue;
    let st;
    try {
      st = await lstat(join(src, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    if (st.isDirectory()) {
      await mkdir(join(dest, name), { recursive: true, mode: 0o700 });
      dirs.push(`pg/${relPath}`);
      if (!rel && EMPTIED.has(name)) {
        if (name === 'pg_wal') for (const sub of ['archive_status', 'summaries']) {
          await mkdir(join(dest, name, sub), { recursive: true, mode: 0o700 });
          dirs.push(`pg/pg_wal/${sub}`);
        }
        continue;
      }
      await copyTree(join(src, name), join(dest, name), relPath, root, add, dirs);
    } else if (st.isFile()) {
      try {
        add(await copyFile(join(src, name), join(dest, name), root));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
}

/** Copies a plain folder of DATA_DIR (files and subfolders as they are, but the subfolders in `skip`). */
async function copyFolder(src: string, dest: string, rel: string, root: string, add: (f: ManifestFile) => void, dirs: string[], skip = new Set<string>()) {
  await mkdir(dest, { recursive: true, mode: 0o700 });
  for (const name of await readdir(src)) {
    const st = await lstat(join(src, name)).catch(() => null);
    if (!st) continue;
    if (st.isDirectory()) {
      if (skip.has(`${rel}/${name}`)) continue;
      dirs.push(`${rel}/${name}`);
      await copyFolder(join(src, name), join(dest, name), `${rel}/${name}`, root, add, dirs, skip);
    } else if (st.isFile()) add(await copyFile(join(src, name), join(dest, name), root));
  }
}

/** Copies one file (new, mode 0600), hashing what it writes, and syncs it to disk. */
async function copyFile(from: string, to: string, root: string): Promise<ManifestFile> {
  const hash = createHash('sha256');
  const input = createReadStream(from);
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  const out = await open(to, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      await out.write(chunk);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { path: relative(root, to).split(sep).join('/'), size, sha256: hash.digest('hex') };
}

/** backup_label and tablespace_map: byte for byte as pg_backup_stop gave them. */
async function writeExact(to: string, text: string, root: string): Promise<ManifestFile> {
  const data = Buffer.from(text, 'utf8');
  await writeDurably(to, data);
  return { path: relative(root, to).split(sep).join('/'), size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

async function writeDurably(to: string, data: string | Buffer) {
  const out = await open(to, 'wx', 0o600);
  try {
    await out.writeFile(data);
    await out.sync();
  } finally {
    await out.close();
  }
}

/** fsync of every folder under root (new entries are durable once their folder is). */
async function syncDirs(root: string) {
  const fh = await open(root, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  for (const e of await readdir(root, { withFileTypes: true })) if (e.isDirectory()) await syncDirs(join(root, e.name));
}

/** WAL file names from `first` to `last` (same timeline), with `segmentBytes` per segment. */
export function segmentRange(first: string, last: string, segmentBytes: number): string[] {
  const perId = 0x100000000 / segmentBytes;
  const tli = first.slice(0, 8);
  if (last.slice(0, 8) !== tli) throw new Error(`the backup spans timelines ${tli} and ${last.slice(0, 8)}`);
  const segno = (name: string) => parseInt(name.slice(8, 16), 16) * perId + parseInt(name.slice(16, 24), 16);
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(8, '0');
  const out: string[] = [];
  for (let n = segno(first); n <= segno(last); n++) out.push(`${tli}${hex(Math.floor(n / perId))}${hex(n % perId)}`);
  if (!out.length) throw new Error(`the backup's WAL ends (${last}) before it starts (${first})`);
  return out;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export interface RestoreResult {
  files: number;
  bytes: number;
  manifest: Manifest;
}

/**
 * Restores a backup into a DATA_DIR that does not exist or is empty (never over one in use): every file of the
 * manifest is copied and its SHA-256 checked, the folders PostgreSQL expects are made, and the cluster's files get
 * the owner and modes PostgreSQL requires. The next start there replays the backup's WAL (see above).
 */
export async function restoreBackup(from: string, dataDir: string, log: (msg: string) => void = () => undefined): Promise<RestoreResult> {
  const manifestFile = join(from, MANIFEST);
  if (!existsSync(manifestFile)) throw new Error(`${from} has no ${MANIFEST}: not a complete backup`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== FORMAT) throw new Error(`${manifestFile}: unknown format ${manifest.format}`);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty: restore into a new or empty folder (nothing is overwritten)`);
  }
  const made = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const src = join(from, 'data');
  try {
    for (const d of manifest.dirs) mkdirSync(join(dataDir, d), { recursive: true, mode: 0o700 });
    let bytes = 0;
    for (const f of manifest.files) {
      if (f.path.split('/').includes('..')) throw new Error(`${manifestFile}: bad path ${f.path}`);
      const copied = await copyFile(join(src, f.path), join(dataDir, f.path), dataDir);
      if (copied.size !== f.size || copied.sha256 !== f.sha256) throw new Error(`${f.path} differs from the manifest (damaged backup)`);
      bytes += f.size;
    }
    if (!existsSync(join(dataDir, 'pg', 'backup_label'))) throw new Error('the backup has no backup_label');
    await syncDirs(dataDir);
    ownForPostgres(join(dataDir, 'pg'));
    log(`restored ${manifest.files.length} files (${mb(bytes)}) of the backup made ${manifest.finishedAt}`);
    return { files: manifest.files.length, bytes, manifest };
  } catch (e) {
    // only what this restore made: the folder was new or empty
    if (made) rmSync(dataDir, { recursive: true, force: true });
    else for (const name of readdirSync(dataDir)) rmSync(join(dataDir, name), { recursive: true, force: true });
    throw e;
  }
}

/** The cluster's folder as PostgreSQL wants it: mode 0700, owned by the user it runs as (`postgres` when we are root). */
function ownForPostgres(pgDir: string) {
  chmodSync(pgDir, 0o700);
  const { uid, gid } = postgresUser();
  if (uid === undefined) return;
  const walk = (p: string) => {
    chownSync(p, uid, gid!);
    if (statSync(p).isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(pgDir);
}
