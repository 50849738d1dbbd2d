import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataDir, clearLeftoverPostgres, DataDirInUse, isAlive, isPostgresOf, readRuntime, startTime } from './data-dir';

describe('data folder ownership', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incident-desk-datadir-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A live process that is not us (and not a postgres): a sleeping node. */
  function otherProcess() {
    const p = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise((r) => p.once('exit', r));
    return {
      pid: p.pid!,
      stop: async () => {
        p.kill('SIGKILL');
        await exited;
      },
    };
  }

  it('claims a free folder with runtime.json (pid, start time), adds the port, and releases it', () => {
    const claim = claimDataDir(dir);
    expect(readRuntime(dir)).toEqual({ pid: process.pid, started: startTime(process.pid) });
    claim.setPort(5433);
    expect(readRuntime(dir)?.port).toBe(5433);
    claim.release();
    expect(existsSync(join(dir, 'runtime.json'))).toBe(false);
  });

  it('fails at once, naming the pid, when a live process holds the folder', async () => {
    const other = otherProcess();
    try {
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ pid: other.pid, started: startTime(other.pid), port: 5999 }));
      expect(() => claimDataDir(dir)).toThrow(DataDirInUse);
      expect(() => claimDataDir(dir)).toThrow(new RegExp(`in use by another Incident Desk process \\(pid ${other.pid}, PostgreSQL on port 5999\\)`));
      // untouched
      expect(readRuntime(dir)?.pid).toBe(other.pid);
    } finally {
      await other.stop();
    }
  });

  it('takes over a runtime.json left by a process that is gone, or whose pid now names another process', async () => {
    const gone = otherProcess();
    await gone.stop();
    expect(isAlive(gone.pid)).toBe(false);
    writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ pid: gone.pid, started: '1', port: 1 }));
    claimDataDir(dir).release();

    const reused = otherProcess();
    try {
      // the pid lives, but started at another time than the owner did: not the owner
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ pid: reused.pid, started: '1', port: 1 }));
      const claim = claimDataDir(dir);
      expect(readRuntime(dir)?.pid).toBe(process.pid);
      claim.release();
    } finally {
      await reused.stop();
    }
  });

  it('removes a postmaster.pid whose process is gone or is no postgres of the folder, and never signals that process', async () => {
    const pg = join(dir, 'pg');
    mkdirSync(pg);
    const other = otherProcess();
    try {
      expect(isPostgresOf(other.pid, pg)).toBe(false);
      writeFileSync(join(pg, 'postmaster.pid'), `${other.pid}\n${pg}\n`);
      const log: string[] = [];
      await clearLeftoverPostgres(pg, (m) => log.push(m));
      expect(existsSync(join(pg, 'postmaster.pid'))).toBe(false);
      expect(isAlive(other.pid)).toBe(true);
      expect(log).toEqual([]);
    } finally {
      await other.stop();
    }
    writeFileSync(join(pg, 'postmaster.pid'), 'not a pid\n');
    await clearLeftoverPostgres(pg, () => undefined);
    expect(readFileSync(join(pg, 'postmaster.pid'), 'utf8')).toBe('not a pid\n');
  });
});
