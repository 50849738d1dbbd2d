'use strict';
/**
 * The baseline of `npm run bench`: a bare Node `http` server that runs the same SQL as our server through `pg`, with no
 * framework, no ORM, no authentication and no row-level security (it connects as the PostgreSQL superuser and relies
 * on the firm and client filters in the WHERE clauses). Started by bench/run.js as a child process (IPC):
 *
 *   env BASELINE_DATABASE_URL  superuser connection to the scale database
 *   message {cmd: 'start', fixtures}  → {port}
 *   message {cmd: 'cpu'}              → {cpu: process.cpuUsage()}
 *
 * It has every trick of our server that needs no framework, so that it stays the limit: each statement with
 * parameters is a named prepared statement (parsed once per connection, as our pool client does), timestamps are read
 * as ISO text (our server's ISO_TIMES: no Date per timestamp), the answers are the same JSON as ours (the same mapping
 * functions: mapIncident, extrasOf), the connections are kept alive, and the pool holds as many connections (20).
 *
 * Reads (incident lists, incident show, service report) replay exactly the statements our server sent for the same
 * request (recorded by bench/capture.js), minus its transaction and scope statements (START TRANSACTION,
 * app_enter_scope, COMMIT); show substitutes the requested id. Create runs, in one transaction, the statements our
 * create runs — their text as our server sent it (recorded too), its own values: the client and playbook lookups, the
 * reference counter, the incident, its playbook tasks, the timeline entry, the clocks from the shared rules (and the one
 * the incident's own acknowledgement meets), the record read back, and the hash-chained audit row.
 */
const http = require('node:http');
const { createHash, randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const shared = require('../shared/dist/index.js');
const { appendAudit, auditKeyBytes, diff } = require('../server/dist/audit/audit.service.js');
const { ISO_TIMES } = require('../server/dist/database/pg-time.js');
const { extrasOf, mapIncident } = require('../server/dist/incidents/incidents.service.js');

const pool = new Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: 20, idleTimeoutMillis: 0, application_name: 'incident-desk-bench-baseline' });
let fx = null;
let createStatements = 0;

const names = new Map();
/** A statement with parameters as a named prepared statement (pg parses it once per connection); with ISO timestamps. */
function statement(text, values) {
  if (!values.length) return { text, types: ISO_TIMES };
  let name = names.get(text);
  if (!name) names.set(text, (name = `b${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`));
  return { name, text, values, types: ISO_TIMES };
}

const revive = (v) => (v && typeof v === 'object' && '$date' in v ? new Date(v.$date) : v && typeof v === 'object' && '$bytes' in v ? Buffer.from(v.$bytes, 'base64') : v);

/** Runs recorded statements one after the other on one connection; `swap` replaces one parameter value by another. */
async function replay(statements, swap) {
  const c = await pool.connect();
  try {
    const out = [];
    for (const s of statements) {
      const values = s.values.map((v) => {
        const r = revive(v);
        if (swap && r === swap.from) return swap.to;
        if (swap && Array.isArray(r)) return r.map((x) => (x === swap.from ? swap.to : x));
        return r;
      });
      out.push((await c.query(statement(s.text, values))).rows);
    }
    return out;
  } finally {
    c.release();
  }
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An incident as our server answers it (a manager's view): the same mapping. */
const record = (row) => mapIncident(row, extrasOf(row));

/** The list's records and its Content-Range from the recorded statement (the page with its total on each row). */
function listBody(results) {
  const rows = results[0] ?? [];
  // the total comes with the page (capped_total on each row) or, past the end, on its own
  const counted = results.find((r) => r.length === 1 && r[0] && typeof r[0].n === 'number');
  const total = rows.length && rows[0].capped_total != null ? Number(rows[0].capped_total) : counted ? counted[0].n : rows.length;
  return { records: rows.map(record), range: `incidents 0-${Math.max(0, rows.length - 1)}/${total}` };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/** The text our create sent whose beginning matches (recorded by bench/capture.js). */
function ours(pattern) {
  const s = fx.createStatements.find((x) => pattern.test(x));
  if (!s) throw new Error(`our create sent no statement like ${pattern}`);
  return s;
}

/** An `INSERT … SELECT * FROM unnest($1::type[], …)` of ours with its values: one array per column, from rows keyed by column. */
function unnestValues(text, rows) {
  const columns = /\(([^)]*)\)/.exec(text)[1].split(',').map((c) => c.trim());
  const json = [...text.matchAll(/\$\d+::(\w+)\[\]/g)].map((m) => m[1] === 'jsonb');
  return columns.map((c, k) => rows.map((r) => {
    if (!(c in r)) throw new Error(`no value for ${c} in ${text.slice(0, 40)}`);
    return json[k] && r[c] !== null ? JSON.stringify(r[c]) : r[c];
  }));
}

async function create(body) {
  const firmId = fx.firmId;
  const userId = fx.managerId;
  const c = await pool.connect();
  let n = 0;
  const q = async (text, values = []) => {
    n++;
    return (await c.query(statement(text, values))).rows;
  };
  // Dates as pg gives them (our server reads these rows without ISO_TIMES)
  const qd = async (text, values) => {
    n++;
    return (await c.query({ ...statement(text, values), types: undefined })).rows;
  };
  try {
    await q('START TRANSACTION');
    const [client] = await qd(ours(/from clients r where/), [firmId, [body.clientId]]);
    if (!client || client.status !== 'active') {
      await c.query('ROLLBACK');
      return [400, { statusCode: 400, message: 'no such client' }];
    }
    const [playbook] = await qd(ours(/from playbooks p where/), [firmId, shared.BUILT_IN_PLAYBOOK.key]);
    const now = new Date();
    const year = Number(shared.dateFormat('en', { timeZone: fx.timeZone, year: 'numeric' }).format(now));
    const [counter] = await q(ours(/^insert into incident_counters/), [firmId, year, 1]);
    const id = randomUUID();
    const detectedAt = new Date(body.detectedAt);
    const i = {
      firm_id: firmId, id, client_id: client.id, parent_id: null, parent_removed_at: null, reference: shared.formatReference(year, Number(counter.last)), title: String(body.title).trim(),
      description: body.description ?? '', category: body.category ?? null, nature: body.nature ?? null, grade: null, grade_rationale: null,
      status: 'triage', playbook_id: playbook.id, affected_systems: body.affectedSystems ?? [], data_categories: body.dataCategories ?? [],
      personal_info_involved: !!body.personalInfoInvolved, sensitive_personal_info_involved: !!body.sensitivePersonalInfoInvolved,
      eu_personal_data: !!body.euPersonalData, high_risk_to_individuals: !!body.highRiskToIndividuals, people_affected: body.peopleAffected ?? null,
      records_affected: body.recordsAffected ?? null, business_impact: body.businessImpact ?? null, lead_id: userId, team: [], reported_by_id: userId,
      detected_at: detectedAt, reported_at: now, acknowledged_at: now, confirmed_at: null, contained_at: null, recovered_at: null, resolved_at: null,
      closed_at: null, exercise: false, training_id: null,
    };
    const incidentInsert = ours(/^INSERT INTO incidents /);
    await q(incidentInsert, unnestValues(incidentInsert, [i]));
    const tasks = playbook.tasks.map((t, k) => ({
      firm_id: firmId, id: randomUUID(), incident_id: id, client_id: client.id, phase: t.phase, key: t.key, section: t.section ?? null,
      title: t.title['zh-CN'], title_en: t.title.en, description: t.description?.['zh-CN'] ?? '', description_en: t.description?.en ?? null,
      required: t.required, assignee_id: null, team_role: t.role ?? null, due_at: t.dueHours ? new Date(detectedAt.getTime() + t.dueHours * 3600_000) : null, status: 'todo',
      position: k, done_by_id: null, done_at: null,
    }));
    const taskInsert = ours(/^INSERT INTO tasks /);
    await q(taskInsert, unnestValues(taskInsert, tasks));
    const timelineInsert = ours(/^INSERT INTO timeline_entries /);
    const entry = (kind, text, data, at) => ({
      firm_id: firmId, id: randomUUID(), incident_id: id, client_id: client.id, kind, visibility: 'client', body: text, data, author_id: userId,
      author_name: fx.managerName, occurred_at: at,
    });
    await q(timelineInsert, unnestValues(timelineInsert, [entry('created', i.title, { reference: i.reference, status: i.status, reported: false }, now)]));
    // the clocks: the facts, the shared rules, one insert for all; the acknowledgement clock is met at once
    const [firm] = await q(ours(/^select sla_policy/), [firmId]);
    const specs = shared.computeObligations({
      grade: null, status: 'triage', detectedAt: detectedAt.toISOString(), reportedAt: now.toISOString(), acknowledgedAt: now.toISOString(), resolvedAt: null,
      personalInfoInvolved: i.personal_info_involved, sensitivePersonalInfoInvolved: i.sensitive_personal_info_involved, euPersonalData: i.eu_personal_data,
      highRiskToIndividuals: i.high_risk_to_individuals, operatorType: client.operatorType, contractSla: client.contractSla,
      policy: { ...shared.DEFAULT_FIRM_POLICY, ...(firm?.slaPolicy ?? {}) },
    });
    const clocks = specs.map((s) => ({
      firm_id: firmId, id: randomUUID(), incident_id: id, client_id: client.id, rule: s.rule, audience: s.audience, authority: s.authority, source: s.source,
      starts_at: new Date(s.startsAt), due_at: new Date(s.dueAt), status: 'pending', fulfilled_at: null, fulfilled_by_id: null, fulfilment_note: null,
      communication_id: null, warning: s.warning ?? null, waiver_basis: null, waiver_reason: null, waived_by_id: null, waived_at: null,
      report_attachment_id: null,
    }));
    const clockInsert = ours(/^INSERT INTO obligations /);
    if (clocks.length) await q(clockInsert, unnestValues(clockInsert, clocks));
    for (const o of clocks.filter((x) => x.rule === 'sla_acknowledge')) {
      const status = now.getTime() <= o.due_at.getTime() ? 'met' : 'met_late';
      await q(ours(/^update obligations set fulfilled_at/), [firmId, o.id, now, status, 'acknowledgedAt']);
      await q(timelineInsert, unnestValues(timelineInsert, [entry('obligation', '', { rule: o.rule, status, dueAt: o.due_at.toISOString(), fulfilledAt: now.toISOString() }, now)]));
    }
    // the record as the API returns it, and the audit entry with the record as it was inserted (ours: mapIncident of the entity)
    const [row] = await q(ours(/from incidents i where i\.firm_id = \$1 and i\.id = \$2/), [firmId, id]);
    const inserted = { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt), detectedAt, reportedAt: now, acknowledgedAt: now };
    // our server's key (fixtures): the same keyed hash per row, and the firm's chain still verifies
    await appendAudit({ query: (text, values) => q(text, values) }, auditKeyBytes({ auditKey: fx.auditKey }), {
      firmId, actorId: userId, actorRole: 'manager', clientId: client.id, entity: 'incidents', entityId: id, action: 'create',
      changes: diff(null, mapIncident(inserted)), requestId: randomUUID(), ip: '127.0.0.1',
    });
    await q('COMMIT');
    createStatements = n;
    return [201, record(row)];
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/api/incidents') {
    const filter = JSON.parse(url.searchParams.get('filter') || '{}');
    // a client's list replays the statement recorded for the largest client, with the client asked for
    const { records, range } = listBody(await replay(filter.clientId ? fx.statements['list-client'] : fx.statements['list-all'],
      filter.clientId ? { from: fx.recordedClientId, to: filter.clientId } : undefined));
    return send(res, 200, records, { 'content-range': range, 'access-control-expose-headers': 'Content-Range' });
  }
  const show = /^\/api\/incidents\/([0-9a-f-]{36})$/.exec(path);
  if (req.method === 'GET' && show) {
    const [rows] = await replay(fx.statements.show, { from: fx.recordedShowId, to: show[1] });
    if (!rows[0]) return send(res, 404, { statusCode: 404 });
    return send(res, 200, record(rows[0]));
  }
  // a firm incident's page replays the statements recorded for it (the same breach)
  if (req.method === 'GET' && /^\/api\/firm-incidents\/[0-9a-f-]{36}$/.test(path)) {
    return send(res, 200, await replay(fx.statements['firm-incident']));
  }
  if (req.method === 'POST' && path === '/api/incidents') {
    const [status, body] = await create(await readBody(req));
    return send(res, status, body);
  }
  if (req.method === 'GET' && path === '/api/reports/service') {
    const key = url.searchParams.get('clientIds') ? 'report-client' : 'report-firm';
    return send(res, 200, await replay(fx.statements[key]));
  }
  send(res, 404, { statusCode: 404 });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.error(e);
    if (!res.headersSent) send(res, 500, { statusCode: 500, message: String(e.message) });
  });
});
// connections stay open between requests (HTTP keep-alive, as autocannon's are)
server.keepAliveTimeout = 65_000;

process.on('message', (m) => {
  if (m.cmd === 'start') {
    fx = m.fixtures;
    server.listen(0, '127.0.0.1', () => process.send({ id: m.id, port: server.address().port }));
  } else if (m.cmd === 'cpu') {
    process.send({ id: m.id, cpu: process.cpuUsage() });
  } else if (m.cmd === 'stats') {
    process.send({ id: m.id, createStatements });
  }
});
// the benchmark's messages keep this process alive until it is stopped (bench/capture.js, preloaded for the profiler,
// lets go of the channel)
process.channel?.ref();
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
