import type { FastifyReply } from 'fastify';
import { Page } from './list-query';

/**
 * A controller returns a Page; the client gets a JSON array and Content-Range, as ra-data-simple-rest expects.
 * Called on every route handler's result (tenancy/tenant-controller.ts).
 */
export function pageBody(result: unknown, reply: FastifyReply): unknown {
  if (!(result instanceof Page)) return result;
  reply.header('Content-Range', result.contentRange);
  reply.header('Access-Control-Expose-Headers', 'Content-Range');
  return result.items;
}
