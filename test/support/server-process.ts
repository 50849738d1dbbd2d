import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isAlive, postmasterPid } from '../../server/src/database/data-dir';
import { freePort } from '../../server/src/database/embedded';

export const ROOT = resolve(__dirname, '..', '..');
export const SERVER_MAIN = join(ROOT, 'server', 'dist', 'main.js');

/** A fresh DATA_DIR the embedded PostgreSQL (run as the `postgres` user when we are root) can enter. */
export function tempDataDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `incident-desk-${label}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/**
 * The production build (`node server/dist/main.js`) as a child process, on 127.0.0.1 and its own port, with its own
 * DATA_DIR. Every process it starts is remembered (its pid, and each postmaster pid seen in DATA_DIR/pg) so that
 * `killEverything` can make sure nothing is left behind, also when a test fails.
 */
export class ServerProcess {
  readonly url: string;
  private child: ChildProcess | null = null;
  private output = '';
  readonly pids = new Set<number>();
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({ code: null, signal: null });

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    return new ServerProcess(dataDir, await freePort(), env);
  }

  /** Starts the server and resolves once /api/health answers 200; the time that took. */
  async start(timeoutMs = 120_000): Promise<number> {
    const began = Date.now();
    const mark = this.logMark();
    const child = spawn(process.execPath, [SERVER_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: this.dataDir,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PASSWORD_SCRYPT_LOG2N: '12',
        LOG_LEVEL: 'log',
        ADMIN_DIST: '/nonexistent',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.pids.add(child.pid!);
    child.stdout!.on('data', (c: Buffer) => this.append(c));
    child.stderr!.on('data', (c: Buffer) => this.append(c));
    this.exit = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    let exited = false;
    void this.exit.then(() => (exited = true));
    while (Date.now() - began < timeoutMs) {
      if (exited) throw new Error(`server exited while starting:\n${this.logs()}`);
      const pg = this.postmasterPid();
      if (pg) this.pids.add(pg);
      // our server listens (not another process that took the port meanwhile), and answers
      // (the banner for a person at a terminal, or its JSON line: the server's stdout is a pipe here)
      const said = this.logsSince(mark);
      if ((said.includes(`is running at ${this.url}`) || said.includes(`"url":"${this.url}"`)) && (await health(this.url)) === 200) {
        const pgNow = this.postmasterPid();
        if (pgNow) this.pids.add(pgNow);
        return Date.now() - began;
      }
      await sleep(100);
    }
    throw new Error(`server did not start within ${timeoutMs} ms:\n${this.logs()}`);
  }

  get pid(): number {
    return this.child!.pid!;
  }

  /** The pid in DATA_DIR/pg/postmaster.pid (remembered for the clean-up). */
  postmasterPid(): number | null {
    const pid = postmasterPid(join(this.dataDir, 'pg'));
    if (pid) this.pids.add(pid);
    return pid;
  }

  signal(signal: NodeJS.Signals) {
    this.child?.kill(signal);
  }

  /** The last lines the server printed, without Nest's list of routes and modules (for a failure's report). */
  logs(lines = 40): string {
    return this.output
      .split('\n')
      .filter((l) => !/RouterExplorer|RoutesResolver|InstanceLoader/.test(l))
      .slice(-lines)
      .join('\n');
  }

  /** A mark in the log, for logsSince(). */
  logMark(): number {
    return this.written;
  }

  /** What the server printed since the mark (as far as it is kept). */
  logsSince(mark: number): string {
    return this.output.slice(Math.max(0, this.output.length - (this.written - mark)));
  }

  private written = 0;

  private append(c: Buffer) {
    const text = c.toString();
    this.written += text.length;
    this.output += text;
    if (this.output.length > 200_000) this.output = this.output.slice(-100_000);
  }

  /** SIGKILL to every process this server and its PostgreSQL ever had that still runs; the ones that were. */
  async killEverything(): Promise<number[]> {
    this.postmasterPid();
    const alive = [...this.pids].filter((pid) => isAlive(pid));
    for (const pid of alive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
    for (const pid of alive) while (isAlive(pid)) await sleep(20);
    return alive;
  }

  runtimeFiles(): string[] {
    return [join(this.dataDir, 'runtime.json'), join(this.dataDir, 'pg', 'postmaster.pid')].filter((f) => existsSync(f));
  }

  superPassword(): string {
    return readFileSync(join(this.dataDir, 'pg-superuser.secret'), 'utf8').trim();
  }
}

/** GET /api/health's status, 0 when nothing answers. */
export function health(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/api/health`, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** A pause (its timer does not keep jest alive once the tests are done, e.g. when it lost a Promise.race). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
