import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { serveAdmin } from './common/admin-static';
import { jsonParser, limitBodies } from './common/body-limits';
import { guardInput } from './common/input-guard';
import { AppLogger, createLogger, logContextHooks, RequestLogController } from './common/logging';
import { addSecurityHeaders } from './common/security-headers';
import { validationPipe } from './common/validation';
import { EVIDENCE_STORE, type EvidenceStore } from './storage';

export interface CreateAppOptions {
  /** called with the raw Fastify instance before routes are registered (the isolation test reads routes) */
  onFastify?: (instance: any) => void;
  logger?: boolean;
  /** the sign-in throttle's key prefix (default `login`; tests give each app its own counts) */
  throttleKeyPrefix?: string;
  /** the root logger (default: made from the configuration, writing to stdout; silent when `logger` is false) */
  log?: Pino;
  /** the database owner's URL, for pg-boss (default: the configuration's DATABASE_URL) */
  jobsDatabaseUrl?: string | null;
  /** the clock two-factor codes are checked against (default Date.now; tests give a fixed one) */
  clock?: () => number;
}

/** Builds the NestJS application on Fastify: API under /api, OpenAPI at /api/docs, the admin at /. */
export async function createApp(config: AppConfig, appDatabaseUrl: string, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const log = opts.log ?? createLogger(opts.logger === false ? 'silent' : config);
  const adapter = new FastifyAdapter({
    // one logger for Fastify, Nest and TypeORM (common/logging.ts); one line per answered request
    loggerInstance: log,
    logController: new RequestLogController(),
    trustProxy: config.trustProxy,
    // each route's own limit is set as it is registered (limitBodies); this one is for anything else
    bodyLimit: config.maxJsonBodyBytes,
    genReqId: (req: any) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  // first of all hooks: every line logged while a request is served carries its id
  logContextHooks(adapter.getInstance());
  limitBodies(adapter.getInstance(), config);
  opts.onFastify?.(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, appDatabaseUrl, { throttleKeyPrefix: opts.throttleKeyPrefix, log, jobsDatabaseUrl: opts.jobsDatabaseUrl, clock: opts.clock }),
    adapter,
    { logger: opts.logger === false ? false : new AppLogger(log) },
  );
  // the evidence store for the upload engine, which Nest is given as a value (attachments/upload.ts)
  adapter.getInstance().decorate('evidence', { store: app.get<EvidenceStore>(EVIDENCE_STORE), maxBytes: config.maxAttachmentBytes });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe);
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser('application/json', {}, jsonParser(fastify));
  guardInput(fastify);
  // set when the request arrives (a synchronous hook: an async onSend hook cost every response a promise)
  fastify.addHook('onRequest', (req: any, reply: any, done: () => void) => {
    reply.header('x-request-id', req.id);
    done();
  });
  addSecurityHeaders(fastify, config);

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Incident Desk API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

  if (config.adminDist) await serveAdmin(app, config.adminDist);
  return app;
}

export const bootLog = new Logger('IncidentDesk');
