import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { backupCluster, type Manifest } from '../../server/src/database/backup';
import { readRuntime } from '../../server/src/database/data-dir';
import { TMP } from '../../server/src/storage/folder-store';
import { actor, Load, missingAcks, type Actor } from '../support/load';
import { ROOT, ServerProcess, sleep, tempDataDir } from '../support/server-process';

const run = promisify(execFile);
jest.setTimeout(240_000);

async function cli(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'server/dist/cli', script), ...args], { env: { PATH: process.env.PATH, ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: `${err.stdout}${err.stderr}` };
  }
}

const figures: Record<string, unknown> = {};

/** Every attachment the demo manager sees, with the SHA-256 of the bytes its download gives. */
async function attachmentsAsStored(url: string): Promise<{ id: string; sha256: string; got: string }[]> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@demo.test', password: 'demo-pass-2026' }) });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const list = (await (await fetch(`${url}/api/attachments?range=${encodeURIComponent('[0,99]')}`, { headers: auth })).json()) as { id: string; sha256: string }[];
  const out = [];
  for (const a of list) {
    const res = await fetch(`${url}/api/attachments/${a.id}/content`, { headers: auth });
    out.push({ id: a.id, sha256: a.sha256, got: res.status === 200 ? createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') : `status ${res.status}` });
  }
  return out;
}

describe('npm run backup / npm run restore (the production build, embedded PostgreSQL, under load)', () => {
  const servers: ServerProcess[] = [];
  const folders: string[] = [];
  let server: ServerProcess;
  let actors: Actor[];

  const folder = (label: string) => {
    const dir = tempDataDir(label);
    folders.push(dir);
    return dir;
  };

  /** Restores `backup` into a new folder, starts a server on it, and checks what it holds against the load. */
  async function restoreAndCheck(backup: string, load: Load, endedAt: number) {
    const restored = folder('restored');
    const restore = await cli('restore.js', [backup, '--data-dir', restored]);
    expect(restore).toEqual(expect.objectContaining({ code: 0 }));
    const again = await cli('restore.js', [backup, '--data-dir', restored]);
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/is not empty: restore into a new or empty folder/);

    const copy = await ServerProcess.create(restored);
    servers.push(copy);
    const startMs = await copy.start();
    // PostgreSQL replayed the backup's WAL on that first start
    expect(copy.logsSince(0)).toMatch(/redo done at/);
    const before = load.acks.filter((a) => a.at < endedAt);
    const after = load.acks.filter((a) => a.at > endedAt + 1000);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    // every write acknowledged before the backup's end is there; what came well after it is not (a point in time)
    expect(await missingAcks(copy.url, before)).toEqual([]);
    expect((await missingAcks(copy.url, after)).length).toBe(after.length);
    // the evidence files came along: every attachment the demo manager sees downloads with its recorded SHA-256
    const evidence = await attachmentsAsStored(copy.url);
    expect(evidence.length).toBeGreaterThan(0);
    for (const a of evidence) expect({ id: a.id, got: a.got }).toEqual({ id: a.id, got: a.sha256 });
    const verify = await cli('audit-verify.js', [], { DATA_DIR: restored });
    expect(verify.out).toMatch(/All \d+ audit chains verified/);
    expect(verify.code).toBe(0);
    // stopped as Ctrl-C does: cleanly, nothing left
    copy.signal('SIGINT');
    expect((await copy.exit).code).toBe(0);
    expect(copy.runtimeFiles()).toEqual([]);
    return { restoreStartMs: startMs, acknowledgedBeforeEnd: before.length, acknowledgedAfter: after.length };
  }

  beforeAll(async () => {
    server = await ServerProcess.create(folder('backup-src'));
    servers.push(server);
    await server.start();
    actors = [await actor(server.url, 'consultant@demo.test', 'demo-pass-2026'), await actor(server.url, 'consultant2@demo.test', 'demo-pass-2026')];
  });

  afterAll(async () => {
    for (const s of servers) {
      s.signal('SIGTERM');
      await Promise.race([s.exit, sleep(20_000)]);
    }
    const left = (await Promise.all(servers.map((s) => s.killEverything()))).flat();
    console.log(`backup figures: ${JSON.stringify(figures, null, 1)}`);
    for (const f of folders) rmSync(f, { recursive: true, force: true });
    expect(left).toEqual([]);
  });

  it('backs up online while writes go on; the restore into a new folder starts, holds every write acknowledged before the backup ended, and its chains verify', async () => {
    const load = new Load(server.url, actors);
    load.start();
    await sleep(3000);
    const out = join(folder('backup-out'), 'backup');
    const began = Date.now();
    const backup = await cli('backup.js', ['--out', out], { DATA_DIR: server.dataDir });
    const tookMs = Date.now() - began;
    expect(backup).toEqual(expect.objectContaining({ code: 0 }));
    expect(backup.out).toMatch(/online, from the running server/);
    await sleep(3000);
    await load.stop();

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['pg/backup_label', 'pg/PG_VERSION', 'pg-app.secret', 'pg-owner.secret', 'pg-superuser.secret', 'jwt.secret']));
    expect(manifest.files.some((f) => f.path.startsWith('pg/postmaster.'))).toBe(false);
    // the audit anchors of DATA_DIR, copied before the backup started: the restored copy verifies against them
    expect(manifest.files.some((f) => /^audit-anchors\/.+\.jsonl$/.test(f.path))).toBe(true);
    // the folder store's evidence files (the demo's training files), copied after the backup's end, content-addressed
    const evidence = manifest.files.filter((f) => f.path.startsWith('files/'));
    expect(evidence.length).toBeGreaterThan(0);
    for (const f of evidence) expect(f.path).toBe(`files/sha256/${f.sha256.slice(0, 2)}/${f.sha256.slice(2, 4)}/${f.sha256}`);
    expect(manifest.walSegments.length).toBeGreaterThan(0);
    for (const seg of manifest.walSegments) expect(existsSync(join(out, 'data/pg/pg_wal', seg))).toBe(true);
    figures.online = {
      ms: tookMs,
      bytes: manifest.files.reduce((n, f) => n + f.size, 0),
      files: manifest.files.length,
      walSegments: manifest.walSegments.length,
      writesDuringLoad: load.acks.length,
      ...(await restoreAndCheck(out, load, Date.parse(manifest.endedAt))),
    };
  });

  it('keeps the WAL it needs when checkpoints recycle segments during a long backup', async () => {
    const load = new Load(server.url, actors);
    load.start();
    await sleep(2000);
    const port = readRuntime(server.dataDir)!.port!;
    const superUrl = `postgres://postgres:${encodeURIComponent(server.superPassword())}@127.0.0.1:${port}/incident_desk`;
    const out = join(folder('backup-wal'), 'backup');
    let churn: { redoSegment: string; currentSegment: string } | null = null;
    const { manifest } = await backupCluster({
      superUrl,
      pgDir: join(server.dataDir, 'pg'),
      dataDir: server.dataDir,
      out,
      // the folder evidence store after the backup's end, as npm run backup copies it (DATA_DIR/files)
      after: [{ folder: 'files', skip: [TMP] }],
      // while the backup is open: several segment switches with the load writing, then checkpoints — PostgreSQL
      // would now recycle the segment the backup started in, were it not held
      afterDataCopy: async () => {
        const other = new Client({ connectionString: superUrl });
        await other.connect();
        try {
          for (let i = 0; i < 4; i++) {
            await sleep(300);
            await other.query('select pg_switch_wal()');
          }
          await other.query('checkpoint');
          await other.query('checkpoint');
          const { rows } = await other.query(`select redo_wal_file as redo, pg_walfile_name(pg_current_wal_lsn()) as current from pg_control_checkpoint()`);
          churn = { redoSegment: rows[0].redo, currentSegment: rows[0].current };
        } finally {
          await other.end();
        }
      },
    });
    await sleep(2000);
    await load.stop();
    expect(churn).not.toBeNull();
    // the checkpoint's redo point is past the segment the backup started in: without the slot it could go
    expect(churn!.redoSegment > manifest.walSegments[0]).toBe(true);
    expect(manifest.walSegments.length).toBeGreaterThanOrEqual(5);
    // the slot went with the backup's session
    const check = new Client({ connectionString: superUrl });
    await check.connect();
    const slots = await check.query(`select slot_name from pg_replication_slots where slot_name like 'incident_desk_backup%'`);
    await check.end();
    expect(slots.rows).toEqual([]);
    figures.walRecycled = { startSegment: manifest.walSegments[0], ...churn!, walSegments: manifest.walSegments.length, ...(await restoreAndCheck(out, load, Date.parse(manifest.endedAt))) };
  });

  it('with DATABASE_URL it points to the provider\'s backups or pg_dump instead', async () => {
    const res = await cli('backup.js', ['--out', join(folder('backup-url'), 'b')], {
      DATABASE_URL: 'postgres://owner:pw@127.0.0.1:1/db',
      APP_DATABASE_URL: 'postgres://app:pw@127.0.0.1:1/db',
      JWT_SECRET: 'fault-backup-jwt-key-long-enough-0123456789-abcdefghij',
    });
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/pg_dump/);
  });
});
