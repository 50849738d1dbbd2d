import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import type { AppConfig } from './config/config';
import { validationPipe } from './common/validation';

export interface CreateAppOptions {
  /** called with the raw Fastify instance before routes are registered (the isolation test reads routes) */
  onFastify?: (instance: any) => void;
  logger?: boolean;
}

/** Builds the NestJS application on Fastify: API under /api, OpenAPI at /api/docs, the admin at /. */
export async function createApp(config: AppConfig, appDatabaseUrl: string, opts: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: Math.max(config.maxUploadBytes, 1024 * 1024),
    genReqId: (req: any) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  });
  opts.onFastify?.(adapter.getInstance());
  const levels = ['error', 'warn', 'log', 'debug'];
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, appDatabaseUrl), adapter, {
    logger: opts.logger === false ? false : (levels.slice(0, levels.indexOf(config.logLevel) + 1) as any),
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(validationPipe);
  const fastify = app.getHttpAdapter().getInstance();
  // set when the request arrives (a synchronous hook: an async onSend hook cost every response a promise)
  fastify.addHook('onRequest', (req: any, reply: any, done: () => void) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    done();
  });

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Incident Desk API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs-json' });

  if (config.adminDist) {
    const root = config.adminDist;
    await app.register(require('@fastify/static'), { root, prefix: '/', wildcard: false, index: ['index.html'] } as any);
    const indexHtml = readFileSync(join(root, 'index.html'));
    // the single-page app answers every other GET outside /api
    fastify.addHook('onRequest', async (req: any, reply: any) => {
      const path = String(req.url).split('?')[0];
      if (req.method === 'GET' && !path.startsWith('/api') && !/\.[A-Za-z0-9]+$/.test(path) && path !== '/') {
        reply.type('text/html; charset=utf-8').send(indexHtml);
        return reply;
      }
    });
  }
  return app;
}

export const bootLog = new Logger('IncidentDesk');
