import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Who uses a DATA_DIR. The process that runs its embedded PostgreSQL (`npm start`, or a CLI that started the cluster
 * for itself) claims the folder by creating `runtime.json` with its pid — and, where the system tells it, its start
 * time, so that a pid reused after a crash is not taken for the owner — and adds the port once PostgreSQL listens
 * (the CLIs read it to reach the running database). The file is removed when the owner stops; after a crash it stays,
 * and the next claim finds its pid gone.
 */
export interface RuntimeInfo {
  pid: number;
  /** the process's start time as the system counts it (/proc/PID/stat), null where unknown */
  started: string | null;
  port?: number;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: RuntimeInfo,
  ) {
    super(
      `${dataDir} is in use by another Incident Desk process (pid ${owner.pid}${owner.port ? `, PostgreSQL on port ${owner.port}` : ''}). ` +
        'Stop it first (Ctrl-C, or kill -TERM it), or give this one another DATA_DIR.',
    );
  }
}

export const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

/** runtime.json as written, or null when there is none or it cannot be read. */
export function readRuntime(dataDir: string): RuntimeInfo | null {
  try {
    const info = JSON.parse(readFileSync(runtimeFile(dataDir), 'utf8')) as RuntimeInfo;
    return Number.isInteger(info?.pid) ? info : null;
  } catch {
    return null;
  }
}

/** runtime.json's process, if it is still the one that wrote it. */
export function liveOwner(dataDir: string): RuntimeInfo | null {
  const info = readRuntime(dataDir);
  return info && info.pid !== process.pid && isAlive(info.pid) && (info.started === null || info.started === startTime(info.pid)) ? info : null;
}

export interface DataDirClaim {
  /** adds the port of the running PostgreSQL */
  setPort(port: number): void;
  /** removes runtime.json if it is still this process's */
  release(): void;
}

/**
 * Claims the folder for this process, or throws DataDirInUse when a live process holds it. Creating the file is the
 * lock (`wx`): of two processes that find a stale one, one creates the new file and the other then finds it live.
 */
export function claimDataDir(dataDir: string): DataDirClaim {
  const file = runtimeFile(dataDir);
  const mine: RuntimeInfo = { pid: process.pid, started: startTime(process.pid) };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw e;
      const owner = liveOwner(dataDir);
      if (owner) throw new DataDirInUse(dataDir, owner);
      // left by a process that is gone (or by this one): stale
      rmSync(file, { force: true });
    }
  }
  return {
    setPort(port) {
      writeFileSync(file, JSON.stringify({ ...mine, port }), { mode: 0o600 });
    },
    release() {
      if (readRuntime(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, run by another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot): with the pid it names one process. */
export function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** The pid that postmaster.pid names (its first line), or null. */
export function postmasterPid(pgDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Whether process `pid` is a PostgreSQL server of this data folder: a postgres whose working directory is the folder
 * (the postmaster and its backends chdir into it), or, where that cannot be read, whose command line names it.
 */
export function isPostgresOf(pid: number, pgDir: string): boolean {
  const dir = safeRealpath(pgDir);
  try {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    return /(^|\/)postgres( \(deleted\))?$/.test(exe) && readlinkSync(`/proc/${pid}/cwd`) === dir;
  } catch {
    /* not Linux, or not ours to read */
  }
  let command = '';
  try {
    command = existsSync(`/proc/${pid}/cmdline`)
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
      : execFileSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  } catch {
    return false;
  }
  return /(^|\/)postgres\s/.test(command) && (command.includes(` ${pgDir} `) || command.includes(` ${dir} `) || command.endsWith(dir));
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the process is gone; false after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await sleep(50);
  }
  return true;
}

/**
 * How a PostgreSQL server is stopped: fast shutdown (SIGINT: sessions ended, a shutdown checkpoint written) given a
 * minute; immediate shutdown (SIGQUIT: crash recovery on the next start) if it hangs; SIGKILL last.
 */
export const POSTGRES_STOP: readonly (readonly [NodeJS.Signals, number])[] = [['SIGINT', 60_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]];

/**
 * Before PostgreSQL starts in `pgDir`: a postmaster.pid whose process still runs that folder is a PostgreSQL left
 * behind by a process that died without stopping it (node killed with SIGKILL, say; the caller has checked that no
 * live process claims the folder). It is stopped cleanly (POSTGRES_STOP), so that the new start finds the folder free. A postmaster.pid naming a process that is gone, or that is not a postgres of this folder
 * (its pid reused), is stale and removed: PostgreSQL would otherwise refuse to start while that pid lives.
 */
export async function clearLeftoverPostgres(pgDir: string, log: (msg: string) => void): Promise<void> {
  const pid = postmasterPid(pgDir);
  if (pid === null) return;
  if (!isAlive(pid) || !isPostgresOf(pid, pgDir)) {
    rmSync(join(pgDir, 'postmaster.pid'), { force: true });
    return;
  }
  log(`PostgreSQL (pid ${pid}) is still running in ${pgDir}, left by a process that is gone: stopping it (fast shutdown)`);
  for (const [signal, wait] of POSTGRES_STOP) {
    try {
      process.kill(pid, signal);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw new Error(`cannot stop PostgreSQL pid ${pid} in ${pgDir}: ${(e as Error).message}`);
    }
    if (await waitForExit(pid, wait)) {
      log(`left-over PostgreSQL (pid ${pid}) stopped`);
      return;
    }
    log(`left-over PostgreSQL (pid ${pid}) did not stop after ${signal} within ${wait / 1000} s`);
  }
  throw new Error(`PostgreSQL pid ${pid} in ${pgDir} does not stop`);
}
