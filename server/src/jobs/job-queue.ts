import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { Client } from 'pg';
import { APP_ALL_ROLE, APP_ROLE } from '../database/roles';
import { TenantDb } from '../tenancy/tenant-db.service';

/**
 * Work in the background, as pg-boss 10 jobs in PostgreSQL (DESIGN §3: written in the same transaction as the change
 * that causes it, so that N app servers on one database do it once and a crash loses nothing).
 *
 * Roles. pg-boss's schema (`pgboss`) belongs to the database's owner role (`incident_owner`), which installs it and
 * creates the queues (a queue is a partition of `pgboss.job`: only the table's owner can attach it) when the
 * application starts, and whose own small pool runs the workers, the maintenance and the schedules (JobRunner). The
 * process has the owner's credentials anyway (it runs the migrations at start); the job tables hold ids only, never
 * firm data, and every handler reads and writes firm data through the app role under row-level security (TenantDb).
 * The app role may only enqueue, in its request's transaction: USAGE on the schema, SELECT on `pgboss.queue` (the
 * insert joins it), INSERT and SELECT (id) on `pgboss.job` (`insert … returning id`) — nothing else there.
 */

/** The schema pg-boss lives in. */
export const JOBS_SCHEMA = 'pgboss';

/** A queue the application uses: created (idempotently) at every start. */
export interface QueueDef {
  name: string;
  options?: Omit<PgBoss.Queue, 'name'>;
}

/** The queues of the application, dead-letter queues first (a queue names its dead-letter queue, which must exist). */
export const JOB_QUEUES = Symbol('JOB_QUEUES');
/** The owner role's connection, for pg-boss's install and its runner (see above). */
export const JOBS_DATABASE_URL = Symbol('JOBS_DATABASE_URL');

/** A fixed key for the advisory lock that makes parallel starts install one after the other. */
const INSTALL_LOCK = 7_316_001_617;

/**
 * Installs (or checks) pg-boss's schema, creates the queues, and lets the app role enqueue, as the owner, one server
 * at a time. Safe to run at every start and from several servers at once.
 */
export async function installJobs(ownerUrl: string, queues: QueueDef[]): Promise<void> {
  const c = new Client({ connectionString: ownerUrl, application_name: 'incident-desk-jobs-install' });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock($1)', [INSTALL_LOCK]);
    // pg-boss through this one connection: its install scripts are their own transactions, under our lock
    const boss = new PgBoss({
      db: { executeSql: async (text: string, values: unknown[]) => c.query(text, values as unknown[]) },
      schema: JOBS_SCHEMA,
      migrate: true,
      supervise: false,
      schedule: false,
    });
    await boss.start();
    for (const q of queues) await boss.createQueue(q.name, { name: q.name, ...q.options });
    await boss.stop({ graceful: false, close: false });
    await c.query(`
      grant usage on schema ${JOBS_SCHEMA} to ${APP_ROLE}, ${APP_ALL_ROLE};
      grant select on ${JOBS_SCHEMA}.queue to ${APP_ROLE}, ${APP_ALL_ROLE};
      grant insert, select (id) on ${JOBS_SCHEMA}.job to ${APP_ROLE}, ${APP_ALL_ROLE};
    `);
  } finally {
    await c.query('select pg_advisory_unlock($1)', [INSTALL_LOCK]).catch(() => undefined);
    await c.end();
  }
}

export interface EnqueueOptions {
  /** the job's id (a uuid): the delivery's own, so that the job and its row are one */
  id?: string;
  /** not before this time */
  startAfter?: Date;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
}

/**
 * Enqueues jobs in the transaction the caller is in (a request's, or a job's own: TenantDb), so that the job exists
 * exactly when the change that caused it commits. pg-boss's `send` takes the connection per call (`db`); this instance
 * of it never opens a connection of its own.
 */
@Injectable()
export class JobQueue implements OnModuleInit {
  private readonly log = new Logger('Jobs');
  private readonly sender = new PgBoss({
    db: {
      executeSql: () => {
        throw new Error('jobs are enqueued through the caller\'s transaction only');
      },
    },
    schema: JOBS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: false,
  });

  constructor(
    private readonly db: TenantDb,
    @Inject(JOBS_DATABASE_URL) private readonly ownerUrl: string | null,
    @Inject(JOB_QUEUES) private readonly queues: QueueDef[],
  ) {}

  /** pg-boss's schema and the queues exist before the first request may enqueue. */
  async onModuleInit() {
    if (!this.ownerUrl) throw new Error('no owner database URL for the job queue (createApp: jobsDatabaseUrl)');
    await installJobs(this.ownerUrl, this.queues);
    this.log.debug?.(`job queues ready: ${this.queues.map((q) => q.name).join(', ')}`);
  }

  /** Enqueues a job in the current transaction; its id. Fails (and so rolls the change back) when it could not be. */
  async send(name: string, data: object, options: EnqueueOptions = {}): Promise<string> {
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await this.db.rows(text, values) }) };
    const id = await this.sender.send(name, data, { ...options, db });
    // null: no such queue, or a job with this id exists already (pg-boss says nothing more)
    if (!id) throw new Error(`job ${options.id ?? ''} not enqueued on ${name}`);
    return id;
  }
}

/** What a handler gets: the job's data, and whether this is its last try. */
export interface JobContext<T> {
  id: string;
  data: T;
  retryCount: number;
  retryLimit: number;
  /** no retry follows if this attempt fails */
  lastAttempt: boolean;
}

export interface JobHandler<T = any> {
  queue: string;
  handle(job: JobContext<T>): Promise<void>;
  /** how often an idle worker asks for work (default 1 s) */
  pollingIntervalSeconds?: number;
  /** jobs of this queue handled at once by one server (default 1) */
  concurrency?: number;
}

export interface RunnerOptions {
  /** how often each server expires stuck jobs and archives old ones (default 30 s) */
  maintenanceIntervalSeconds?: number;
  /** whether this server also keeps the schedules (cron) going (default true) */
  schedule?: boolean;
  /** polling of the handlers (overrides each handler's own; tests) */
  pollingIntervalSeconds?: number;
  /** how long stop() waits for handlers in flight (default 15 s) */
  stopTimeoutMs?: number;
}

/**
 * The job runner of one server: pg-boss with its own small pool (the owner role, see above), the workers of the
 * registered handlers, its maintenance (jobs stuck in `active` after a crash are failed and retried) and the
 * schedules (each cron slot once across servers). Started by main.ts with the server (not by the in-process API
 * tests unless a test asks), stopped before the database goes away: it stops fetching, waits for the handlers in
 * flight, and fails back to `retry` what is still running after the timeout.
 */
@Injectable()
export class JobRunner implements OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private readonly handlers: JobHandler[] = [];
  private readonly schedules: { queue: string; cron: string; data?: object }[] = [];
  private boss: PgBoss | null = null;
  private stopping: Promise<void> | null = null;
  /** Handlers running now: stop() returns only once they have ended (pg-boss's own stop does not wait for a job
   * fetched while it stops, whose worker then outlives it). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@Inject(JOBS_DATABASE_URL) private readonly ownerUrl: string | null) {}

  register(handler: JobHandler) {
    this.handlers.push(handler);
  }

  /** A job of `queue` at each slot of `cron` (5 fields, minute resolution; UTC), once across servers. */
  every(queue: string, cron: string, data?: object) {
    this.schedules.push({ queue, cron, data });
  }

  get running(): boolean {
    return this.boss !== null;
  }

  async start(opts: RunnerOptions = {}): Promise<void> {
    if (this.boss) return;
    if (this.stopping) await this.stopping;
    const boss = new PgBoss({
      connectionString: this.ownerUrl!,
      schema: JOBS_SCHEMA,
      application_name: 'incident-desk-jobs',
      max: 4,
      migrate: false,
      supervise: true,
      schedule: opts.schedule ?? true,
      maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
      cronMonitorIntervalSeconds: 10,
      cronWorkerIntervalSeconds: 5,
      archiveCompletedAfterSeconds: 3600,
    });
    // an 'error' event without a listener would end the process
    boss.on('error', (e: Error) => this.log.error(`job queue: ${e.message}`));
    await boss.start();
    this.boss = boss;
    for (const h of this.handlers) {
      for (let n = 0; n < (h.concurrency ?? 1); n++) {
        await boss.work<object>(
          h.queue,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? h.pollingIntervalSeconds ?? 1 },
          async ([job]) => {
            const run = h.handle({ id: job.id, data: job.data, retryCount: job.retryCount, retryLimit: job.retryLimit, lastAttempt: job.retryCount >= job.retryLimit });
            this.inFlight.add(run);
            try {
              await run;
            } finally {
              this.inFlight.delete(run);
            }
          },
        );
      }
    }
    if (opts.schedule ?? true) for (const s of this.schedules) await boss.schedule(s.queue, s.cron, s.data);
  }

  /** Enqueues a job outside any transaction (a command, e.g. "scan now"), through the runner's own pool. */
  async sendNow(name: string, data: object): Promise<string> {
    if (!this.boss) throw new Error('the job runner is not running');
    const id = await this.boss.send(name, data);
    if (!id) throw new Error(`job not enqueued on ${name}`);
    return id;
  }

  /** The schedules registered in the database (name and cron). */
  async schedulesInDatabase(): Promise<{ name: string; cron: string }[]> {
    if (!this.boss) throw new Error('the job runner is not running');
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron }));
  }

  /** Stops fetching, waits for the handlers in flight (up to the timeout), closes the pool. */
  async stop(opts: { timeoutMs?: number; graceful?: boolean } = {}): Promise<void> {
    const boss = this.boss;
    if (!boss) return this.stopping ?? undefined;
    this.boss = null;
    const timeout = opts.timeoutMs ?? 15_000;
    this.stopping = boss
      .stop({ graceful: opts.graceful ?? true, wait: true, close: true, timeout })
      .then(() => this.settled(timeout))
      .finally(() => {
        this.stopping = null;
      });
    return this.stopping;
  }

  /** Until no handler runs (up to `timeoutMs`): one started by a fetch that answered during the stop included. */
  private async settled(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    await new Promise((resolve) => setImmediate(resolve));
    while (this.inFlight.size > 0 && Date.now() < until) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())).unref())]);
    }
  }

  async onModuleDestroy() {
    await this.stop();
  }
}
