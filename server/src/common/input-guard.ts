import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badInput, type FieldError } from './errors';

/**
 * Text that no part of the server can take: a NUL character, which PostgreSQL refuses in text and in json (22021,
 * 22P05: a 500 if it got that far), and a lone surrogate (UTF-16 that is not Unicode: validator.js's isEmail throws
 * URIError on it, through isByteLength's encodeURI, and pg would store U+FFFD in its place). Every text of every
 * request — body fields, array items, field names, JSON inside bodies and query parameters, path parameters, multipart
 * fields and file names, CSV lines — is checked here before any pipe, validator or service sees it.
 */
const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a text, or null. */
export function textProblem(s: string): string | null {
  if (!SUSPECT.test(s)) return null;
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone surrogate (text that is not Unicode)';
  return null;
}

const MAX_ERRORS = 20;
const IDENTIFIER = /^[\w-]+$/;

/** A field name as the API names fields (`team[0].name`); a name that is not plain is written as JSON would escape it. */
const childPath = (parent: string, key: string | number) => {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const name = IDENTIFIER.test(key) ? key : JSON.stringify(key).slice(1, -1);
  return parent ? `${parent}.${name}` : name;
};

/**
 * Every text in a value (parsed JSON, a query, multipart fields: strings, array items, field names), each problem named
 * by its path from `path` (`title`, `team[0].name`, `filter.q`). Walks with its own stack, so that no nesting
 * overflows it; stops after MAX_ERRORS problems.
 */
export function textErrors(value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length && errors.length < MAX_ERRORS) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) errors.push({ field: at || 'body', message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], childPath(at, i)]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i];
        const problem = textProblem(key);
        if (problem) errors.push({ field: at || 'body', message: `a field name ${problem}` });
        else stack.push([item, childPath(at, key)]);
      }
    }
  }
  return errors.slice(0, MAX_ERRORS);
}

/** 400 naming every bad text of the value (see textErrors). */
export function assertText(value: unknown, path = ''): void {
  const errors = textErrors(value, path);
  if (errors.length) throw badInput(errors);
}

/**
 * One hook for every route (Fastify's preValidation: after the body is parsed, before Nest's guards, pipes and handler):
 * the body, when there is one, is a JSON object (every route of this API takes one: `null`, an array or a bare value
 * answers 400 naming `body`), and the texts of the body, the query and the path parameters pass textErrors. Multipart
 * bodies are parsed later, by the upload interceptor, which checks them with the same function
 * (attachments/upload.ts); the JSON in list queries is checked where it is parsed (parseListQuery).
 */
export function guardInput(fastify: FastifyInstance) {
  fastify.addHook('preValidation', (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const body = req.body;
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      return done(badInput([{ field: 'body', message: 'must be a JSON object' }]));
    }
    const errors = [...textErrors(req.params), ...textErrors(req.query), ...textErrors(body)];
    done(errors.length ? badInput(errors.slice(0, MAX_ERRORS)) : undefined);
  });
}
