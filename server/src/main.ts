import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppLogger, createLogger, defaultLogger, prettyLogs } from './common/logging';
import { join } from 'node:path';
import { bootLog, createApp } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { runMigrations } from './database/data-source';
import { DataDirInUse } from './database/data-dir';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded';
import { GracefulShutdown } from './health/shutdown';
import { JobRunner } from './jobs/job-queue';
import { DEMO_FIRMS, DEMO_PASSWORD, seedDemo } from './seed/demo';
import { EVIDENCE_STORE, type EvidenceStore } from './storage';
import { moveAttachmentsToStore } from './storage/move';

/**
 * PostgreSQL's lines worth an operator's eye: failures and the steps of a crash recovery — not the connections it
 * refuses while it starts or stops (every request then says so as a 503).
 */
const pgNoteworthy = (line: string) =>
  /\b(FATAL|PANIC)\b|database system was (interrupted|not properly shut down)|redo (starts|done)|automatic recovery/.test(line) &&
  !/the database system is (starting up|not yet accepting connections|shutting down|in recovery mode)|terminating connection due to administrator command/.test(line);

/**
 * Starts PostgreSQL (embedded unless DATABASE_URL is set), migrates, seeds the demo once, serves API and admin.
 * The embedded PostgreSQL is supervised (started again when it dies); SIGTERM and SIGINT drain requests in flight,
 * close the application and stop PostgreSQL (README, "Operations").
 */
async function main() {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  // structured logs from here on: Nest's Logger (bootLog), Fastify, TypeORM (common/logging.ts)
  const log = createLogger(config);
  Logger.overrideLogger(new AppLogger(log));
  let embedded: EmbeddedDatabase | null = null;
  let starting: Promise<EmbeddedDatabase | null> = Promise.resolve(null);
  let app: NestFastifyApplication | null = null;
  let shutdown: GracefulShutdown | null = null;
  let runner: JobRunner | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      shutdown?.hurry();
      return;
    }
    stopping = true;
    bootLog.log(`${signal}: stopping (requests in flight get up to ${config.shutdownDrainSeconds} s; ${signal} again to cut them)`);
    // the job runner stops fetching at once and finishes its jobs in flight while requests drain; both before the pool closes
    const jobsStopped = runner?.stop().catch((e) => bootLog.error(`stopping the job runner: ${e instanceof Error ? e.message : e}`));
    if (shutdown) await shutdown.close(config.shutdownDrainSeconds * 1000, () => jobsStopped);
    else await app?.close().catch(() => undefined);
    // PostgreSQL last, once no request uses it; its runtime.json and postmaster.pid go with it
    embedded ??= await starting.catch(() => null);
    if (embedded) await embedded.stop().catch((e) => bootLog.error(`stopping PostgreSQL: ${e instanceof Error ? e.message : e}`));
    bootLog.log('stopped');
    process.exit(0);
  };
  // from the start: a signal during migrations or seeding still stops PostgreSQL
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // a crash of node (an uncaught error) asks PostgreSQL to shut down rather than leave it running
  process.on('exit', () => embedded?.abandon());

  let ownerUrl = config.databaseUrl;
  let appUrl = config.appDatabaseUrl;
  if (!ownerUrl) {
    bootLog.log(`starting embedded PostgreSQL in ${join(config.dataDir, 'pg')}`);
    const pgLog = new Logger('PostgreSQL');
    starting = startEmbeddedPostgres({
      dataDir: config.dataDir,
      supervise: true,
      log: (line) => (pgNoteworthy(line) ? pgLog.warn(line.trim()) : undefined),
      notify: (msg) => pgLog.warn(msg),
    });
    let db: EmbeddedDatabase;
    try {
      db = (await starting)!;
    } catch (e) {
      if (e instanceof DataDirInUse) {
        console.error(e.message);
        process.exit(3);
      }
      throw e;
    }
    embedded = db;
    if (stopping) return;
    ownerUrl = db.ownerUrl;
    appUrl = db.appUrl;
  }
  const applied = await runMigrations(ownerUrl, log);
  if (applied.length) bootLog.log(`migrations applied: ${applied.join(', ')}`);
  app = await createApp(config, appUrl!, { log, jobsDatabaseUrl: ownerUrl });
  // the modules' start (onModuleInit: pg-boss's schema and queues, as the owner) before seeding, the job runner or listening
  await app.init();
  shutdown = new GracefulShutdown(app, bootLog);
  shutdown.trackRequests();
  if (config.seedDemo) {
    const seeded = await seedDemo(app, config);
    if (seeded) bootLog.log('demo data seeded');
  }
  if (stopping) return;
  // deliveries, reminders and escalations (pg-boss workers and schedules)
  const jobs = app.get(JobRunner);
  runner = jobs;
  await jobs.start();
  if (stopping) return;
  await app.listen({ port: config.port, host: config.host });
  // attachments from before the evidence store leave PostgreSQL in the background (storage/move.ts; resumable, and
  // servers that start together share the work)
  const storeLog = new Logger('EvidenceStore');
  moveAttachmentsToStore(appUrl!, app.get<EvidenceStore>(EVIDENCE_STORE), (m) => storeLog.log(m)).then(
    (r) => {
      if (r.moved || r.refused.length) storeLog.log(`attachments moved out of PostgreSQL: ${r.moved}; left there (bytes not matching their hash): ${r.refused.length}`);
    },
    (e) => storeLog.error(`moving attachments out of PostgreSQL stopped (it carries on at the next start): ${e instanceof Error ? e.message : e}`),
  );
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const logins = DEMO_FIRMS.flatMap((f) => [f.manager.email, ...f.users.map((u) => u.email)]);
  // JSON logs stay JSON lines: the banner is for a person at a terminal
  if (!prettyLogs(config)) {
    const warning = demoWarning(config);
    if (warning) bootLog.warn(warning);
    bootLog.log({ msg: 'listening', url, api: `${url}/api`, docs: `${url}/api/docs`, adminBuilt: config.adminDist !== null });
    return;
  }
  console.log(
    [
      '',
      demoWarning(config) ? `\x1b[1;37;41m ${demoWarning(config)} \x1b[0m` : '',
      `Incident Desk is running at ${url}  (API ${url}/api, OpenAPI ${url}/api/docs)`,
      config.adminDist ? '' : '  (admin not built: run `npm run build`)',
      config.seedDemo ? `Demo logins (password ${DEMO_PASSWORD}):` : '',
      ...(config.seedDemo ? logins.map((l) => `  ${l}`) : []),
      'Press Ctrl-C to stop.',
      '',
    ]
      .filter((l) => l !== '')
      .join('\n'),
  );
}

/** Demo accounts, whose password is in the README, on a database of a real deployment (SEED_DEMO=true with DATABASE_URL). */
function demoWarning(config: AppConfig): string | null {
  return config.seedDemo && config.databaseUrl
    ? `DEMO DATA (SEED_DEMO=true): accounts whose password is published in the README exist on ${new URL(config.databaseUrl).host} — never on a real deployment`
    : null;
}

main().catch((e) => {
  // the error's kind, message, code and stack (a failed query's parameters are not printed)
  defaultLogger().fatal({ err: e }, 'start failed');
  process.exit(1);
});
