import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AppConfig } from '../config/config';
import { fieldError } from './errors';

/**
 * Every request body is bounded before it is parsed or transformed (a 6 MB body of 3,000,000 nested arrays once held
 * the whole server for 104 s: parsing, then class-transformer's recursion, with no other request answered):
 * - by size, per route: `small` for routes that take a few fields (sign-in, state changes, acknowledgements), `json`
 *   for ordinary JSON routes (MAX_JSON_BODY_BYTES), `upload` (MAX_UPLOAD_BYTES) for the multipart routes whose file
 *   is read into memory (CSV imports), `evidence` (MAX_ATTACHMENT_BYTES and 1 MiB for the form's other parts) for the
 *   attachment upload, streamed to the evidence store. Fastify refuses a larger body with 413 from its Content-Length, before reading it, or as soon as the
 *   bytes read pass the limit;
 * - by nesting: a JSON text whose arrays and objects nest deeper than MAX_JSON_DEPTH is refused with 400 from one pass
 *   over its bytes, before JSON.parse (then secure-json-parse, which refuses `__proto__` and `constructor.prototype`).
 */
export type BodySize = 'small' | 'json' | 'upload' | 'evidence';

export const SMALL_BODY_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 32;

const BODY_SIZE = 'bodySize';

/** The body size a route accepts (default `json`; `small` for routes without a body: GET, HEAD, DELETE). */
export const BodyLimit = (size: BodySize) => RouteConfig({ [BODY_SIZE]: size });

/** What a multipart form may carry besides its file (fields, part headers, boundaries). */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;

type Limits = Pick<AppConfig, 'maxJsonBodyBytes' | 'maxUploadBytes' | 'maxAttachmentBytes'>;

export function bodyLimitOf(size: BodySize, config: Limits): number {
  if (size === 'evidence') return config.maxAttachmentBytes + FORM_OVERHEAD_BYTES;
  return size === 'small' ? SMALL_BODY_BYTES : size === 'upload' ? config.maxUploadBytes : config.maxJsonBodyBytes;
}

/**
 * Sets each route's body limit as Nest registers it (an `onRoute` hook: add it before Nest registers the routes).
 */
export function limitBodies(fastify: FastifyInstance, config: Limits) {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.bodyLimit !== undefined) return;
    const given = (route.config as Record<string, unknown> | undefined)?.[BODY_SIZE] as BodySize | undefined;
    const methods = [route.method].flat();
    const bodyless = methods.every((m) => m === 'GET' || m === 'HEAD' || m === 'DELETE');
    route.bodyLimit = bodyLimitOf(given ?? (bodyless ? 'small' : 'json'), config);
  });
}

/**
 * Whether a JSON text nests arrays and objects deeper than `max`: one pass over its bytes (UTF-8: the bytes of
 * multi-byte characters are all ≥ 0x80, so they are never taken for brackets or quotes), skipping strings.
 */
export function jsonDeeperThan(text: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

type Done = (err: Error | null, body?: unknown) => void;

/**
 * The `application/json` parser (for Nest's `app.useBodyParser`): the nesting check, then Fastify's own JSON parser
 * (secure-json-parse, refusing prototype poisoning; a leading byte-order mark is ignored, as RFC 8259 allows).
 */
export function jsonParser(fastify: FastifyInstance, maxDepth = MAX_JSON_DEPTH) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (req: FastifyRequest, body: Buffer, done: Done) => {
    if (jsonDeeperThan(body, maxDepth)) return done(fieldError('body', `nests arrays and objects deeper than ${maxDepth} levels`));
    parse(req, body as unknown as string, done);
  };
}
