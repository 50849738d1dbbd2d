import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** Vite names the files of assets/ by their content's hash: a new build makes new names, so they never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: revalidated on every visit (ETag / Last-Modified, 304 when unchanged). */
export const REVALIDATE = 'no-cache';

/**
 * The built admin at /: files of `root` (precompressed `.br` / `.gz` copies made by the build, admin/vite.config.ts,
 * sent to clients that accept them, with Vary: Accept-Encoding), hashed assets cached for a year, index.html
 * revalidated; every other GET outside /api that names no file is the single-page app's index.html.
 */
export async function serveAdmin(app: NestFastifyApplication, root: string) {
  const assets = join(root, 'assets') + sep;
  await app.register(require('@fastify/static'), {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // the compressed copies are sent for their originals, not served as files of their own
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE),
  } as any);
  const indexHtml = readFileSync(join(root, 'index.html'));
  app.getHttpAdapter().getInstance().addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const path = String(req.url).split('?')[0];
    if (req.method === 'GET' && !path.startsWith('/api') && !/\.[A-Za-z0-9]+$/.test(path) && path !== '/') {
      reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(indexHtml);
      return reply;
    }
  });
}
