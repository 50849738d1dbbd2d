import fc from 'fast-check';
import type { Client } from 'pg';
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { connect } from '../support/db';
import { listQuery, login, makeWorld, newCreditCode, startApp, type Session, type TestApp, type World } from '../support/app';

/**
 * Property-based fuzzing of every create, update, action and read route (read from the router, as the isolation matrix
 * does, so that a new route is fuzzed without a word here), as each role of firm A: generated bodies, queries and ids —
 * valid-looking bodies from the route's OpenAPI schema with fields made hostile, arbitrary JSON shapes, wrong types,
 * nulls, huge and deeply nested values, NUL characters, lone surrogates, extra fields, ids of firm B and of the client
 * the user may not see. It fails on any 5xx, on any request that takes longer than REQUEST_DEADLINE_MS, and on any change
 * to another tenant's rows (firm B's; for the consultant and the client admin also the unassigned client's), read
 * through a superuser connection before and after each role's run. Seeded: the same requests every run.
 */
// FUZZ_SEED and FUZZ_RUNS explore further (the defaults are what npm test runs); FUZZ_LOG=file writes every request and answer
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const REQUEST_DEADLINE_MS = 10_000;
/** sign-in failures of the fuzz are counted against this address, not the one every other test signs in from */
const FUZZ_ADDRESS = '198.18.0.77';

interface Route {
  method: string;
  url: string;
}
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
/** the manager last: they may change the others' accounts */
const ROLES = ['consultant', 'clientAdmin', 'manager'] as const;
type Role = (typeof ROLES)[number];

const routes: Route[] = [];
let t: TestApp;
let w: World;
let openapi: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
let superDb: Client;
const sessions: Partial<Record<Role, Session>> = {};
const emails: Partial<Record<Role, string>> = {};
/** ids by resource (`incidents`, …) of firm A's assigned client, its unassigned client and firm B, and all of them */
const idsByResource = new Map<string, string[]>();
let allIds: string[] = [];
/** the ids of firm A's assigned client's records (what the roles of the fuzz may reach) */
let ownIds: string[] = [];
/** field names and values seen in each resource's records (filter keys and values that look right) */
const seen = new Map<string, { keys: string[]; values: unknown[] }>();

/* ---------------------------------------------------------------- generators */

const nest = (depth: number): unknown => {
  let v: unknown = 'deep';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};
const hostileText = fc.oneof(
  fc.constantFrom(
    '', ' ', 'a\u0000b', '\u0000', '\ud800', 'x\udc00y', '\ud800@x.test', '😀', '上海浦江智联科技有限公司', "'; drop table clients; --",
    '%00', '{{incident.reference}}', 'null', '[]', '{}', 'true', '0', '-1', '1e309', 'NaN', '2026-01-01', '2026-02-30', '2026-13-45',
    '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-01-01T25:00:00+08:00', 'a@b', 'x'.repeat(301), '<script>alert(1)</script>',
    '\\', '"', '\u202e', '\ufeff', 'INC-2026-0001', 'responding', 'client_admin', 'manager',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);
/** an id of any resource of any tenant, or something that is not one */
const anyId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...allIds) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '') },
  );
/** a value of the wrong kind, weighted towards what once broke the server: null, empty lists, NUL, lone surrogates, bad ids */
const weird = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: fc.constantFrom('a\u0000b', '\u0000', 'x\u0000') },
    { weight: 2, arbitrary: fc.constantFrom('\ud800', 'x\udc00y', '\ud800@x.test') },
    { weight: 2, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 0.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308)) },
    { weight: 3, arbitrary: anyId() },
    { weight: 1, arbitrary: fc.array(fc.oneof(hostileText, anyId(), fc.constant(null)), { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 40 }).map(nest) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );

function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(openapi.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), {});
  return schema;
}

const ID_FIELDS: Record<string, string> = {
  entity: 'trainings', client: 'clients', incident: 'incidents', evaluation: 'evaluations', training: 'trainings', obligation: 'obligations', template: 'communication-templates',
  playbook: 'playbooks', copyFrom: 'playbooks', communication: 'communications', owner: 'users', lead: 'users', user: 'users', assignee: 'users',
  consultant: 'users', evaluator: 'users',
};
/**
 * An id for a field: mostly one of the resource the field names (`clientId`: a client), of the caller's own records (so
 * that requests get past the first check) or of anyone's, else any id at all.
 */
const idFor = (name = '') => {
  const resource = ID_FIELDS[name.replace(/Ids?$/, '')];
  const ofResource = (resource && idsByResource.get(resource)) || [];
  // people on a record are firm staff: the consultant and the manager
  const mine = resource === 'users' ? [w.a.consultant.user.id, w.a.manager.user.id] : ofResource.filter((id) => ownIds.includes(id));
  const pick = (ids: string[]) => (ids.length ? fc.constantFrom(...ids) : anyId());
  return fc.oneof({ weight: 6, arbitrary: pick(mine) }, { weight: 1, arbitrary: pick(ofResource) }, { weight: 1, arbitrary: anyId() });
};

/** A string that looks right for a field of this name. */
function textFor(name: string): fc.Arbitrary<unknown> {
  // instants of the past (detected, received, fulfilled), but for due dates
  if (/At$/.test(name)) return fc.date({ min: new Date('2020-01-01'), max: name === 'dueAt' ? new Date('2030-01-01') : new Date(Date.now() - 60_000), noInvalidDate: true }).map((d) => d.toISOString());
  if (/^(date|from|to)$/i.test(name)) return fc.date({ min: new Date('2024-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (/period/i.test(name)) return fc.constantFrom('2026-01', '2025-12', '2026-13');
  if (/email/i.test(name)) return fc.uuid().map((u) => `fuzz-${u.slice(0, 8)}@${w.a.slug}.test`);
  if (/password/i.test(name)) return fc.constantFrom('long-enough-password-1', 'short');
  if (/creditCode/.test(name)) return fc.constantFrom(newCreditCode(), newCreditCode(), '91310000MA1FL0000X');
  if (/clientIds/.test(name)) return fc.array(idFor(name), { maxLength: 3 }).map((a) => a.join(','));
  return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('上海', 'Reason', 'zh-CN', 'en'));
}

/**
 * A value that looks right for the field: from the schema (enum, uuid, type), and from the field's name where the schema
 * says little (strings; `number | null` and `string | null` fields are documented as plain objects).
 */
function plausible(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const unknown = !s.type || (s.type === 'object' && !s.properties);
  if (s.format === 'uuid' || ((s.type === 'string' || unknown) && /Id$/.test(name))) return idFor(name);
  if (s.type === 'string') return textFor(name);
  if (s.type === 'integer') return fc.integer({ min: 0, max: 120 });
  if (s.type === 'number') return fc.oneof(fc.integer({ min: 0, max: 120 }), fc.double({ min: 0, max: 120, noNaN: true }));
  if (s.type === 'boolean') return fc.boolean();
  if (s.type === 'array') return fc.array(depth < 3 && s.items ? plausible(s.items, name.replace(/s$/, ''), depth + 1) : weird(), { maxLength: 3 });
  if (s.properties && depth < 3) return bodyFor(s, depth + 1);
  if (/Ids$/.test(name)) return fc.array(idFor(name), { maxLength: 3 });
  if (/(Affected|Minutes|Months|Mark|Hours|score|position|scaleMax)$/i.test(name)) return fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant(null));
  if (/^(passed|attended|acknowledged)$/.test(name)) return fc.boolean();
  if (/^(name|description|subject|body)$/.test(name)) return fc.record({ 'zh-CN': fc.string({ minLength: 1, maxLength: 10 }), en: fc.string({ minLength: 1, maxLength: 10 }) });
  if (name === 'tasks') return fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), phase: fc.constantFrom('triage', 'responding', 'x'), title: fc.record({ 'zh-CN': fc.string({ minLength: 1, maxLength: 5 }), en: fc.string({ minLength: 1, maxLength: 5 }) }), required: fc.boolean() }, { requiredKeys: [] }), { maxLength: 3 });
  if (unknown) return fc.oneof(textFor(name), fc.constant(null));
  return weird();
}

/** A value as the schema describes it (mostly) or a hostile one. */
function valueFor(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: plausible(schema, name, depth) }, { weight: 1, arbitrary: weird() });
}

/** Every place in a value where a field or item could be replaced: its paths, outermost first. */
function placesIn(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), placesIn(v, [...at, i], out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...at, k]), placesIn(v, [...at, k], out);
  return out;
}

/** The value with the place `path` set to `to` (or removed, for undefined), copied. */
function replaced(value: unknown, path: (string | number)[], to: unknown): unknown {
  if (!path.length) return to;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, to) : v)).filter((_v, i) => !(i === head && to === undefined && !rest.length));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (to === undefined && !rest.length) delete copy[head as string];
  else copy[head as string] = replaced(copy[head as string], rest, to);
  return copy;
}

/**
 * An object of the schema's fields, all of them plausible; at the top, a third of the time as it is, else with one
 * fault (now and then two or three): a field or nested field or item (`team[0].name`) set to a hostile value or left
 * out, or a field the schema does not have.
 */
function bodyFor(schema: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const props = s.properties ?? {};
  const keys = Object.keys(props);
  const model = Object.fromEntries(keys.map((k) => [k, plausible(props[k], k, depth)]));
  const required = (s.required ?? []).filter((k) => k in model);
  // the required fields and some of the others
  const optional = keys.filter((k) => !required.includes(k));
  const record = fc
    .subarray(optional)
    .chain((chosen) => fc.record(Object.fromEntries([...required, ...chosen].map((k) => [k, model[k]]))) as fc.Arbitrary<Record<string, unknown>>);
  if (depth > 0) return record;
  const fault = fc.tuple(
    fc.oneof({ weight: 5, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constantFrom('firmId', 'id', 'createdAt', 'x\u0000', 'extra') }),
    fc.oneof({ weight: 5, arbitrary: weird() }, { weight: 1, arbitrary: fc.constant(undefined) }),
  );
  const faults = fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(fault, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(fault, { minLength: 2, maxLength: 3 }) });
  return fc.tuple(record, faults).map(([r, fs]) => {
    let out: unknown = r;
    for (const [where, to] of fs) {
      const places = placesIn(out);
      const path = typeof where === 'string' ? [where] : places.length ? places[where % places.length] : [];
      out = path.length ? replaced(out, path, to) : out;
    }
    return out as Record<string, unknown>;
  });
}

type Payload = { kind: 'json'; body: unknown } | { kind: 'raw'; text: string } | { kind: 'none' } | { kind: 'multipart'; fields: Record<string, string>; file?: { field: string; name: string; content: Buffer } };

function payloadFor(route: Route, op: Operation | undefined): fc.Arbitrary<Payload> {
  if (route.method === 'GET' || route.method === 'DELETE') return fc.constant({ kind: 'none' });
  const content = op?.requestBody?.content ?? {};
  const json = (arb: fc.Arbitrary<unknown>) => arb.map((body): Payload => ({ kind: 'json', body }));
  const odd = fc.oneof(
    json(fc.jsonValue({ maxDepth: 4 })),
    json(fc.dictionary(fc.string({ maxLength: 12 }), weird(), { maxKeys: 6 })),
    fc.constantFrom('', '{', 'null', '\ufeff{}', '[]', '"x"', '{"a":1}{"b":2}', '{"a":"\\u0000"}', `{"x":${'['.repeat(40)}${']'.repeat(40)}}`).map((text): Payload => ({ kind: 'raw', text })),
    fc.constant<Payload>({ kind: 'none' }),
  );
  if (content['multipart/form-data']) {
    const schema = resolve(content['multipart/form-data'].schema);
    const binary = Object.entries(schema.properties ?? {}).filter(([, v]) => v.format === 'binary').map(([k]) => k);
    const fileField = binary[0] ?? 'file';
    const fields = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !binary.includes(k))), required: (schema.required ?? []).filter((k) => !binary.includes(k)) };
    const csvCell = fc.oneof(fc.constantFrom('张伟', 'yes', 'no', '85', '101', '-1', '"q""uoted"', 'a\u0000b', '', 'x,y', '是', 'name', 'attended', 'score', 'department'), fc.string({ maxLength: 8 }));
    const csv = fc
      .tuple(fc.array(fc.array(csvCell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'))
      .map(([rows, eol]) => Buffer.from(['name,department,attended,score', ...rows.map((r) => r.join(','))].join(eol), 'utf8'));
    const file = fc.record({
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a.txt', '签到表.csv', 'report.pdf') }, { weight: 1, arbitrary: fc.constantFrom('a\u0000b.csv', '../../etc/passwd', 'x'.repeat(300), '\ud800.csv') }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }),
      content: fc.oneof({ weight: 4, arbitrary: csv }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.from(a)) }, { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) }),
    });
    // the text fields as a JSON body would be, then as text (multipart has nothing else)
    const multipart = fc
      .record({ fields: bodyFor(fields), file: fc.option(file, { freq: 8 }) })
      .map(({ fields: f, file: attached }): Payload => ({
        kind: 'multipart',
        fields: Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? ''])),
        file: attached ? { field: fileField, ...attached } : undefined,
      }));
    return fc.oneof({ weight: 4, arbitrary: multipart }, { weight: 1, arbitrary: odd });
  }
  const schema = content['application/json']?.schema;
  // a route without a body: mostly none or an empty object, as a client sends
  if (!schema) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom<Payload>({ kind: 'none' }, { kind: 'json', body: {} }) }, { weight: 2, arbitrary: odd });
  return fc.oneof({ weight: 4, arbitrary: json(bodyFor(schema)) }, { weight: 1, arbitrary: odd });
}

const resourceOf = (url: string) => url.split('/')[2];

function queryFor(route: Route, op: Operation | undefined): fc.Arbitrary<Record<string, string>> {
  const declared = (op?.parameters ?? []).filter((p) => p.in === 'query');
  const asText = (arb: fc.Arbitrary<unknown>) => arb.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
  const params: Record<string, fc.Arbitrary<string>> = Object.fromEntries(declared.map((p) => [p.name, asText(valueFor(p.schema ?? { type: 'string' }, p.name))]));
  if (route.method === 'GET' && !route.url.includes(':') && !declared.length) {
    const { keys, values } = seen.get(resourceOf(route.url)) ?? { keys: [], values: [] };
    const key = fc.constantFrom('id', 'q', ...keys, 'overdue', 'status', 'clientId', 'incidentId', 'x');
    const seenValue = values.length ? fc.constantFrom(...values) : fc.constant('x');
    const value = fc.oneof(
      { weight: 3, arbitrary: seenValue },
      { weight: 2, arbitrary: fc.constantFrom([], null, '', 'a\u0000b', '\ud800') },
      { weight: 2, arbitrary: idFor() },
      { weight: 2, arbitrary: fc.array(fc.oneof(idFor(), seenValue), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: weird() },
    );
    params.filter = fc.oneof({ weight: 5, arbitrary: fc.dictionary(key, value, { maxKeys: 3 }).map((f) => JSON.stringify(f)) }, { weight: 1, arbitrary: hostileText });
    params.sort = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...keys, 'id', 'x'), fc.constantFrom('ASC', 'DESC', 'asc', 'up')).map((s) => JSON.stringify(s)) },
      { weight: 1, arbitrary: asText(weird()) },
    );
    params.range = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: -5, max: 3000 })).map((r) => JSON.stringify(r)) },
      { weight: 1, arbitrary: fc.constantFrom('[0,1e308]', '[1e308,1e308]', '[1.5,3]', '[0]', '[]', '[0,24,5]', `[0,${2 ** 53 + 2}]`, '[2147483648,2147483648]', 'x') },
    );
  }
  if (!Object.keys(params).length) return fc.constant({});
  return fc.record(params, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

/** a path parameter: an id of the route's resource (of any tenant), or something that is not one */
function pathIdFor(route: Route, role: Role): fc.Arbitrary<string> {
  let own = idsByResource.get(resourceOf(route.url)) ?? [];
  // the manager fuzzing their own account would lock themselves out of the rest of the run
  if (resourceOf(route.url) === 'users') own = own.filter((id) => id !== sessions[role]?.user.id);
  const mine = own.filter((id) => ownIds.includes(id));
  return fc.oneof(
    { weight: 4, arbitrary: mine.length ? fc.constantFrom(...mine) : fc.uuid() },
    { weight: 3, arbitrary: own.length ? fc.constantFrom(...own) : fc.uuid() },
    { weight: 1, arbitrary: anyId() },
    { weight: 1, arbitrary: fc.constantFrom('x', '0', "1' or '1'='1", 'a'.repeat(2000), '%00', '..', 'ÄÖ', '😀') },
  );
}

/* ---------------------------------------------------------------- requests */

/** Node 20 has String.prototype.toWellFormed (ES2024); a lone surrogate cannot be percent-encoded, so it goes as U+FFFD */
const wellFormed = (s: string) => (s as string & { toWellFormed(): string }).toWellFormed();
const encode = (s: string) => encodeURIComponent(wellFormed(s));

interface Sent {
  route: string;
  role: Role;
  path: string;
  query: Record<string, string>;
  payload: Payload;
}

async function send(sent: Sent): Promise<{ status: number; body: unknown }> {
  const [method] = sent.route.split(' ');
  const qs = Object.entries(sent.query).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  const url = `${sent.path}${qs ? `?${qs}` : ''}`;
  let req = (t.api() as any)[method.toLowerCase()](url).set('X-Forwarded-For', FUZZ_ADDRESS).timeout({ deadline: REQUEST_DEADLINE_MS });
  const s = sessions[sent.role];
  if (s) req = req.set(s.auth);
  const p = sent.payload;
  if (p.kind === 'json') req = req.set('content-type', 'application/json').send(JSON.stringify(p.body) ?? 'null');
  else if (p.kind === 'raw') req = req.set('content-type', 'application/json').send(p.text);
  else if (p.kind === 'multipart') {
    for (const [k, v] of Object.entries(p.fields)) req = req.field(k, wellFormed(v));
    if (p.file) req = req.attach(p.file.field, p.file.content, { filename: wellFormed(p.file.name), contentType: 'text/csv' });
  }
  try {
    const res = await req;
    return { status: res.status, body: res.body };
  } catch (e: any) {
    if (e?.timeout || e?.code === 'ECONNABORTED') return { status: 0, body: `no answer within ${REQUEST_DEADLINE_MS} ms` };
    if (e?.response) return { status: e.response.status, body: e.response.body };
    throw e;
  }
}

/** Signs the role in again if its session no longer works (the fuzz may have signed it out). */
async function ensureSession(role: Role) {
  const s = sessions[role]!;
  const me = await t.api().get('/api/auth/me').set(s.auth);
  if (me.status === 200) return;
  sessions[role] = await login(t, emails[role]!);
}

/* ---------------------------------------------------------------- other tenants' rows */

/** A digest per table of the rows of firm B, and (`unassigned`) of firm A's unassigned client, read as superuser. */
async function snapshot(unassigned: boolean): Promise<Record<string, string>> {
  const tables = (await superDb.query(`select table_name, bool_or(column_name = 'client_id') as has_client
      from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
     where table_schema = 'public' and t.table_type = 'BASE TABLE' and column_name in ('firm_id', 'client_id')
     group by table_name having bool_or(column_name = 'firm_id') order by table_name`)).rows as { table_name: string; has_client: boolean }[];
  const out: Record<string, string> = {};
  const digest = async (label: string, sql: string, params: unknown[]) => {
    const { rows } = await superDb.query(`select count(*)::int as n, coalesce(string_agg(x::text, E'\\n' order by x::text), '') as rows from (${sql}) x`, params);
    out[label] = `${rows[0].n} rows ${createHash('sha256').update(rows[0].rows).digest('hex').slice(0, 16)}`;
  };
  for (const { table_name: table, has_client } of tables) {
    await digest(`firm B: ${table}`, `select * from ${table} where firm_id = $1`, [w.b.firmId]);
    if (unassigned && has_client) await digest(`unassigned client: ${table}`, `select * from ${table} where firm_id = $1 and client_id = $2`, [w.a.firmId, w.a.unassigned.id]);
  }
  await digest('firm B: firms', `select * from firms where id = $1`, [w.b.firmId]);
  if (unassigned) {
    await digest('unassigned client: clients', `select * from clients where firm_id = $1 and id = $2`, [w.a.firmId, w.a.unassigned.id]);
    await digest('unassigned client: reports', `select * from reports where firm_id = $1 and client_ids @> $2::jsonb`, [w.a.firmId, JSON.stringify([w.a.unassigned.id])]);
  }
  return out;
}

/* ---------------------------------------------------------------- the world */

async function made(res: PromiseLike<{ status: number; body: any }>): Promise<any> {
  const r = await res;
  if (r.status !== 201 && r.status !== 200) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Records of every kind on a client: an incident (graded, with tasks and obligations), a note, a communication, an evaluation, an action, a training with a file. */
async function records(s: Session, clientId: string) {
  const post = (path: string, body: object) => made(t.api().post(path).set(s.auth).send(body));
  const incident = await post('/api/incidents', { clientId, title: 'Fuzz incident', detectedAt: new Date(Date.now() - 3600_000).toISOString(), personalInfoInvolved: true });
  await post(`/api/incidents/${incident.id}/grade`, {
    inputs: { criticalInfrastructureAffected: false, outageHours: 1, peopleAffected: 10, personalInfoRecords: 100, directLossRmb: 0, contentSpread: 'none', coreOrImportantData: 'none' },
  });
  await post('/api/timeline', { incidentId: incident.id, body: 'note', visibility: 'internal' });
  await post('/api/communications', { incidentId: incident.id, audience: 'client', channel: 'email', subject: 'Update', clientVisible: true });
  const evaluation = await post('/api/evaluations', { type: 'security_assessment', incidentId: incident.id, criteria: [{ name: 'c', weight: 1, score: 3 }] });
  await post('/api/actions', { incidentId: incident.id, evaluationId: evaluation.id, title: 'Fix', ownerId: s.user.id, dueAt: new Date(Date.now() + 86_400_000).toISOString(), clientVisible: true });
  const training = await post('/api/trainings', { clientId, type: 'emergency_drill', title: 'Drill', date: '2026-01-15', status: 'completed', participants: [{ name: 'p', attended: true }] });
  await made(t.api().post('/api/attachments').set(s.auth).field('entity', 'trainings').field('entityId', training.id).attach('file', Buffer.from('content'), 'f.txt'));
}

beforeAll(async () => {
  t = await startApp({
    env: { TRUST_PROXY: 'true' },
    onFastify: (f) =>
      f.addHook('onRoute', (r: { method: string | string[]; url: string }) => {
        for (const m of [r.method].flat()) {
          if (m !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')) routes.push({ method: m, url: r.url });
        }
      }),
  });
  w = await makeWorld(t);
  superDb = await connect('super');
  openapi = (await t.api().get('/api/docs-json')).body;
  for (const [role, s] of [['consultant', w.a.consultant], ['clientAdmin', w.a.clientAdmin], ['manager', w.a.manager]] as [Role, Session][]) {
    sessions[role] = s;
    emails[role] = s.user.email;
  }
  await records(w.a.consultant, w.a.assigned.id);
  await records(w.a.manager, w.a.unassigned.id);
  await records(w.b.manager, w.b.client.id);
  const template = { audience: 'client', channel: 'email', subject: { 'zh-CN': '{{incident.reference}}', en: '{{incident.reference}}' }, body: { 'zh-CN': '正文', en: 'Body' } };
  for (const m of [w.a.manager, w.b.manager]) {
    await made(t.api().post('/api/playbooks').set(m.auth).send({ name: { 'zh-CN': '预案', en: 'Playbook' }, tasks: [] }));
    await made(t.api().post('/api/communication-templates').set(m.auth).send({ ...template, name: { 'zh-CN': '模板', en: 'Template' } }));
  }
  const month = new Date().toISOString().slice(0, 7);
  await made(t.api().post('/api/reports').set(w.a.manager.auth).send({ period: month, clientIds: [w.a.unassigned.id] }));
  await made(t.api().post('/api/reports').set(w.b.manager.auth).send({ period: month, clientIds: [w.b.client.id] }));
  await made(t.api().post('/api/assignments').set(w.b.manager.auth).send({ consultantId: w.b.consultant.id, clientId: w.b.client.id }));

  // the ids of every listed resource, in both firms, and what their records look like
  const all = new Set<string>();
  const own = new Set<string>();
  for (const r of routes.filter((x) => x.method === 'GET' && !x.url.includes(':'))) {
    const resource = resourceOf(r.url);
    const mine = await t.api().get(r.url).query(listQuery({ range: [0, 999] })).set(w.a.consultant.auth);
    if (mine.status === 200 && Array.isArray(mine.body)) for (const x of mine.body) if (typeof x.id === 'string') own.add(x.id);
    for (const m of [w.a.manager, w.b.manager]) {
      const res = await t.api().get(r.url).query(listQuery({ range: [0, 999] })).set(m.auth);
      if (res.status !== 200 || !Array.isArray(res.body)) continue;
      const ids = res.body.map((x: { id?: string }) => x.id).filter((x: unknown): x is string => typeof x === 'string');
      idsByResource.set(resource, [...(idsByResource.get(resource) ?? []), ...ids]);
      ids.forEach((id: string) => all.add(id));
      const known = seen.get(resource) ?? { keys: [], values: [] };
      for (const rec of res.body.slice(0, 30)) {
        for (const [k, v] of Object.entries(rec as Record<string, unknown>)) {
          if (!known.keys.includes(k)) known.keys.push(k);
          if ((typeof v === 'string' && v.length < 60) || typeof v === 'boolean' || typeof v === 'number') if (!known.values.includes(v)) known.values.push(v);
        }
      }
      seen.set(resource, known);
    }
  }
  allIds = [...all];
  ownIds = [...own];
}, 120_000);

afterAll(async () => {
  await superDb?.end();
  await t?.close();
});

/* ---------------------------------------------------------------- the properties */

/** every route but removals (DELETE), and sign-out last (it may end the session the rest of the run uses) */
const fuzzed = () =>
  routes
    .filter((r) => r.method !== 'DELETE')
    .sort((a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'));

async function fuzzAs(role: Role, checkUnassigned: boolean) {
  const before = await snapshot(checkUnassigned);
  const failures: string[] = [];
  let requests = 0;
  for (const [i, route] of fuzzed().entries()) {
    const key = `${route.method} ${route.url}`;
    const op = openapi.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const arb = fc.record({
      ids: fc.array(pathIdFor(route, role), { minLength: 2, maxLength: 2 }),
      query: queryFor(route, op),
      payload: payloadFor(route, op),
    });
    const found: string[] = [];
    try {
      await fc.assert(
        fc.asyncProperty(arb, async ({ ids, query, payload }) => {
          let n = 0;
          const path = route.url.replace(/:(\w+)/g, () => encode(ids[n++]));
          const sent: Sent = { route: key, role, path, query, payload };
          const res = await send(sent);
          requests++;
          if (process.env.FUZZ_LOG) appendFileSync(process.env.FUZZ_LOG, `${role} ${key} ${res.status} ${JSON.stringify((res.body as any)?.errors ?? (res.body as any)?.message ?? '').slice(0, 200)} ${path} ${JSON.stringify(query).slice(0, 200)} ${JSON.stringify(payload).slice(0, 300)}\n`);
          if (res.status >= 500 || res.status === 0) {
            found.push(`${res.status} ${JSON.stringify(res.body)} ← ${JSON.stringify({ path, query, payload })}`.slice(0, 1500));
            return false;
          }
          return true;
        }),
        { seed: SEED + ROLES.indexOf(role) * 1000 + i, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    } catch (e) {
      failures.push(`${role} ${key}: ${found[0] ?? String(e).slice(0, 1500)}`);
    }
    await ensureSession(role);
  }
  const after = await snapshot(checkUnassigned);
  return { failures, requests, changed: Object.keys(before).filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k]} → ${after[k]}`) };
}

describe('fuzzing every create, update, action and read route', () => {
  it('reads the routes from the router and their shapes from the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(fuzzed().length).toBeGreaterThan(70);
    // the routes' bodies come from their OpenAPI schemas (what valid-looking bodies are built from)
    const documented = fuzzed().filter((r) => openapi.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody);
    expect(documented.length).toBeGreaterThan(30);
    expect(allIds.length).toBeGreaterThan(30);
  });

  for (const role of ROLES) {
    const unassigned = role !== 'manager';
    it(`as firm A's ${role}: no 5xx, no request without an answer, no change to ${unassigned ? "firm B's or the unassigned client's" : "firm B's"} rows`, async () => {
      const { failures, requests, changed } = await fuzzAs(role, unassigned);
      expect(failures).toEqual([]);
      expect(changed).toEqual([]);
      expect(requests).toBe(fuzzed().length * RUNS_PER_ROUTE);
    }, 180_000);
  }
});
