import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';

/**
 * The Content-Security-Policy of the pages: the admin (react-admin, MUI, emotion) and the OpenAPI page at /api/docs
 * (Swagger UI). Scripts only from this server, none inline; styles from this server and inline (emotion injects
 * <style> elements, MUI and Swagger UI set style attributes); images also from data: and blob: URLs; nothing from
 * another host; no plugins, no <base>, no framing. test/browser/security-headers.test.ts walks the built admin and
 * the OpenAPI page as a manager and fails on any violation.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API answers data, never a page: nothing may load or run in it, even when opened in a browser tab. */
export const API_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

/** The headers of every response but the CSP (which depends on what is served), computed once. */
export function commonSecurityHeaders(config: Pick<AppConfig, 'hstsMaxAge'>): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // frame-ancestors' predecessor, for browsers that do not read CSP
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // only when configured: a deployment behind TLS (HSTS over plain HTTP is ignored, and would pin a TLS-less host)
    ...(config.hstsMaxAge === null ? {} : { 'strict-transport-security': `max-age=${config.hstsMaxAge}; includeSubDomains` }),
  };
}

/**
 * Security headers on every response, set when the request arrives (a synchronous hook: headers computed once, a
 * prefix test per request): the API's (strict CSP, no-store — a route that sets its own Cache-Control keeps it), or
 * the pages' (the admin and /api/docs).
 */
export function addSecurityHeaders(fastify: FastifyInstance, config: Pick<AppConfig, 'hstsMaxAge'>) {
  const common = commonSecurityHeaders(config);
  const api = { ...common, 'content-security-policy': API_CSP, 'cache-control': 'no-store' };
  const page = { ...common, 'content-security-policy': PAGE_CSP };
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.headers(isApi(req.url) ? api : page);
    done();
  });
}

/** Under /api, but not the OpenAPI page (/api/docs and its files; its JSON, /api/docs-json, is API). */
function isApi(url: string): boolean {
  if (!url.startsWith('/api') || !(url.length === 4 || url[4] === '/' || url[4] === '?')) return false;
  if (!url.startsWith('/api/docs')) return true;
  const c = url[9];
  return !(c === undefined || c === '/' || c === '?');
}
