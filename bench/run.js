'use strict';
/**
 * npm run bench [-- --incidents N --clients N --duration S --connections C --rounds R --only a,b --profile --regenerate --single S]
 *
 * 1. Makes sure the scale database exists (generates it with the size asked for when it is missing or of another size:
 *    default 1,000,000 incidents, env BENCH_INCIDENTS / BENCH_CLIENTS) on the PostgreSQL the product uses, and migrates it.
 * 2. Starts our server (the production build, server/dist/main.js, on 127.0.0.1 and a free port) and the baseline
 *    (bench/baseline.js: bare `http` + `pg`, no framework, no ORM, no row-level security) as child processes.
 * 3. Records the statements our server sends for each read endpoint, hands them to the baseline, then loads both servers
 *    alternately with autocannon on each endpoint and samples the CPU of each server process (over IPC) and of the
 *    PostgreSQL backends (/proc).
 *    Then, with no load, requests one at a time on one connection (--single S seconds per server and endpoint, default
 *    5; 0 skips it) for the latency a user sees: a typical client's list page, the largest client's, all clients', show.
 * 4. Prints a table and writes bench/results.json and bench/RESULTS.md (with bench/notes.md appended). With --profile,
 *    also profiles both servers (V8's CPU profiler, as `node --cpu-prof`, started and stopped around the load) on the
 *    lists, show and create, one endpoint at a time, and summarises where each one's CPU time goes. --markdown only
 *    rewrites RESULTS.md.
 * Not part of `npm test`.
 */
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const { join, resolve } = require('node:path');
const autocannon = require('autocannon');
const { Client } = require('pg');

const ROOT = resolve(__dirname, '..');
const dist = (p) => require(join(ROOT, 'server/dist', p));
const { loadConfig } = dist('config/config.js');
const { freePort } = dist('database/embedded.js');
const { runMigrations } = dist('database/data-source.js');
const { openCluster } = dist('cli/seed-scale.js');
const { generateScale, scaleFirms, withDatabase, SCALE_DATABASE, SCALE_META_KEY, SCALE_PASSWORD } = dist('seed/scale/index.js');

// ------------------------------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
  const o = {
    incidents: Number(process.env.BENCH_INCIDENTS || 1_000_000),
    clients: Number(process.env.BENCH_CLIENTS || 2000),
    database: process.env.BENCH_DATABASE || SCALE_DATABASE,
    duration: 10,
    connections: 10,
    rounds: 2,
    only: null,
    profile: false,
    regenerate: false,
    markdown: false,
    single: 5,
    out: join(ROOT, 'bench'),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const next = () => inline ?? argv[++i];
    switch (flag) {
      case '--incidents': o.incidents = Number(String(next()).replace(/_/g, '')); break;
      case '--clients': o.clients = Number(next()); break;
      case '--database': o.database = next(); break;
      case '--duration': o.duration = Number(next()); break;
      case '--connections': o.connections = Number(next()); break;
      case '--rounds': o.rounds = Number(next()); break;
      case '--only': o.only = next().split(','); break;
      case '--profile': o.profile = true; break;
      case '--regenerate': o.regenerate = true; break;
      case '--markdown': o.markdown = true; break;
      case '--single': o.single = Number(next()); break;
      case '--out': o.out = resolve(next()); break;
      default: throw new Error(`unknown option ${argv[i]} (--incidents N --clients N --database NAME --duration S --connections C --rounds R --only a,b --profile --regenerate --markdown --single S --out DIR)`);
    }
  }
  for (const k of ['incidents', 'clients', 'duration', 'connections', 'rounds']) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`--${k} must be a whole number ≥ 1`);
  }
  if (!Number.isInteger(o.single) || o.single < 0) throw new Error('--single must be a whole number of seconds ≥ 0 (0: not measured)');
  return o;
}

// ------------------------------------------------------------------------------------------------------------------
// child processes

/** A child process with an IPC request/response helper. */
function child(modulePath, { env, execArgv = [], onLine } = {}) {
  const p = fork(modulePath, [], { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const waiting = new Map();
  let seq = 0;
  p.on('message', (m) => {
    if (m && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    }
  });
  const lines = [];
  const read = (stream) => {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      let k;
      while ((k = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, k);
        buf = buf.slice(k + 1);
        lines.push(line);
        if (lines.length > 200) lines.shift();
        onLine?.(line);
      }
    });
  };
  read(p.stdout);
  read(p.stderr);
  return {
    proc: p,
    lines,
    ask: (msg, timeoutMs = 15000) =>
      new Promise((res, rej) => {
        const id = ++seq;
        const t = setTimeout(() => rej(new Error(`no answer to ${msg.cmd} from ${modulePath}`)), timeoutMs);
        waiting.set(id, (m) => {
          clearTimeout(t);
          res(m);
        });
        p.send({ ...msg, id });
      }),
    stop: () =>
      new Promise((res) => {
        if (p.exitCode !== null || p.signalCode !== null) return res();
        p.once('exit', () => res());
        p.kill('SIGINT');
        setTimeout(() => p.kill('SIGKILL'), 30_000).unref();
      }),
  };
}

/** Resolves once GET /api/health answers 200 (polled), rejects after `ms`. */
async function waitForHealth(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer its health check`);
}

async function startOurs(env) {
  const port = await freePort();
  const execArgv = ['-r', join(__dirname, 'capture.js')];
  let ready;
  const up = new Promise((r) => (ready = r));
  const c = child(join(ROOT, 'server/dist/main.js'), { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, execArgv });
  c.proc.on('exit', (code) => ready(new Error(`our server exited (${code}):\n${c.lines.slice(-20).join('\n')}`)));
  // up when its health check answers (its logs are JSON lines, and at LOG_LEVEL=warn it says nothing when it listens)
  waitForHealth(`http://127.0.0.1:${port}`, 120_000).then(() => ready(), () => undefined);
  const r = await Promise.race([up, new Promise((r) => setTimeout(() => r(new Error('our server did not start in 120 s')), 120_000))]);
  if (r instanceof Error) {
    // not left running: the caller never got it to stop
    await c.stop();
    throw r;
  }
  return { ...c, url: `http://127.0.0.1:${port}` };
}

async function startBaseline(databaseUrl, fixtures) {
  // capture.js answers the profiler's messages (its statement recording hooks only our server's pool client)
  const c = child(join(__dirname, 'baseline.js'), { env: { BASELINE_DATABASE_URL: databaseUrl }, execArgv: ['-r', join(__dirname, 'capture.js')] });
  const { port } = await c.ask({ cmd: 'start', fixtures });
  return { ...c, url: `http://127.0.0.1:${port}` };
}

// ------------------------------------------------------------------------------------------------------------------
// CPU of the PostgreSQL backends

const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

function procCpuUs(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), us: (Number(f[11]) + Number(f[12])) * TICK_US };
  } catch {
    return null;
  }
}

/** CPU (µs) of each of the postmaster's children by pid; null when the database is not the embedded one. */
function pgCpuUs(postmasterPid) {
  if (!postmasterPid) return null;
  const out = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = procCpuUs(name);
    if (p && p.ppid === postmasterPid) out.set(name, p.us);
  }
  return out;
}

/** CPU used between two samples by the backends alive at the second (a backend that started in between counts fully). */
function pgCpuDelta(before, after) {
  if (!before || !after) return null;
  let d = 0;
  for (const [pid, us] of after) d += us - (before.get(pid) ?? 0);
  return d;
}

// ------------------------------------------------------------------------------------------------------------------
// load

function cannon(url, ep, seconds, connections) {
  let k = 0;
  const requests = [
    {
      method: ep.method || 'GET',
      headers: { ...(ep.headers || {}), ...(ep.body ? { 'content-type': 'application/json' } : {}) },
      setupRequest: (req) => {
        const path = ep.paths ? ep.paths[k++ % ep.paths.length] : ep.path;
        return { ...req, path, body: ep.body ? JSON.stringify(typeof ep.body === 'function' ? ep.body() : ep.body) : undefined };
      },
    },
  ];
  return new Promise((res, rej) => {
    autocannon({ url, connections: ep.connections ?? connections, duration: seconds, requests, timeout: ep.timeout ?? 30 }, (err, r) => (err ? rej(err) : res(r)));
  });
}

async function measure(server, ep, seconds, connections, postmasterPid) {
  const cpu0 = (await server.ask({ cmd: 'cpu' })).cpu;
  const db0 = pgCpuUs(postmasterPid);
  const r = await cannon(server.url, ep, seconds, connections);
  const cpu1 = (await server.ask({ cmd: 'cpu' })).cpu;
  const db1 = pgCpuUs(postmasterPid);
  const ok = r['2xx'];
  const cpu = cpu1.user + cpu1.system - cpu0.user - cpu0.system;
  return {
    requests: ok,
    errors: r.errors + r.timeouts + r.non2xx,
    rps: ok / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    serverCpuUs: cpu,
    dbCpuUs: pgCpuDelta(db0, db1),
    seconds: r.duration,
  };
}

// ------------------------------------------------------------------------------------------------------------------
// the run

/** What the job runner sends (the clocks' scan, reminders, deliveries), never a read of the endpoints measured. */
const BACKGROUND_STATEMENT = /\b(insert into|update|delete from)\s+notification|\bnotification_(clocks|reminders|deliveries)\b|pg_xact_status\(|audit_chain_heads\(|\bpgboss\./i;
const SCOPE_STATEMENT = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b|app_enter(_scope)?\(|app_client_ids\(\)::text\[\]|set_config\(/i;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.markdown) {
    // only write RESULTS.md again from results.json (after editing bench/notes.md)
    writeFileSync(join(o.out, 'RESULTS.md'), markdown(JSON.parse(readFileSync(join(o.out, 'results.json'), 'utf8'))));
    console.log(`wrote ${join(o.out, 'RESULTS.md')}`);
    return;
  }
  const config = loadConfig();
  const cluster = await openCluster(config);
  const children = [];
  const cleanup = async () => {
    for (const c of children) await c.stop().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
  };
  process.on('SIGINT', () => cleanup().finally(() => process.exit(130)));
  try {
    const ownerUrl = withDatabase(cluster.ownerUrl, o.database);
    const appUrl = withDatabase(cluster.appUrl, o.database);
    const superUrl = withDatabase(cluster.adminUrl, o.database);
    const postmasterPid = cluster.port && existsSync(join(config.dataDir, 'pg', 'postmaster.pid'))
      ? Number(readFileSync(join(config.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
      : null;

    // 1. the data set
    let meta = null;
    const admin = new Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [o.database])).rowCount > 0;
    await admin.end();
    if (exists) {
      const c = new Client({ connectionString: superUrl });
      await c.connect();
      meta = (await c.query('select value from app_meta where key = $1', [SCALE_META_KEY]).catch(() => ({ rows: [] }))).rows[0];
      await c.end();
      meta = meta ? JSON.parse(meta.value) : null;
    }
    const fits = meta && meta.incidents?.[0] === o.incidents && meta.clients?.[0] === o.clients;
    if (!fits || o.regenerate) {
      console.log(exists && !o.regenerate ? `${o.database} holds another data set (${meta ? `${meta.incidents?.[0]} incidents` : 'unfinished'}): generating it again` : `Generating ${o.database}`);
      await generateScale({
        adminUrl: cluster.adminUrl, ownerUrl, database: o.database, firms: scaleFirms(o.clients, o.incidents), tasksPerIncident: 5, workers: 2,
        chunk: 50_000, scryptLog2N: config.scryptLog2N, log: (l) => console.log(l),
      });
    } else {
      console.log(`Using ${o.database}: ${meta.counts.incidents.toLocaleString('en')} incidents, generated ${meta.finishedAt} in ${(meta.totalMs / 1000).toFixed(0)} s`);
    }
    const applied = await runMigrations(ownerUrl);
    if (applied.length) console.log(`migrated ${o.database}: ${applied.join(', ')}`);

    // fixtures (superuser: no row-level security)
    const db = new Client({ connectionString: superUrl });
    await db.connect();
    const firm = (await db.query(`select f.id, f.time_zone, u.id as manager_id, u.name as manager_name from firms f join users u on u.firm_id = f.id and u.email = 'manager@scale.test' where f.slug = 'scale'`)).rows[0];
    const big = (await db.query(
      `select i.client_id, count(*)::int as n from incidents i join clients c on c.firm_id = i.firm_id and c.id = i.client_id and c.status = 'active'
        where i.firm_id = $1 group by 1 order by 2 desc limit 1`, [firm.id])).rows[0];
    // a typical client: the median number of incidents
    const typical = (await db.query(
      `with c as (select i.client_id, count(*)::int as n from incidents i join clients c on c.firm_id = i.firm_id and c.id = i.client_id and c.status = 'active'
                   where i.firm_id = $1 group by 1)
       select client_id, n from c order by n, client_id offset (select count(*) / 2 from c) limit 1`, [firm.id])).rows[0];
    const ids = (await db.query(`select id from incidents tablesample system (2) where firm_id = $1 limit 1000`, [firm.id])).rows.map((r) => r.id);
    // new incidents go to other clients in turn, so that runs do not grow the client whose list is measured
    const targets = (await db.query(`select id from clients where firm_id = $1 and status = 'active' and id <> $2 order by id limit 200`, [firm.id, big.client_id])).rows.map((r) => r.id);
    // a breach at the firm itself with hundreds of children (the generator makes a few; none in a data set made before them)
    const breach = (await db.query(`select id, child_count from firm_incidents where firm_id = $1 order by child_count desc, id limit 1`, [firm.id])).rows[0];
    const counts = JSON.parse((await db.query('select value from app_meta where key = $1', [SCALE_META_KEY])).rows[0].value).counts;
    const pgVersion = (await db.query('show server_version')).rows[0].server_version;
    await db.end();

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: firm.time_zone }).format(new Date());
    const [y, m] = today.split('-').map(Number);
    const from = `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    const enc = encodeURIComponent;

    // 2. the servers
    const env = {
      DATABASE_URL: ownerUrl, APP_DATABASE_URL: appUrl, JWT_SECRET: randomBytes(36).toString('base64url'),
      // the development key (DATA_DIR/audit.secret or AUDIT_KEY), so that `audit:verify` can check the chains later
      AUDIT_KEY: config.auditKey, SEED_DEMO: 'false', LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL_SECONDS: '86400', NODE_ENV: 'production',
    };
    console.log('starting our server and the baseline');
    const ours = await startOurs(env);
    children.push(ours);
    const login = await fetch(`${ours.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'manager@scale.test', password: SCALE_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const auth = { authorization: `Bearer ${(await login.json()).accessToken}` };

    let made = 0;
    const ENDPOINTS = [
      { name: 'list-client', title: `Incident list, one client (${big.n.toLocaleString('en')} incidents), page 1`, target: 0.9,
        path: `/api/incidents?filter=${enc(JSON.stringify({ clientId: big.client_id }))}&range=${enc('[0,24]')}` },
      { name: 'list-all', title: 'Incident list, all clients (manager), page 1', target: 0.9, path: `/api/incidents?range=${enc('[0,24]')}` },
      { name: 'show', title: `Incident show (${ids.length} incidents in turn)`, target: 0.9, paths: ids.map((id) => `/api/incidents/${id}`) },
      { name: 'create', title: 'Create incident (tasks, timeline, obligations, audit)', target: 0.9, method: 'POST', path: '/api/incidents',
        body: () => ({ clientId: targets[made % targets.length], title: `压测事件 ${++made}`, detectedAt: new Date(Date.now() - 3600_000).toISOString(), category: 'data_security', personalInfoInvolved: true }) },
      { name: 'firm-incident', title: `Firm incident page (a breach with ${breach?.child_count ?? 0} children: their clocks and communications)`,
        path: `/api/firm-incidents/${breach?.id ?? '00000000-0000-4000-8000-000000000000'}` },
      { name: 'report-client', title: 'Service report, one client, 12 months', path: `/api/reports/service?from=${from}&to=${today}&lang=en&clientIds=${big.client_id}` },
      { name: 'report-firm', title: `Service report, whole firm (${o.clients.toLocaleString('en')} clients), 12 months`, connections: 1, path: `/api/reports/service?from=${from}&to=${today}&lang=en` },
    ].filter((e) => !o.only || o.only.includes(e.name));
    for (const e of ENDPOINTS) e.headers = auth;

    // 3. what our server sends, for the baseline to send too
    const fixtures = {
      firmId: firm.id, managerId: firm.manager_id, managerName: firm.manager_name, timeZone: firm.time_zone, statements: {}, recordedShowId: ids[0],
      recordedClientId: big.client_id, auditKey: config.auditKey,
    };
    const statementCounts = {};
    for (const e of ENDPOINTS) {
      const path = e.paths ? e.paths[0] : e.path;
      const once = () => fetch(ours.url + path, { method: e.method || 'GET', headers: { ...auth, 'content-type': 'application/json' }, body: e.body ? JSON.stringify(e.body()) : undefined });
      const warm = await once();
      if (warm.status >= 300) {
        e.unavailable = `our server answers ${warm.status}: ${(await warm.text()).slice(0, 200)}`;
        console.log(`  ${e.name}: SKIPPED, ${e.unavailable}`);
        continue;
      }
      await ours.ask({ cmd: 'record' });
      const t0 = Date.now();
      await (await once()).arrayBuffer();
      e.single = Date.now() - t0;
      const { statements } = await ours.ask({ cmd: 'stop-recording' });
      // the alerting clocks' minute scan runs in our server meanwhile (a fresh data set has thousands of overdue clocks,
      // reminded hourly): its statements are not the request's
      const work = statements.filter((s) => !SCOPE_STATEMENT.test(s.text) && !(e.method !== 'POST' && BACKGROUND_STATEMENT.test(s.text)));
      statementCounts[e.name] = { ours: statements.length, scope: statements.length - work.length };
      if (e.method !== 'POST') fixtures.statements[e.name] = work;
      // the baseline's create runs our create's statements, its text as ours sent it, with values of its own
      else fixtures.createStatements = work.map((s) => s.text);
    }
    const baseline = await startBaseline(superUrl, fixtures);
    children.push(baseline);
    for (const e of ENDPOINTS.filter((x) => !x.unavailable)) {
      const path = e.paths ? e.paths[0] : e.path;
      const r = await fetch(baseline.url + path, { method: e.method || 'GET', headers: { 'content-type': 'application/json' }, body: e.body ? JSON.stringify(e.body()) : undefined });
      if (r.status >= 300) throw new Error(`baseline ${e.name}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
      statementCounts[e.name].baseline = e.method === 'POST' ? (await baseline.ask({ cmd: 'stats' })).createStatements : fixtures.statements[e.name].length;
    }

    // 4. load, alternately; the profile (5) between the main endpoints and the reports, whose long requests would
    // otherwise still be running in our server while it is profiled
    const results = [];
    let profile = null;
    const slow = (e) => e.name.startsWith('report');
    for (const e of [...ENDPOINTS.filter((x) => !slow(x)), null, ...ENDPOINTS.filter(slow)]) {
      if (e === null) {
        if (o.profile) profile = await profileBoth(ours, baseline, ENDPOINTS.filter((x) => ['list-client', 'list-all', 'show', 'create'].includes(x.name) && !x.unavailable), o);
        continue;
      }
      if (e.unavailable) {
        results.push({ name: e.name, title: e.title, unavailable: e.unavailable });
        continue;
      }
      // a run lasts long enough for a few of the slowest requests, which may take as long as they need
      let seconds = o.duration;
      if (e.single > 1000) {
        e.timeout = Math.ceil((e.single * 4) / 1000);
        seconds = Math.max(o.duration, Math.ceil((e.single * 3) / 1000));
      }
      for (const s of [ours, baseline]) await cannon(s.url, e, e.single > 1000 ? 1 : 2, o.connections); // warm up
      const runs = { ours: [], baseline: [] };
      for (let r = 0; r < o.rounds; r++) {
        const order = r % 2 === 0 ? [['ours', ours], ['baseline', baseline]] : [['baseline', baseline], ['ours', ours]];
        for (const [name, s] of order) runs[name].push(await measure(s, e, seconds, o.connections, postmasterPid));
      }
      const agg = (list) => {
        const req = list.reduce((a, x) => a + x.requests, 0);
        const mean = (k) => list.reduce((a, x) => a + x[k], 0) / list.length;
        return {
          rps: round(mean('rps'), e.single > 1000 ? 2 : 1), p50: round(mean('p50'), 2), p99: round(mean('p99'), 2), requests: req, errors: list.reduce((a, x) => a + x.errors, 0),
          serverCpuUsPerReq: req ? round(list.reduce((a, x) => a + x.serverCpuUs, 0) / req, 0) : null,
          dbCpuUsPerReq: req && list[0].dbCpuUs !== null ? round(list.reduce((a, x) => a + x.dbCpuUs, 0) / req, 0) : null,
          rounds: list.map((x) => round(x.rps, 2)),
        };
      };
      const row = {
        name: e.name, title: e.title, target: e.target ?? null, connections: e.connections ?? o.connections, seconds, singleRequestMs: e.single,
        ours: agg(runs.ours), baseline: agg(runs.baseline), statements: statementCounts[e.name],
      };
      row.ratio = round(row.ours.rps / row.baseline.rps, 2);
      results.push(row);
      console.log(line(row));
    }

    // 6. one request at a time: the latency a user sees when the server is not loaded
    const latency = [];
    if (o.single > 0) {
      const listPath = (clientId) => `/api/incidents?filter=${enc(JSON.stringify({ clientId }))}&range=${enc('[0,24]')}`;
      const cases = [
        { name: 'list-client-typical', title: `Incident list, a typical client (${typical.n.toLocaleString('en')} incidents, the median), page 1`, paths: [listPath(typical.client_id)] },
        { name: 'list-client', title: `Incident list, the largest client (${big.n.toLocaleString('en')} incidents), page 1`, paths: [listPath(big.client_id)] },
        { name: 'list-all', title: 'Incident list, all clients (manager), page 1', paths: [`/api/incidents?range=${enc('[0,24]')}`] },
        { name: 'show', title: 'Incident show', paths: ids.map((id) => `/api/incidents/${id}`) },
      ].filter((c) => !o.only || o.only.includes(c.name) || (c.name === 'list-client-typical' && o.only.includes('list-client')));
      console.log(`one request at a time (${o.single} s per server and endpoint)`);
      await new Promise((r) => setTimeout(r, 2000)); // a report's last requests finish first
      for (const c of cases) {
        const row = { name: c.name, title: c.title };
        for (const [name, s] of [['ours', ours], ['baseline', baseline]]) row[name] = await oneAtATime(s.url, c.paths, auth, o.single);
        latency.push(row);
        console.log(`  ${c.name.padEnd(20)} ours p50 ${row.ours.p50} p90 ${row.ours.p90} ms   baseline p50 ${row.baseline.p50} p90 ${row.baseline.p90} ms`);
      }
    }

    const report = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version, postgres: pgVersion, loadAverage: os.loadavg().map((x) => round(x, 2)) },
      dataset: { database: o.database, clients: o.clients, incidents: o.incidents, counts, bigClientIncidents: big.n },
      settings: { connections: o.connections, seconds: o.duration, rounds: o.rounds },
      endpoints: results,
      latency,
      profile,
    };
    mkdirSync(o.out, { recursive: true });
    if (!o.only) {
      writeFileSync(join(o.out, 'results.json'), JSON.stringify(report, null, 2) + '\n');
      writeFileSync(join(o.out, 'RESULTS.md'), markdown(report));
      console.log(`\nwrote ${join(o.out, 'results.json')} and RESULTS.md`);
    } else {
      console.log('\n(--only: results not written)');
    }
    console.log('\n' + table(report));
    const missing = results.filter((r) => r.unavailable);
    if (missing.length) console.log(`\nNot measured: ${missing.map((r) => `${r.name} (${r.unavailable})`).join('; ')}`);
  } finally {
    await cleanup();
  }
}

/**
 * Requests one after the other on one kept-alive connection for `seconds` (after 100 to warm up): the latency of each,
 * timed in this process from the request's start to its body's end, as percentiles in milliseconds.
 */
async function oneAtATime(base, paths, headers, seconds) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path) => new Promise((res, rej) => {
    const r = http.request({ host: url.hostname, port: url.port, path, headers, agent }, (resp) => {
      resp.on('data', () => undefined);
      resp.on('end', () => (resp.statusCode === 200 ? res() : rej(new Error(`${path}: ${resp.statusCode}`))));
    });
    r.on('error', rej);
    r.end();
  });
  try {
    let k = 0;
    for (let i = 0; i < 100; i++) await get(paths[k++ % paths.length]);
    const times = [];
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const t0 = process.hrtime.bigint();
      await get(paths[k++ % paths.length]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const at = (q) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))], 2);
    return { requests: times.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: round(times.reduce((a, b) => a + b, 0) / times.length, 2) };
  } finally {
    agent.destroy();
  }
}

/**
 * V8's CPU profile of each server (ours, then the baseline) while it serves each of the given endpoints alone,
 * summarised per endpoint: CPU per request by part (library, Node.js subsystem, garbage collection) and the heaviest
 * functions.
 */
async function profileBoth(ours, baseline, endpoints, o) {
  const dir = join(ROOT, 'bench/.data/profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`profiling both servers (V8 CPU profiler) on ${endpoints.map((e) => e.name).join(', ')}`);
  const out = { endpoints: {} };
  for (const e of endpoints) {
    out.endpoints[e.name] = {};
    for (const [name, s] of [['ours', ours], ['baseline', baseline]]) {
      const file = join(dir, `${name}-${e.name}.cpuprofile`);
      await s.ask({ cmd: 'profile-start' });
      const served = (await cannon(s.url, e, o.duration, o.connections))['2xx'];
      await s.ask({ cmd: 'profile-stop', file }, 60_000);
      const sum = { requests: served, ...summariseProfile(file, served) };
      out.endpoints[e.name][name] = sum;
      console.log(`  ${e.name} ${name}: ${sum.usPerRequest} µs of CPU per request (profiler on): ${sum.categories.slice(0, 6).map((c) => `${c.name} ${c.usPerRequest}`).join(', ')}`);
    }
  }
  return out;
}

const round = (x, d) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

function line(r) {
  return `  ${r.name.padEnd(14)} ours ${String(r.ours.rps).padStart(8)} req/s  baseline ${String(r.baseline.rps).padStart(8)} req/s  ratio ${r.ratio}`;
}

function table(report) {
  const rows = [['endpoint', 'ours req/s', 'baseline req/s', 'ours/baseline', 'ours p50/p99 ms', 'baseline p50/p99 ms', 'ours CPU µs/req (node+db)', 'baseline CPU µs/req (node+db)']];
  for (const r of report.endpoints) {
    if (r.unavailable) {
      rows.push([r.name, 'n/a', 'n/a', 'n/a', '', '', '', '']);
      continue;
    }
    const cpu = (x) => `${x.serverCpuUsPerReq}${x.dbCpuUsPerReq === null ? '' : ` + ${x.dbCpuUsPerReq}`}`;
    rows.push([r.name, String(r.ours.rps), String(r.baseline.rps), `${r.ratio}${r.target ? (r.ratio >= r.target ? ' ✓' : ' ✗') : ''}`,
      `${r.ours.p50} / ${r.ours.p99}`, `${r.baseline.p50} / ${r.baseline.p99}`, cpu(r.ours), cpu(r.baseline)]);
  }
  const w = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  return rows.map((r, i) => r.map((c, k) => (k === 0 ? c.padEnd(w[k]) : c.padStart(w[k]))).join('  ') + (i === 0 ? '\n' + w.map((n) => '-'.repeat(n)).join('  ') : '')).join('\n');
}

function markdown(report) {
  const d = report.dataset;
  const out = [
    '# Benchmark: our server against a bare `http` + `pg` baseline',
    '',
    `Generated by \`npm run bench\` on ${report.generatedAt.slice(0, 10)} (${report.machine.cpus} cores, ${report.machine.cpuModel}, Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}; load average at the end ${report.machine.loadAverage.join(' / ')}).`,
    `Data set \`${d.database}\`: ${d.counts.incidents.toLocaleString('en')} incidents of ${d.counts.clients.toLocaleString('en')} clients, ${d.counts.tasks.toLocaleString('en')} tasks, ${d.counts.timeline_entries.toLocaleString('en')} timeline entries, ${d.counts.obligations.toLocaleString('en')} obligations, ${d.counts.communications.toLocaleString('en')} communications (\`npm run seed:scale\`).`,
    `autocannon, ${report.settings.connections} connections (firm-wide report: 1), ${report.settings.seconds} s per run (at least three times a single request of the endpoint), ${report.settings.rounds} rounds per server taken alternately; figures are the means of the rounds. "single" is one request alone on our server, before the load.`,
    'CPU per request: the server process (process.cpuUsage over IPC) + the PostgreSQL backends (/proc), in microseconds.',
    '',
    '| endpoint | ours req/s | baseline req/s | ours / baseline | ours p50 / p99 ms | baseline p50 / p99 ms | single ms | ours CPU µs/req (node + db) | baseline CPU µs/req (node + db) | SQL statements per request (ours, of which transaction and scope / baseline) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.endpoints) {
    if (r.unavailable) {
      out.push(`| ${r.title} | – | – | – | | | | | | not measured: ${r.unavailable} |`);
      continue;
    }
    const cpu = (x) => `${x.serverCpuUsPerReq}${x.dbCpuUsPerReq === null ? '' : ` + ${x.dbCpuUsPerReq}`}`;
    const verdict = r.target ? (r.ratio >= r.target ? ` (target ${r.target} ✓)` : ` (target ${r.target} ✗)`) : '';
    const st = r.statements ? `${r.statements.ours}, ${r.statements.scope} / ${r.statements.baseline}` : '';
    out.push(`| ${r.title} | ${r.ours.rps} | ${r.baseline.rps} | **${r.ratio}**${verdict} | ${r.ours.p50} / ${r.ours.p99} | ${r.baseline.p50} / ${r.baseline.p99} | ${r.singleRequestMs} | ${cpu(r.ours)} | ${cpu(r.baseline)} | ${st} |`);
  }
  if (report.latency?.length) {
    out.push('', '## One request at a time', '',
      'No load: requests one after the other on one kept-alive connection, timed by the benchmark from the start of each request to the end of its body; milliseconds.',
      '', '| endpoint | ours p50 | ours p90 | ours p99 | baseline p50 | baseline p90 | baseline p99 | requests (ours / baseline) |', '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...report.latency.map((r) => `| ${r.title} | **${r.ours.p50}** | ${r.ours.p90} | ${r.ours.p99} | ${r.baseline.p50} | ${r.baseline.p90} | ${r.baseline.p99} | ${r.ours.requests.toLocaleString('en')} / ${r.baseline.requests.toLocaleString('en')} |`));
  }
  if (report.profile?.endpoints) {
    out.push('', '## Where the CPU time of each server goes (V8\'s CPU profiler)', '',
      'V8\'s CPU profiler (the one behind `node --cpu-prof`), started and stopped over the inspector around a load of one endpoint at a time, sampling every 200 µs, in our server and in the baseline; microseconds of CPU per request by part (a library, a part of Node.js, garbage collection; idle left out). The profiler itself adds to both.');
    for (const [name, p] of Object.entries(report.profile.endpoints)) {
      if (!p.ours || !p.baseline) continue;
      const parts = [...new Set([...p.ours.categories.slice(0, 12), ...p.baseline.categories.slice(0, 6)].map((c) => c.name))];
      const of = (x, part) => x.categories.find((c) => c.name === part)?.usPerRequest ?? '';
      out.push('', `### ${name}: ours ${p.ours.usPerRequest} µs, baseline ${p.baseline.usPerRequest} µs per request`, '', '| part | ours µs | baseline µs |', '|---|---:|---:|',
        ...parts.map((part) => `| ${part} | ${of(p.ours, part)} | ${of(p.baseline, part)} |`),
        '', 'Heaviest functions of ours (self time):', '', '| function | where | share |', '|---|---|---:|',
        ...p.ours.functions.slice(0, 12).map((f) => `| \`${f.name}\` | ${f.where} | ${f.percent} % |`));
    }
  }
  const notes = join(__dirname, 'notes.md');
  if (existsSync(notes)) out.push('', readFileSync(notes, 'utf8').trim());
  return out.join('\n') + '\n';
}

// ------------------------------------------------------------------------------------------------------------------
// profile summary

function categorise(url) {
  if (!url) return null;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1];
  if (url.includes('/server/dist/')) return 'our server code (server/dist)';
  if (url.includes('/bench/')) return 'the baseline\'s own code (bench/baseline.js)';
  if (url.includes('/shared/dist/')) return 'shared rules (shared/dist)';
  if (url.startsWith('node:')) return `Node.js (${url.slice(5).split('/')[0].replace(/^internal$/, url.slice(5).split('/')[1] ?? 'internal')})`;
  return 'other';
}

function summariseProfile(file, requests) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i + 1] ?? 0;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  // a function without a script (native, GC, the engine itself) is charged to its nearest caller that has one
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owner = (id) => {
    for (let n = byId.get(id); n; n = byId.get(parent.get(n.id))) if (n.callFrame.url) return n;
    return null;
  };
  const cats = new Map();
  const fns = new Map();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const fn = n.callFrame.functionName;
    if (fn === '(idle)') continue;
    busy += us;
    let cat;
    if (fn === '(garbage collector)') cat = 'garbage collection';
    else if (fn === '(program)') cat = 'V8 / native (program)';
    else {
      const o = n.callFrame.url ? n : owner(id);
      cat = (o && categorise(o.callFrame.url)) || 'V8 / native (program)';
    }
    cats.set(cat, (cats.get(cat) ?? 0) + us);
    const where = n.callFrame.url ? `${categorise(n.callFrame.url)}: ${n.callFrame.url.replace(/^.*\/(node_modules|server\/dist|shared\/dist)\//, '$1/').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}` : '(native)';
    const key = `${fn || '(anonymous)'}|${where}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us) => round((100 * us) / busy, 1);
  return {
    busyMs: round(busy / 1000, 0),
    usPerRequest: round(busy / Math.max(1, requests), 0),
    categories: [...cats].sort((a, b) => b[1] - a[1]).slice(0, 18).map(([name, us]) => ({ name, percent: pct(us), usPerRequest: round(us / Math.max(1, requests), 1) })),
    functions: [...fns].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, us]) => ({ name: k.split('|')[0], where: k.split('|')[1], percent: pct(us) })),
  };
}

module.exports = { summariseProfile, waitForHealth };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
