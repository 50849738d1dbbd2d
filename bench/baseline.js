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
 * Reads (incident lists, incident show, service report) replay exactly the statements our server sent for the same
 * request (recorded by bench/capture.js), minus its transaction and scope statements (START TRANSACTION, app_enter,
 * COMMIT); show substitutes the requested id. Create runs, in one transaction, the statements our create runs, written
 * out here: the client and playbook lookups, the reference counter, the incident, its playbook tasks, the timeline
 * entry, the obligations from the shared rules, the record read back, and the hash-chained audit row.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const shared = require('../shared/dist/index.js');
const { appendAudit } = require('../server/dist/audit/audit.service.js');

const pool = new Pool({ connectionString: process.env.BASELINE_DATABASE_URL, max: 20, idleTimeoutMillis: 0, application_name: 'incident-desk-bench-baseline' });
let fx = null;
let createStatements = 0;

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
      out.push((await c.query(s.text, values)).rows);
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

/** The list's rows and its Content-Range from the recorded statements (the page with its capped count and what each incident shows beside it; rows of any later statement go beside each row). */
function listBody(results) {
  const rows = results[0] ?? [];
  // the capped count comes with the page (capped_total on each row) or, past the end, on its own
  const counted = results.find((r) => r.length === 1 && r[0] && typeof r[0].n === 'number');
  const total = rows.length && rows[0].capped_total != null ? Number(rows[0].capped_total) : counted ? counted[0].n : rows.length;
  return { rows: rows.map((r, k) => ({ ...r, extra: results.slice(1).map((x) => x[k] ?? null) })), range: `incidents 0-${Math.max(0, rows.length - 1)}/${total}` };
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const COLUMNS = `firm_id, id, client_id, reference, title, description, category, nature, grade, grade_rationale, status, playbook_id,
  affected_systems, data_categories, personal_info_involved, sensitive_personal_info_involved, eu_personal_data, high_risk_to_individuals,
  people_affected, records_affected, business_impact, lead_id, team, reported_by_id, detected_at, reported_at, acknowledged_at, confirmed_at,
  contained_at, recovered_at, resolved_at, closed_at, created_at, updated_at`;

async function create(body) {
  const firmId = fx.firmId;
  const userId = fx.managerId;
  const c = await pool.connect();
  let n = 0;
  const q = async (text, values) => {
    n++;
    return (await c.query(text, values)).rows;
  };
  try {
    await q('begin');
    const [client] = await q(`select * from clients where firm_id = $1 and id = $2`, [firmId, body.clientId]);
    if (!client || client.status !== 'active') {
      await c.query('rollback');
      return [400, { statusCode: 400, message: 'no such client' }];
    }
    const [playbook] = await q(`select * from playbooks where firm_id = $1 and key = $2`, [firmId, shared.BUILT_IN_PLAYBOOK.key]);
    const now = new Date();
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: fx.timeZone, year: 'numeric' }).format(now));
    const [counter] = await q(
      `insert into incident_counters (firm_id, year, last) values ($1, $2, 1)
       on conflict (firm_id, year) do update set last = incident_counters.last + 1 returning last`,
      [firmId, year],
    );
    const id = randomUUID();
    const detectedAt = new Date(body.detectedAt);
    const i = {
      firm_id: firmId, id, client_id: client.id, reference: shared.formatReference(year, Number(counter.last)), title: String(body.title).trim(),
      description: body.description ?? '', category: body.category ?? null, nature: body.nature ?? null, grade: null, grade_rationale: null,
      status: 'triage', playbook_id: playbook.id, affected_systems: JSON.stringify(body.affectedSystems ?? []), data_categories: JSON.stringify(body.dataCategories ?? []),
      personal_info_involved: !!body.personalInfoInvolved, sensitive_personal_info_involved: !!body.sensitivePersonalInfoInvolved,
      eu_personal_data: !!body.euPersonalData, high_risk_to_individuals: !!body.highRiskToIndividuals, people_affected: body.peopleAffected ?? null,
      records_affected: body.recordsAffected ?? null, business_impact: body.businessImpact ?? null, lead_id: userId, team: '[]', reported_by_id: userId,
      detected_at: detectedAt, reported_at: now, acknowledged_at: now, confirmed_at: null, contained_at: null, recovered_at: null, resolved_at: null,
      closed_at: null, created_at: now, updated_at: now,
    };
    const cols = COLUMNS.split(',').map((s) => s.trim());
    await q(`insert into incidents (${cols.join(', ')}) values (${cols.map((_, k) => `$${k + 1}`).join(', ')})`, cols.map((k) => i[k]));
    const tasks = playbook.tasks.map((t, n) => [
      firmId, randomUUID(), id, client.id, t.phase, t.key, t.section ?? null, t.title['zh-CN'], t.title.en, t.description?.['zh-CN'] ?? '', t.description?.en ?? null,
      t.required, null, t.dueHours ? new Date(detectedAt.getTime() + t.dueHours * 3600_000) : null, 'todo', n,
    ]);
    if (tasks.length) {
      const per = tasks[0].length;
      await q(
        `insert into tasks (firm_id, id, incident_id, client_id, phase, key, section, title, title_en, description, description_en, required, assignee_id, due_at, status, position)
         values ${tasks.map((_, r) => `(${Array.from({ length: per }, (_, k) => `$${r * per + k + 1}`).join(', ')})`).join(', ')}`,
        tasks.flat(),
      );
    }
    await q(
      `insert into timeline_entries (firm_id, id, incident_id, client_id, kind, visibility, body, data, author_id, author_name, occurred_at)
       values ($1, $2, $3, $4, 'created', 'client', $5, $6, $7, $8, $9)`,
      [firmId, randomUUID(), id, client.id, i.title, JSON.stringify({ reference: i.reference, status: i.status, reported: false }), userId, fx.managerName, now],
    );
    // obligations: the facts, the shared rules, one insert per obligation
    const [firm] = await q(`select sla_policy from firms where id = $1`, [firmId]);
    await q(`select id, rule, due_at, fulfilled_at, status from obligations where firm_id = $1 and incident_id = $2`, [firmId, id]);
    const specs = shared.computeObligations({
      grade: null, status: 'triage', detectedAt: detectedAt.toISOString(), reportedAt: now.toISOString(), acknowledgedAt: now.toISOString(), resolvedAt: null,
      personalInfoInvolved: i.personal_info_involved, sensitivePersonalInfoInvolved: i.sensitive_personal_info_involved, euPersonalData: i.eu_personal_data,
      highRiskToIndividuals: i.high_risk_to_individuals, operatorType: client.operator_type, contractSla: client.contract_sla,
      policy: { ...shared.DEFAULT_FIRM_POLICY, ...(firm?.sla_policy ?? {}) },
    });
    for (const s of specs) {
      await q(
        `insert into obligations (firm_id, id, incident_id, client_id, rule, audience, authority, source, starts_at, due_at, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending')`,
        [firmId, randomUUID(), id, client.id, s.rule, s.audience, JSON.stringify(s.authority), s.source, s.startsAt, s.dueAt],
      );
    }
    // the record as the API returns it
    const [row] = await q(`select * from incidents where firm_id = $1 and id = $2`, [firmId, id]);
    const due = await q(
      `select incident_id, min(due_at) as due from obligations where firm_id = $1 and incident_id = any($2) and status = 'pending' group by incident_id`,
      [firmId, [id]],
    );
    const progress = await q(
      `select incident_id, phase, count(*) filter (where status in ('done','not_applicable')) as done, count(*) as total,
              count(*) filter (where required and status not in ('done','not_applicable')) as required_open
         from tasks where firm_id = $1 and incident_id = any($2) group by incident_id, phase`,
      [firmId, [id]],
    );
    await appendAudit({ query: q }, {
      firmId, actorId: userId, actorRole: 'manager', clientId: client.id, entity: 'incidents', entityId: id, action: 'create',
      changes: { title: { before: null, after: i.title } }, requestId: randomUUID(), ip: '127.0.0.1',
    });
    await q('commit');
    createStatements = n;
    return [201, { ...row, nearestDueAt: due[0]?.due ?? null, progress }];
  } catch (e) {
    await c.query('rollback').catch(() => undefined);
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
    const { rows, range } = listBody(await replay(filter.clientId ? fx.statements['list-client'] : fx.statements['list-all'],
      filter.clientId ? { from: fx.recordedClientId, to: filter.clientId } : undefined));
    return send(res, 200, rows, { 'content-range': range });
  }
  const show = /^\/api\/incidents\/([0-9a-f-]{36})$/.exec(path);
  if (req.method === 'GET' && show) {
    const [rows, ...extra] = await replay(fx.statements.show, { from: fx.recordedShowId, to: show[1] });
    if (!rows[0]) return send(res, 404, { statusCode: 404 });
    return send(res, 200, { ...rows[0], extra });
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
process.on('SIGTERM', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
