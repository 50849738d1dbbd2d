import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppLogger, createLogger, defaultLogger, prettyLogs } from './common/logging';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bootLog, createApp } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/config';
import { runMigrations } from './database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded';
import { DEMO_FIRMS, DEMO_PASSWORD, seedDemo } from './seed/demo';

/** Starts PostgreSQL (embedded unless DATABASE_URL is set), migrates, seeds the demo once, serves API and admin. */
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
  let ownerUrl = config.databaseUrl;
  let appUrl = config.appDatabaseUrl;
  if (!ownerUrl) {
    bootLog.log(`starting embedded PostgreSQL in ${join(config.dataDir, 'pg')}`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    ownerUrl = embedded.ownerUrl;
    appUrl = embedded.appUrl;
    mkdirSync(config.dataDir, { recursive: true });
    // lets `npm run audit:verify` reach the running database
    writeFileSync(join(config.dataDir, 'runtime.json'), JSON.stringify({ port: embedded.port, pid: process.pid }), { mode: 0o600 });
  }
  const applied = await runMigrations(ownerUrl, log);
  if (applied.length) bootLog.log(`migrations applied: ${applied.join(', ')}`);
  const app = await createApp(config, appUrl!, { log });
  if (config.seedDemo) {
    const seeded = await seedDemo(app, config);
    if (seeded) bootLog.log('demo data seeded');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bootLog.log(`${signal}: stopping`);
    await app.close().catch(() => undefined);
    if (embedded) {
      await embedded.stop().catch(() => undefined);
      rmSync(join(config.dataDir, 'runtime.json'), { force: true });
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  const logins = DEMO_FIRMS.flatMap((f) => [f.manager.email, ...f.users.map((u) => u.email)]);
  // JSON logs stay JSON lines: the banner is for a person at a terminal
  if (!prettyLogs(config)) {
    bootLog.log({ msg: 'listening', url, api: `${url}/api`, docs: `${url}/api/docs`, adminBuilt: config.adminDist !== null });
    return;
  }
  console.log(
    [
      '',
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

main().catch((e) => {
  // the error's kind, message, code and stack (a failed query's parameters are not printed)
  defaultLogger().fatal({ err: e }, 'start failed');
  process.exit(1);
});
